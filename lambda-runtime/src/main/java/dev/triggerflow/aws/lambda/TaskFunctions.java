package dev.triggerflow.aws.lambda;

import dev.triggerflow.api.Names;
import dev.triggerflow.deployment.AwsContract;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which Lambda function runs each task: an explicit function per task name, and a default function
 * for the rest. Read from {@link AwsContract#ENV_TASK_FUNCTIONS} ({@code name=function} pairs
 * separated by commas) and {@link AwsContract#ENV_DEFAULT_TASK_FUNCTION}.
 *
 * <p>Some tasks are foreign ({@link AwsContract#ENV_FOREIGN_TASKS}): existing functions that know
 * nothing of the engine, invoked with the call's input and reporting through Lambda Destinations.
 * Each must have its own function in the explicit list, since the default function runs the
 * engine's own tasks.
 */
public final class TaskFunctions {
  private static final TaskFunctions NONE = new TaskFunctions(Map.of(), null, Set.of());

  private final Map<String, String> byTask;
  private final String defaultFunction;
  private final Set<String> foreign;

  private TaskFunctions(Map<String, String> byTask, String defaultFunction, Set<String> foreign) {
    this.byTask = Collections.unmodifiableMap(new LinkedHashMap<>(byTask));
    this.defaultFunction = defaultFunction;
    this.foreign = Collections.unmodifiableSet(new LinkedHashSet<>(foreign));
  }

  /** No task functions at all: for processes that never start tasks, such as clients. */
  public static TaskFunctions none() {
    return NONE;
  }

  /** Explicit functions per task, and a default function (may be null). */
  public static TaskFunctions of(Map<String, String> byTask, String defaultFunction) {
    return of(byTask, defaultFunction, Set.of());
  }

  /**
   * Explicit functions per task, a default function (may be null), and the tasks that are foreign.
   *
   * @throws IllegalArgumentException if a name is invalid or a foreign task has no function of its
   *     own
   */
  public static TaskFunctions of(
      Map<String, String> byTask, String defaultFunction, Set<String> foreign) {
    byTask.forEach(
        (task, fn) -> {
          Names.requireValid("task name", task);
          requireFunction(fn, "function of task '" + task + "'");
        });
    if (defaultFunction != null) {
      requireFunction(defaultFunction, "default task function");
    }
    for (String task : foreign) {
      Names.requireValid("foreign task name", task);
      if (!byTask.containsKey(task)) {
        throw new IllegalArgumentException(
            AwsContract.ENV_FOREIGN_TASKS
                + " names task '"
                + task
                + "', which has no function in "
                + AwsContract.ENV_TASK_FUNCTIONS
                + "; a foreign task runs on a function of its own");
      }
    }
    return new TaskFunctions(byTask, defaultFunction, foreign);
  }

  /**
   * Parses the two environment variables.
   *
   * @param pairs the value of {@link AwsContract#ENV_TASK_FUNCTIONS}, or null
   * @param defaultFunction the value of {@link AwsContract#ENV_DEFAULT_TASK_FUNCTION}, or null
   * @throws IllegalArgumentException naming the malformed pair
   */
  public static TaskFunctions parse(String pairs, String defaultFunction) {
    return parse(pairs, defaultFunction, null);
  }

  /**
   * Parses the three environment variables.
   *
   * @param pairs the value of {@link AwsContract#ENV_TASK_FUNCTIONS}, or null
   * @param defaultFunction the value of {@link AwsContract#ENV_DEFAULT_TASK_FUNCTION}, or null
   * @param foreignTasks the value of {@link AwsContract#ENV_FOREIGN_TASKS} (task names separated by
   *     commas), or null
   * @throws IllegalArgumentException naming the malformed pair or name
   */
  public static TaskFunctions parse(String pairs, String defaultFunction, String foreignTasks) {
    Map<String, String> byTask = new LinkedHashMap<>();
    if (pairs != null && !pairs.isBlank()) {
      for (String pair : pairs.split(",", -1)) {
        String item = pair.trim();
        int eq = item.indexOf('=');
        if (eq <= 0 || eq == item.length() - 1) {
          throw new IllegalArgumentException(
              AwsContract.ENV_TASK_FUNCTIONS
                  + " must be 'task=function' pairs separated by commas; '"
                  + item
                  + "' is not such a pair");
        }
        String task = item.substring(0, eq).trim();
        String fn = item.substring(eq + 1).trim();
        if (byTask.putIfAbsent(task, fn) != null) {
          throw new IllegalArgumentException(
              AwsContract.ENV_TASK_FUNCTIONS + " names task '" + task + "' twice");
        }
      }
    }
    String fallback =
        defaultFunction == null || defaultFunction.isBlank() ? null : defaultFunction.trim();
    Set<String> foreign = new LinkedHashSet<>();
    if (foreignTasks != null && !foreignTasks.isBlank()) {
      for (String name : foreignTasks.split(",", -1)) {
        if (!name.isBlank()) {
          foreign.add(name.trim());
        }
      }
    }
    return of(byTask, fallback, foreign);
  }

  /** The function that runs {@code task}, if any is configured. */
  public Optional<String> functionFor(String task) {
    String fn = byTask.get(task);
    return Optional.ofNullable(fn != null ? fn : defaultFunction);
  }

  /** The explicit functions per task. */
  public Map<String, String> byTask() {
    return byTask;
  }

  /** Whether {@code task} is foreign: invoked with its input, reporting through destinations. */
  public boolean isForeign(String task) {
    return foreign.contains(task);
  }

  /** The foreign tasks. */
  public Set<String> foreignTasks() {
    return foreign;
  }

  /** The default function, if configured. */
  public Optional<String> defaultFunction() {
    return Optional.ofNullable(defaultFunction);
  }

  private static void requireFunction(String fn, String what) {
    if (fn == null || fn.isBlank() || fn.chars().anyMatch(c -> c <= ' ' || c == ',' || c == '=')) {
      throw new IllegalArgumentException(
          what + " '" + fn + "' is not a Lambda function name or ARN");
    }
  }

  @Override
  public String toString() {
    return "TaskFunctions"
        + byTask
        + (defaultFunction == null ? "" : " default " + defaultFunction)
        + (foreign.isEmpty() ? "" : " foreign " + foreign);
  }
}

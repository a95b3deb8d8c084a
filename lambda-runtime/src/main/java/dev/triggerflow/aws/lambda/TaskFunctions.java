package dev.triggerflow.aws.lambda;

import dev.triggerflow.api.Names;
import dev.triggerflow.deployment.AwsContract;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which Lambda function runs each task: an explicit function per task name, and a default function
 * for the rest. Read from {@link AwsContract#ENV_TASK_FUNCTIONS} ({@code name=function} pairs
 * separated by commas) and {@link AwsContract#ENV_DEFAULT_TASK_FUNCTION}.
 */
public final class TaskFunctions {
  private static final TaskFunctions NONE = new TaskFunctions(Map.of(), null);

  private final Map<String, String> byTask;
  private final String defaultFunction;

  private TaskFunctions(Map<String, String> byTask, String defaultFunction) {
    this.byTask = Collections.unmodifiableMap(new LinkedHashMap<>(byTask));
    this.defaultFunction = defaultFunction;
  }

  /** No task functions at all: for processes that never start tasks, such as clients. */
  public static TaskFunctions none() {
    return NONE;
  }

  /** Explicit functions per task, and a default function (may be null). */
  public static TaskFunctions of(Map<String, String> byTask, String defaultFunction) {
    byTask.forEach(
        (task, fn) -> {
          Names.requireValid("task name", task);
          requireFunction(fn, "function of task '" + task + "'");
        });
    if (defaultFunction != null) {
      requireFunction(defaultFunction, "default task function");
    }
    return new TaskFunctions(byTask, defaultFunction);
  }

  /**
   * Parses the two environment variables.
   *
   * @param pairs the value of {@link AwsContract#ENV_TASK_FUNCTIONS}, or null
   * @param defaultFunction the value of {@link AwsContract#ENV_DEFAULT_TASK_FUNCTION}, or null
   * @throws IllegalArgumentException naming the malformed pair
   */
  public static TaskFunctions parse(String pairs, String defaultFunction) {
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
    return of(byTask, fallback);
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
        + (defaultFunction == null ? "" : " default " + defaultFunction);
  }
}

package dev.triggerflow.cdk;

import dev.triggerflow.deployment.AwsContract;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awscdk.IStringProducer;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.lambda.Function;

/**
 * Which function runs each task (the task map, the default task function, the foreign tasks), set
 * alike on every function that starts tasks, and an estimate of the size of each such function's
 * whole environment.
 *
 * <p>Two functions start tasks: the orchestrator, for workflows as code, and the trigger function,
 * which starts the steps of native workflows, since those have no orchestrator. Their variables
 * grow as tasks are added. Lambda refuses an environment over 4 KB, names and values together, but
 * only at deploy time; the estimate turns that into a synth error that says what to change.
 *
 * <p>A value known at synth time counts at its length. A value CloudFormation fills in at deploy
 * time counts at an estimate of its longest likely form, given where it is set.
 */
final class TaskRoutingEnvironment {
  /** Lambda's limit on a function's environment, names and values together. */
  static final int LIMIT_BYTES = 4 * 1024;

  /**
   * A name CloudFormation or CDK generates from the stack name, the construct's path and a suffix:
   * 128 bytes covers a stack name of about 80 characters.
   */
  static final int GENERATED_NAME = 128;

  /** The longest name Lambda and IAM allow for a function or a role. */
  static final int FUNCTION_OR_ROLE_NAME = 64;

  /** The longest name S3 allows for a bucket. */
  static final int BUCKET_NAME = 63;

  /**
   * The longest prefix of an ARN: the longest partition ({@code aws-us-gov}), a six-letter service,
   * a region name of fourteen characters and the account, with their separators.
   */
  static final int ARN_PREFIX = "arn:aws-us-gov:lambda:ap-southeast-7:123456789012:".length();

  /** A task function as the task map names it: its name qualified with the alias. */
  static final int QUALIFIED_FUNCTION_NAME =
      FUNCTION_OR_ROLE_NAME + 1 + EngineFunction.ALIAS.length();

  /** A function's ARN, qualified with an alias. */
  static final int FUNCTION_ARN = ARN_PREFIX + "function:".length() + QUALIFIED_FUNCTION_NAME;

  /** A function that starts tasks, and the size of the variables it has besides these. */
  private record Starter(String label, Function function, int fixedBytes) {}

  private final List<Starter> starters = new ArrayList<>();
  private final Map<String, String> taskMap = new LinkedHashMap<>();
  private final Map<String, Integer> taskMapBytes = new LinkedHashMap<>();
  private final List<String> foreignTasks = new ArrayList<>();
  private String defaultTaskFunction;

  // Read when the template is written, so that tasks added after a function is set up count too.
  private final String taskMapValue = Lazy.uncachedString((IStringProducer) ctx -> taskMapValue());
  private final String foreignTasksValue =
      Lazy.uncachedString((IStringProducer) ctx -> String.join(",", foreignTasks));

  /**
   * Gives a function that starts tasks the task routing, now and as tasks are added, and tracks the
   * size of its environment.
   *
   * @param label how a size error names the function
   * @param initial the variables the function was created with
   * @param deployTimeBytes the estimated size of each initial value CloudFormation fills in
   * @throws IllegalStateException when a value is filled in at deploy time and has no estimate
   */
  void addStarter(
      String label,
      Function function,
      Map<String, String> initial,
      Map<String, Integer> deployTimeBytes) {
    Starter starter = new Starter(label, function, bytesOf(initial, deployTimeBytes));
    starters.add(starter);
    if (!taskMap.isEmpty()) {
      function.addEnvironment(AwsContract.ENV_TASK_FUNCTIONS, taskMapValue);
    }
    if (!foreignTasks.isEmpty()) {
      function.addEnvironment(AwsContract.ENV_FOREIGN_TASKS, foreignTasksValue);
    }
    if (defaultTaskFunction != null) {
      function.addEnvironment(AwsContract.ENV_DEFAULT_TASK_FUNCTION, defaultTaskFunction);
    }
  }

  private static int bytesOf(Map<String, String> variables, Map<String, Integer> deployTimeBytes) {
    int bytes = 0;
    for (Map.Entry<String, String> variable : variables.entrySet()) {
      bytes += variable.getKey().length();
      if (!Token.isUnresolved(variable.getValue())) {
        bytes += variable.getValue().length();
      } else if (deployTimeBytes.containsKey(variable.getKey())) {
        bytes += deployTimeBytes.get(variable.getKey());
      } else {
        throw new IllegalStateException(
            "no size estimate for " + variable.getKey() + ", which is set at deploy time");
      }
    }
    return bytes;
  }

  /** Whether a task is already mapped to a function. */
  boolean isMapped(String task) {
    return taskMap.containsKey(task);
  }

  /** Maps a task to a Java task function, named by its qualified name. */
  void mapTask(String task, String qualifiedFunctionName) {
    map(task, qualifiedFunctionName, QUALIFIED_FUNCTION_NAME);
  }

  /**
   * Maps a task to a foreign function, named by its ARN, and lists the task as foreign. The runtime
   * requires both: a foreign task is invoked on the function the task map names for it, and never
   * on the default task function, which runs the engine's own tasks.
   */
  void mapForeignTask(String task, String functionArn) {
    map(task, functionArn, FUNCTION_ARN);
    if (foreignTasks.isEmpty()) {
      starters.forEach(
          s -> s.function().addEnvironment(AwsContract.ENV_FOREIGN_TASKS, foreignTasksValue));
    }
    foreignTasks.add(task);
  }

  /** Names the function that runs tasks no function lists. */
  void setDefaultTaskFunction(String qualifiedFunctionName) {
    defaultTaskFunction = qualifiedFunctionName;
    starters.forEach(
        s ->
            s.function()
                .addEnvironment(AwsContract.ENV_DEFAULT_TASK_FUNCTION, qualifiedFunctionName));
  }

  private void map(String task, String function, int functionBytes) {
    if (taskMap.isEmpty()) {
      starters.forEach(
          s -> s.function().addEnvironment(AwsContract.ENV_TASK_FUNCTIONS, taskMapValue));
    }
    taskMap.put(task, function);
    // The task, "=", the function and the "," before the next entry.
    taskMapBytes.put(task, task.length() + 1 + functionBytes + 1);
  }

  private String taskMapValue() {
    return taskMap.entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(","));
  }

  /** The estimated size of the task routing's variables, names and values, in bytes. */
  int routingBytes() {
    int bytes = 0;
    if (defaultTaskFunction != null) {
      bytes += AwsContract.ENV_DEFAULT_TASK_FUNCTION.length() + QUALIFIED_FUNCTION_NAME;
    }
    if (!taskMap.isEmpty()) {
      bytes += AwsContract.ENV_TASK_FUNCTIONS.length();
      bytes += taskMapBytes.values().stream().mapToInt(Integer::intValue).sum();
    }
    if (!foreignTasks.isEmpty()) {
      bytes += AwsContract.ENV_FOREIGN_TASKS.length();
      bytes += foreignTasks.stream().mapToInt(task -> task.length() + 1).sum();
    }
    return bytes;
  }

  /**
   * The estimated size of a function's whole environment, in bytes.
   *
   * @throws IllegalArgumentException if the function does not start tasks
   */
  int estimatedBytes(Function function) {
    return starters.stream()
        .filter(s -> s.function() == function)
        .findFirst()
        .map(s -> s.fixedBytes() + routingBytes())
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    function.getNode().getPath() + " is not a function that starts tasks"));
  }

  /** The synth errors: one for each function whose environment may not fit. */
  List<String> sizeErrors() {
    List<String> errors = new ArrayList<>();
    for (Starter starter : starters) {
      int estimate = starter.fixedBytes() + routingBytes();
      if (estimate > LIMIT_BYTES) {
        errors.add(
            "the "
                + starter.label()
                + "'s environment may exceed Lambda's 4 KB (estimated "
                + estimate
                + " bytes, with a task map of "
                + taskMap.size()
                + " tasks); let more tasks share a function, or give one function"
                + " defaultFunction(true) and leave its tasks unmapped");
      }
    }
    return errors;
  }
}

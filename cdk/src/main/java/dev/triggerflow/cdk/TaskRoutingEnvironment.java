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
 * The part of the orchestrator's environment that grows as tasks are added (which function runs
 * each task, the default task function, which tasks are foreign), and an estimate of the size of
 * the whole environment. Lambda refuses an environment over 4 KB, names and values together, but
 * only at deploy time; the estimate turns that into a synth error that says what to change.
 *
 * <p>A value known at synth time counts at its length. A value CloudFormation fills in at deploy
 * time counts at an estimate of its longest likely form, given where it is set.
 */
final class OrchestratorEnvironment {
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

  private final Function function;
  private final int fixedBytes;
  private final Map<String, String> taskMap = new LinkedHashMap<>();
  private final Map<String, Integer> taskMapBytes = new LinkedHashMap<>();
  private final List<String> foreignTasks = new ArrayList<>();
  private int defaultTaskFunctionBytes;

  /**
   * Tracks the orchestrator's environment.
   *
   * @param initial the variables the orchestrator was created with
   * @param deployTimeBytes the estimated size of each initial value CloudFormation fills in
   * @throws IllegalStateException when a value is filled in at deploy time and has no estimate
   */
  OrchestratorEnvironment(
      Function function, Map<String, String> initial, Map<String, Integer> deployTimeBytes) {
    this.function = function;
    int bytes = 0;
    for (Map.Entry<String, String> variable : initial.entrySet()) {
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
    this.fixedBytes = bytes;
  }

  /** Whether a task is already mapped to a function. */
  boolean isMapped(String task) {
    return taskMap.containsKey(task);
  }

  /** Maps a task to a Java task function, named by its qualified name. */
  void mapTask(String task, String qualifiedFunctionName) {
    map(task, qualifiedFunctionName, QUALIFIED_FUNCTION_NAME);
  }

  /** Maps a task to a foreign function, named by its ARN, and lists the task as foreign. */
  void mapForeignTask(String task, String functionArn) {
    map(task, functionArn, FUNCTION_ARN);
    if (foreignTasks.isEmpty()) {
      function.addEnvironment(
          AwsContract.ENV_FOREIGN_TASKS,
          Lazy.uncachedString((IStringProducer) ctx -> String.join(",", foreignTasks)));
    }
    foreignTasks.add(task);
  }

  /** Names the function that runs tasks no function lists. */
  void setDefaultTaskFunction(String qualifiedFunctionName) {
    function.addEnvironment(AwsContract.ENV_DEFAULT_TASK_FUNCTION, qualifiedFunctionName);
    defaultTaskFunctionBytes =
        AwsContract.ENV_DEFAULT_TASK_FUNCTION.length() + QUALIFIED_FUNCTION_NAME;
  }

  private void map(String task, String function, int functionBytes) {
    if (taskMap.isEmpty()) {
      // Read when the template is written, so that tasks added after this call are included.
      this.function.addEnvironment(
          AwsContract.ENV_TASK_FUNCTIONS,
          Lazy.uncachedString((IStringProducer) ctx -> taskMapValue()));
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

  /** The estimated size of the whole environment, in bytes. */
  int estimatedBytes() {
    int bytes = fixedBytes + defaultTaskFunctionBytes;
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

  /** The synth errors: none, or one when the environment may not fit. */
  List<String> sizeErrors() {
    int estimate = estimatedBytes();
    if (estimate <= LIMIT_BYTES) {
      return List.of();
    }
    return List.of(
        "the orchestrator's environment may exceed Lambda's 4 KB (estimated "
            + estimate
            + " bytes, with a task map of "
            + taskMap.size()
            + " tasks); let more tasks share a function, or give one function"
            + " defaultFunction(true) and leave its tasks unmapped");
  }
}

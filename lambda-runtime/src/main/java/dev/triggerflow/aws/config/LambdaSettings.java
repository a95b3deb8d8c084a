package dev.triggerflow.aws.config;

import dev.triggerflow.aws.lambda.TaskFunctions;
import dev.triggerflow.deployment.AwsContract;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The settings a function reads from its environment (names in {@link AwsContract}). Every setting
 * is optional here because each function needs only some of them; a component that needs one asks
 * with {@link #require}, which fails with a message naming the variable.
 *
 * @param environment the environment the settings were read from
 * @param eventBus the event bus name, or null
 * @param orchestratorFunction the orchestrator function's name or ARN, or null
 * @param taskFunctions which function runs each task
 * @param payloadBucket the bucket for large payloads, or null to keep every payload inline
 * @param payloadThresholdBytes the size above which a payload goes to the bucket
 */
public record LambdaSettings(
    Map<String, String> environment,
    String eventBus,
    String orchestratorFunction,
    TaskFunctions taskFunctions,
    String payloadBucket,
    int payloadThresholdBytes) {

  /**
   * The default payload threshold: a quarter of the smallest entry limit EventBridge has had (256
   * KB), which leaves room for the event's envelope and for several offloaded values in one entry.
   */
  public static final int DEFAULT_PAYLOAD_THRESHOLD_BYTES = 64 * 1024;

  /**
   * The largest threshold accepted: a payload of this size, plus the event around it, still fits a
   * 256 KB EventBridge entry and a 256 KB asynchronous Lambda invocation.
   */
  public static final int MAX_PAYLOAD_THRESHOLD_BYTES = 200 * 1024;

  private static final Pattern EVENT_BUS_ARN =
      Pattern.compile("arn:[^:\\s]+:events:[^:\\s]+:[^:\\s]+:event-bus/\\S+");

  public LambdaSettings {
    environment = Map.copyOf(environment);
    if (taskFunctions == null) {
      taskFunctions = TaskFunctions.none();
    }
    if (payloadThresholdBytes < 1 || payloadThresholdBytes > MAX_PAYLOAD_THRESHOLD_BYTES) {
      throw new ConfigurationException(
          AwsContract.ENV_PAYLOAD_THRESHOLD_BYTES
              + " must be between 1 and "
              + MAX_PAYLOAD_THRESHOLD_BYTES
              + " bytes, not "
              + payloadThresholdBytes);
    }
  }

  /**
   * Reads the settings from an environment.
   *
   * @throws ConfigurationException if a variable that is set is malformed
   */
  public static LambdaSettings fromEnvironment(Map<String, String> env) {
    TaskFunctions tasks;
    try {
      tasks =
          TaskFunctions.parse(
              env.get(AwsContract.ENV_TASK_FUNCTIONS),
              env.get(AwsContract.ENV_DEFAULT_TASK_FUNCTION),
              env.get(AwsContract.ENV_FOREIGN_TASKS));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(e.getMessage(), e);
    }
    return new LambdaSettings(
        env,
        blankToNull(env.get(AwsContract.ENV_EVENT_BUS)),
        blankToNull(env.get(AwsContract.ENV_ORCHESTRATOR_FUNCTION)),
        tasks,
        blankToNull(env.get(AwsContract.ENV_PAYLOAD_BUCKET)),
        threshold(env.get(AwsContract.ENV_PAYLOAD_THRESHOLD_BYTES)));
  }

  /**
   * The value of a variable that the caller cannot do without.
   *
   * @param purpose what needs it, for the message
   * @throws ConfigurationException naming the variable if it is not set
   */
  public String require(String variable, String purpose) {
    String value = blankToNull(environment.get(variable));
    if (value == null) {
      throw new ConfigurationException(
          "environment variable " + variable + " is not set; " + purpose + " needs it");
    }
    return value.trim();
  }

  /**
   * The event bus's ARN, which timer schedules target, if the environment names it ({@link
   * AwsContract#ENV_EVENT_BUS_ARN}).
   *
   * @throws ConfigurationException if the variable is set to something other than an event bus's
   *     ARN
   */
  public Optional<String> eventBusArn() {
    String arn = blankToNull(environment.get(AwsContract.ENV_EVENT_BUS_ARN));
    if (arn != null && !EVENT_BUS_ARN.matcher(arn).matches()) {
      throw new ConfigurationException(
          AwsContract.ENV_EVENT_BUS_ARN
              + " must be an event bus's ARN (arn:PARTITION:events:REGION:ACCOUNT:event-bus/NAME),"
              + " not '"
              + arn
              + "'");
    }
    return Optional.ofNullable(arn);
  }

  /** The AWS region the function runs in, if the environment names it. */
  public Optional<String> region() {
    return Optional.ofNullable(blankToNull(environment.get("AWS_REGION")));
  }

  private static int threshold(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_PAYLOAD_THRESHOLD_BYTES;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new ConfigurationException(
          AwsContract.ENV_PAYLOAD_THRESHOLD_BYTES
              + " must be a whole number of bytes, not '"
              + value
              + "'",
          e);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}

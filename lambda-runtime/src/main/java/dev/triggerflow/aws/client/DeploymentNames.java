package dev.triggerflow.aws.client;

import dev.triggerflow.client.ClientException;
import dev.triggerflow.deployment.AwsContract;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of a deployment's resources that a client needs: the tables it reads, the function it
 * wakes, the bucket that holds large payloads, and the bus.
 *
 * @param eventBus the event bus
 * @param runsTable the runs table
 * @param historyTable the history table
 * @param triggersTable the triggers table
 * @param deadLetterTable the dead-letter table
 * @param orchestratorFunction the orchestrator function's name or ARN
 * @param payloadBucket the payload bucket, or null if the deployment has none
 */
public record DeploymentNames(
    String eventBus,
    String runsTable,
    String historyTable,
    String triggersTable,
    String deadLetterTable,
    String orchestratorFunction,
    String payloadBucket) {

  public DeploymentNames {
    List<String> missing = new ArrayList<>();
    check(missing, "eventBus", eventBus);
    check(missing, "runsTable", runsTable);
    check(missing, "historyTable", historyTable);
    check(missing, "triggersTable", triggersTable);
    check(missing, "deadLetterTable", deadLetterTable);
    check(missing, "orchestratorFunction", orchestratorFunction);
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("deployment names lack " + String.join(", ", missing));
    }
  }

  /**
   * The names from a stack's outputs (keys in {@link AwsContract}, {@code OUTPUT_*}).
   *
   * @param stack the stack's name, for the message
   * @throws ClientException naming every output the stack lacks
   */
  public static DeploymentNames fromStackOutputs(String stack, Map<String, String> outputs) {
    List<String> missing = new ArrayList<>();
    String bus = output(outputs, AwsContract.OUTPUT_EVENT_BUS, missing);
    String runs = output(outputs, AwsContract.OUTPUT_RUNS_TABLE, missing);
    String history = output(outputs, AwsContract.OUTPUT_HISTORY_TABLE, missing);
    String triggers = output(outputs, AwsContract.OUTPUT_TRIGGERS_TABLE, missing);
    String deadLetters = output(outputs, AwsContract.OUTPUT_DEAD_LETTER_TABLE, missing);
    String orchestrator = output(outputs, AwsContract.OUTPUT_ORCHESTRATOR_FUNCTION, missing);
    if (!missing.isEmpty()) {
      throw new ClientException(
          "stack '"
              + stack
              + "' has no output "
              + String.join(", ", missing)
              + "; is it a Triggerflow deployment, and is it fully deployed?");
    }
    String bucket = outputs.get(AwsContract.OUTPUT_PAYLOAD_BUCKET);
    return new DeploymentNames(
        bus,
        runs,
        history,
        triggers,
        deadLetters,
        orchestrator,
        bucket == null || bucket.isBlank() ? null : bucket);
  }

  /** The names as the environment variables a function of the deployment reads. */
  public Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(AwsContract.ENV_EVENT_BUS, eventBus);
    env.put(AwsContract.ENV_RUNS_TABLE, runsTable);
    env.put(AwsContract.ENV_HISTORY_TABLE, historyTable);
    env.put(AwsContract.ENV_TRIGGERS_TABLE, triggersTable);
    env.put(AwsContract.ENV_DEAD_LETTER_TABLE, deadLetterTable);
    env.put(AwsContract.ENV_ORCHESTRATOR_FUNCTION, orchestratorFunction);
    if (payloadBucket != null) {
      env.put(AwsContract.ENV_PAYLOAD_BUCKET, payloadBucket);
    }
    return env;
  }

  private static String output(Map<String, String> outputs, String key, List<String> missing) {
    String value = outputs.get(key);
    if (value == null || value.isBlank()) {
      missing.add(key);
      return null;
    }
    return value;
  }

  private static void check(List<String> missing, String what, String value) {
    if (value == null || value.isBlank()) {
      missing.add(what);
    }
  }
}

package dev.triggerflow.spi;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A request to run one attempt of one call of a task.
 *
 * @param runId the calling run
 * @param task the registered task name
 * @param callId the call id
 * @param groupId the call group whose trigger counts the outcome (the first call of a map, or the
 *     call itself), or {@link dev.triggerflow.event.EngineEvents#DIRECT_GROUP} when no trigger
 *     counts it and the outcome goes to the run directly
 * @param attempt the attempt number, from 1
 * @param input the task's input
 */
public record TaskInvocation(
    String runId, String task, int callId, int groupId, int attempt, JsonNode input) {

  /** The key that is the same for every delivery of this attempt. */
  public String idempotencyKey() {
    return runId + "/c" + callId + "/a" + attempt;
  }
}

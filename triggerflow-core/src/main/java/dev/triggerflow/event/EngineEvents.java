package dev.triggerflow.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.json.Json;
import java.time.Instant;
import java.util.Map;

/**
 * The events the engine itself produces, and the one definition of how they are named, shared by
 * the embedded bus, the Lambda handlers and the CDK rule so the three cannot drift apart.
 */
public final class EngineEvents {
  /** The {@code source} of every engine event, and the EventBridge {@code Source}. */
  public static final String SOURCE = "triggerflow";

  /** Every engine event type starts with this; the EventBridge {@code DetailType} is the type. */
  public static final String TYPE_PREFIX = "triggerflow.";

  /** A task call returned a result. */
  public static final String TASK_SUCCEEDED = "triggerflow.task.succeeded";

  /** A task call threw. */
  public static final String TASK_FAILED = "triggerflow.task.failed";

  /** A run completed with a result. */
  public static final String RUN_COMPLETED = "triggerflow.run.completed";

  /** A run failed. */
  public static final String RUN_FAILED = "triggerflow.run.failed";

  /**
   * The EventBridge event pattern that selects engine events: the rule on AWS and the embedded bus
   * both match with exactly this text.
   */
  public static final String RULE_PATTERN =
      "{\"source\":[\"" + SOURCE + "\"],\"detail-type\":[{\"prefix\":\"" + TYPE_PREFIX + "\"}]}";

  private EngineEvents() {}

  /** The subject shared by every call of a call group: a single call, or all calls of a map. */
  public static String groupSubject(String runId, int groupId) {
    return runId + "/g" + groupId;
  }

  /**
   * The id of the result event of one attempt of one call. Success and failure share it, so the
   * first to arrive wins and the other is recognised as a duplicate.
   */
  public static String taskResultId(String runId, int callId, int attempt) {
    return runId + "/c" + callId + "/a" + attempt + "/result";
  }

  /** The event a task executor publishes when a call returns. */
  public static Event taskSucceeded(
      String runId, int groupId, int callId, int attempt, JsonNode result, Instant time) {
    ObjectNode data = Json.mapper().createObjectNode();
    data.set("result", result);
    return taskEvent(TASK_SUCCEEDED, runId, groupId, callId, attempt, data, time);
  }

  /** The event a task executor publishes when a call throws. */
  public static Event taskFailed(
      String runId,
      int groupId,
      int callId,
      int attempt,
      String errorType,
      String message,
      Instant time) {
    ObjectNode data = Json.mapper().createObjectNode();
    data.put("errorType", errorType);
    data.put("message", message == null ? "" : message);
    return taskEvent(TASK_FAILED, runId, groupId, callId, attempt, data, time);
  }

  private static Event taskEvent(
      String type,
      String runId,
      int groupId,
      int callId,
      int attempt,
      ObjectNode data,
      Instant time) {
    return new Event(
        taskResultId(runId, callId, attempt),
        SOURCE,
        type,
        groupSubject(runId, groupId),
        time,
        data,
        Map.of(
            Event.RUN_ID,
            runId,
            Event.CALL_ID,
            Integer.toString(callId),
            Event.ATTEMPT,
            Integer.toString(attempt)));
  }

  /** Whether the event is a task result. */
  public static boolean isTaskResult(Event event) {
    return TASK_SUCCEEDED.equals(event.type()) || TASK_FAILED.equals(event.type());
  }
}

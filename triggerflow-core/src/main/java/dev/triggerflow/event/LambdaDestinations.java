package dev.triggerflow.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.api.Names;
import dev.triggerflow.event.EventCodec.MalformedEventException;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.TaskInvocation;
import java.time.Instant;

/**
 * Task results that arrive as Lambda Destinations records rather than as engine events: the results
 * of foreign tasks (existing Lambda functions, in any language, used as tasks unchanged), and the
 * failures of the engine's own task functions that crashed or timed out before they could report.
 * Lambda puts such a record on the bus with {@code source} "lambda"; the record carries the request
 * the function was invoked with, which names the run and the call.
 *
 * <p>A foreign task is invoked with the call's input, a JSON object, plus one field, {@value
 * #FIELD}, naming the run and the call; a function that ignores unknown fields needs no change. An
 * input that is not a JSON object is passed as {@code {"input": value, "triggerflow": ...}}.
 */
public final class LambdaDestinations {
  /** The {@code source} of Lambda Destinations records on EventBridge. */
  public static final String SOURCE = "lambda";

  /** The detail type of a successful invocation's record. */
  public static final String SUCCESS = "Lambda Function Invocation Result - Success";

  /** The detail type of a failed invocation's record. */
  public static final String FAILURE = "Lambda Function Invocation Result - Failure";

  /** The EventBridge pattern of these records, for the rule that sends them to the trigger. */
  public static final String RULE_PATTERN =
      "{\"source\":[\"" + SOURCE + "\"],\"detail-type\":[\"" + SUCCESS + "\",\"" + FAILURE + "\"]}";

  /** The input field that names the run and call of a foreign task's invocation. */
  public static final String FIELD = "triggerflow";

  private LambdaDestinations() {}

  /** The payload a foreign task's function is invoked with. */
  public static ObjectNode foreignPayload(TaskInvocation inv) {
    JsonNode input = inv.input() == null ? NullNode.getInstance() : inv.input();
    ObjectNode payload;
    if (input.isObject()) {
      payload = ((ObjectNode) input).deepCopy();
    } else {
      payload = Json.mapper().createObjectNode();
      payload.set("input", input);
    }
    ObjectNode tf = payload.putObject(FIELD);
    tf.put("runId", inv.runId());
    tf.put("task", inv.task());
    tf.put("callId", inv.callId());
    tf.put("groupId", inv.groupId());
    tf.put("attempt", inv.attempt());
    return payload;
  }

  /** Whether an EventBridge envelope is a Lambda Destinations record. */
  public static boolean isDestinationRecord(JsonNode envelope) {
    String type = envelope.path("detail-type").asText("");
    return SOURCE.equals(envelope.path("source").asText(""))
        && (SUCCESS.equals(type) || FAILURE.equals(type));
  }

  /**
   * The task result a Lambda Destinations record reports.
   *
   * @throws MalformedEventException if the record does not name a run and call
   */
  public static Event toTaskResult(JsonNode envelope) {
    JsonNode detail = envelope.path("detail");
    JsonNode request = detail.path("requestPayload");
    JsonNode ids = request.has(FIELD) ? request.get(FIELD) : request;
    String runId = ids.path("runId").asText(null);
    if (!Names.isValid(runId)
        || !ids.path("callId").canConvertToInt()
        || !ids.path("groupId").canConvertToInt()) {
      throw new MalformedEventException(
          "a Lambda Destinations record whose request does not name a run and call (fields"
              + " runId, callId, groupId, in the request or in its '"
              + FIELD
              + "' field): it is not the result of a task call");
    }
    int callId = ids.path("callId").asInt();
    int groupId = ids.path("groupId").asInt();
    int attempt = Math.max(1, ids.path("attempt").asInt(1));
    Instant time = timeOf(envelope);
    JsonNode response = detail.has("responsePayload") ? detail.get("responsePayload") : null;
    if (SUCCESS.equals(envelope.path("detail-type").asText())) {
      return EngineEvents.taskSucceeded(
          runId,
          groupId,
          callId,
          attempt,
          response == null ? NullNode.getInstance() : response,
          time);
    }
    String condition = detail.path("requestContext").path("condition").asText("");
    String errorType =
        response != null && response.hasNonNull("errorType")
            ? response.get("errorType").asText()
            : "LambdaInvocationFailed";
    String message =
        response != null && response.hasNonNull("errorMessage")
            ? response.get("errorMessage").asText()
            : "the task function failed" + (condition.isEmpty() ? "" : " (" + condition + ")");
    return EngineEvents.taskFailed(runId, groupId, callId, attempt, errorType, message, time);
  }

  private static Instant timeOf(JsonNode envelope) {
    try {
      return Instant.parse(envelope.path("time").asText());
    } catch (RuntimeException e) {
      throw new MalformedEventException("a Lambda Destinations record without a valid 'time'", e);
    }
  }
}

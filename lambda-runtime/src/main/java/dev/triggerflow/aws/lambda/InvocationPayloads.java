package dev.triggerflow.aws.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.api.Names;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.TaskInvocation;

/**
 * The JSON payloads the functions are invoked with, written by {@link LambdaFunctionInvoker} and
 * read by the handlers, in one place so the two cannot drift apart.
 *
 * <ul>
 *   <li>orchestrator, wake: {@code {"runId": "..."}}
 *   <li>orchestrator, start: {@code {"start": {"workflow": "...", "input": ..., "runId": "..."}}}
 *       ({@code input} and {@code runId} optional)
 *   <li>task: {@code {"runId", "task", "callId", "groupId", "attempt", "input"}}
 * </ul>
 */
public final class InvocationPayloads {
  /** The field naming the run to wake. */
  public static final String RUN_ID = "runId";

  /** The field holding a start request. */
  public static final String START = "start";

  private InvocationPayloads() {}

  /** The payload that wakes a run's orchestrator. */
  public static String wake(String runId) {
    return Json.mapper().createObjectNode().put(RUN_ID, runId).toString();
  }

  /** The payload that asks the orchestrator function to start a run. */
  public static String start(String workflow, JsonNode input, String runId) {
    ObjectNode root = Json.mapper().createObjectNode();
    ObjectNode start = root.putObject(START);
    start.put("workflow", workflow);
    start.set("input", input == null ? NullNode.getInstance() : input);
    if (runId != null) {
      start.put(RUN_ID, runId);
    }
    return root.toString();
  }

  /** The payload that runs one task attempt. */
  public static String task(TaskInvocation inv) {
    ObjectNode node = Json.mapper().createObjectNode();
    node.put(RUN_ID, inv.runId());
    node.put("task", inv.task());
    node.put("callId", inv.callId());
    node.put("groupId", inv.groupId());
    node.put("attempt", inv.attempt());
    node.set("input", inv.input() == null ? NullNode.getInstance() : inv.input());
    return node.toString();
  }

  /**
   * Reads a task payload.
   *
   * @throws IllegalArgumentException saying which field is missing or wrong
   */
  public static TaskInvocation readTask(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("a task payload must be a JSON object");
    }
    String runId = Names.requireValid("run id", text(node, RUN_ID));
    String task = Names.requireValid("task name", text(node, "task"));
    int callId = natural(node, "callId", 0);
    int groupId = natural(node, "groupId", 0);
    int attempt = natural(node, "attempt", 1);
    if (groupId > callId) {
      throw new IllegalArgumentException(
          "task payload has groupId " + groupId + " after its callId " + callId);
    }
    JsonNode input = node.has("input") ? node.get("input") : NullNode.getInstance();
    return new TaskInvocation(runId, task, callId, groupId, attempt, input);
  }

  /**
   * The run id of a wake payload.
   *
   * @throws IllegalArgumentException if it is missing or not a valid run id
   */
  public static String readRunId(JsonNode node) {
    return Names.requireValid("run id", text(node, RUN_ID));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("payload field '" + field + "' is missing or not text");
    }
    return value.asText();
  }

  private static int natural(JsonNode node, String field, int min) {
    JsonNode value = node.get(field);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new IllegalArgumentException(
          "payload field '" + field + "' is missing or not a whole number");
    }
    int n = value.asInt();
    if (n < min) {
      throw new IllegalArgumentException(
          "payload field '" + field + "' must be at least " + min + ", not " + n);
    }
    return n;
  }
}

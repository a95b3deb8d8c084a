package dev.triggerflow.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.triggerflow.event.Event;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.RunStatus;
import dev.triggerflow.spi.TaskInvocation;
import java.util.Map;
import java.util.Optional;

/** The built-in actions. */
public final class Actions {
  /** Wakes the orchestrator of the trigger's run: the default action of workflow as code. */
  public static final String WAKE = "wake";

  /** Does nothing: for triggers whose effect is their context, or that only record events. */
  public static final String NONE = "none";

  /**
   * Starts a task call ({@code task}, {@code callId}) with the results a gathering condition kept,
   * or fails the run with the first failure among them.
   */
  public static final String INVOKE = "invoke";

  /** Completes the run with the results a gathering condition kept, or fails it. */
  public static final String COMPLETE = "complete";

  private static final Map<String, Action> BUILT_IN =
      Map.of(
          WAKE,
          (ctx, event) -> ctx.wakeOrchestrator(ctx.runId()),
          NONE,
          (ctx, event) -> {},
          INVOKE,
          Actions::invoke,
          COMPLETE,
          Actions::complete);

  private static void invoke(ActionContext ctx, Event event) {
    Gathered g = gathered(ctx);
    if (g.failure() != null) {
      fail(ctx, g.failure());
      return;
    }
    String task = ctx.params().path("task").asText();
    int callId = ctx.params().path("callId").asInt();
    ctx.invokeTask(new TaskInvocation(ctx.runId(), task, callId, callId, 1, g.value()));
  }

  private static void complete(ActionContext ctx, Event event) {
    Gathered g = gathered(ctx);
    if (g.failure() != null) {
      fail(ctx, g.failure());
      return;
    }
    ctx.finishRun(RunStatus.COMPLETED, g.value(), null, null);
  }

  private static void fail(ActionContext ctx, JsonNode failure) {
    ctx.finishRun(
        RunStatus.FAILED,
        null,
        failure.path("errorType").asText("UnknownError"),
        failure.path("message").asText(""));
  }

  private record Gathered(JsonNode value, JsonNode failure) {}

  /** The gathered results: one value as it is, several as an array in the rule's order. */
  private static Gathered gathered(ActionContext ctx) {
    JsonNode results = ctx.state().path("results");
    int count = results.size();
    ArrayNode values = Json.mapper().createArrayNode();
    for (int i = 0; i < count; i++) {
      JsonNode outcome = results.path(Integer.toString(i));
      if (!outcome.path("ok").asBoolean(false)) {
        return new Gathered(null, outcome);
      }
      values.add(outcome.path("result"));
    }
    return new Gathered(count == 1 ? values.get(0) : values, null);
  }

  private Actions() {}

  /** The built-in action with this name. */
  public static Optional<Action> builtIn(String name) {
    return Optional.ofNullable(BUILT_IN.get(name));
  }

  /** Whether {@code name} is reserved for a built-in action. */
  public static boolean isBuiltIn(String name) {
    return BUILT_IN.containsKey(name);
  }
}

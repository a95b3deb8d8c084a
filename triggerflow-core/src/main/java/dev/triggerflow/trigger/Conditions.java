package dev.triggerflow.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.event.Event;
import dev.triggerflow.json.Json;
import java.util.Map;
import java.util.Optional;

/** The built-in conditions, and the parameters that make triggers use them. */
public final class Conditions {
  /** Fires on every distinct activation event. */
  public static final String ALWAYS = "always";

  /** Fires once, when {@code count} distinct activation events have arrived. */
  public static final String JOIN = "join";

  /**
   * Fires each time {@code threshold} more distinct activation events have arrived, then starts
   * counting again.
   */
  public static final String COUNTER = "counter";

  /**
   * A join that also keeps each event's outcome in the context, under {@code results}, at the index
   * its call id has in the {@code order} parameter: what native workflows pass on.
   */
  public static final String GATHER = "gather";

  private static final Map<String, Condition> BUILT_IN =
      Map.of(
          ALWAYS,
          (ctx, event) -> true,
          JOIN,
          Conditions::join,
          COUNTER,
          Conditions::counter,
          GATHER,
          Conditions::gather);

  private Conditions() {}

  /** The built-in condition with this name. */
  public static Optional<Condition> builtIn(String name) {
    return Optional.ofNullable(BUILT_IN.get(name));
  }

  /** Whether {@code name} is reserved for a built-in condition. */
  public static boolean isBuiltIn(String name) {
    return BUILT_IN.containsKey(name);
  }

  /** Parameters of a join of {@code count} events. */
  public static JsonNode joinParams(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("a join needs a count of at least 1, not " + count);
    }
    return Json.mapper().createObjectNode().put("count", count);
  }

  /** Parameters of a counter that fires every {@code threshold} events. */
  public static JsonNode counterParams(int threshold) {
    if (threshold < 1) {
      throw new IllegalArgumentException(
          "a counter needs a threshold of at least 1, not " + threshold);
    }
    return Json.mapper().createObjectNode().put("threshold", threshold);
  }

  private static boolean join(TriggerContext ctx, Event event) {
    int expected = requiredInt(ctx, "count");
    ObjectNode state = ctx.state();
    int count = state.path("count").asInt(0) + 1;
    state.put("count", count);
    return count == expected;
  }

  private static boolean gather(TriggerContext ctx, Event event) {
    String call = event.callId().map(String::valueOf).orElse("");
    int index = ctx.params().path("order").path(call).asInt(-1);
    if (index < 0) {
      throw new IllegalStateException(
          "trigger '"
              + ctx.triggerId()
              + "' gathers no call "
              + call
              + "; its event was "
              + event.id());
    }
    ObjectNode outcome = ctx.state().withObject("results").putObject(Integer.toString(index));
    if (EngineEvents.TASK_FAILED.equals(event.type())) {
      outcome.put("ok", false);
      outcome.put("errorType", event.data().path("errorType").asText("UnknownError"));
      outcome.put("message", event.data().path("message").asText(""));
    } else {
      outcome.put("ok", true);
      outcome.set("result", event.data().path("result"));
    }
    return join(ctx, event);
  }

  private static boolean counter(TriggerContext ctx, Event event) {
    int threshold = requiredInt(ctx, "threshold");
    ObjectNode state = ctx.state();
    int count = state.path("count").asInt(0) + 1;
    if (count >= threshold) {
      state.put("count", 0);
      state.put("fired", state.path("fired").asInt(0) + 1);
      return true;
    }
    state.put("count", count);
    return false;
  }

  private static int requiredInt(TriggerContext ctx, String field) {
    JsonNode value = ctx.params().get(field);
    if (value == null || !value.canConvertToInt() || value.asInt() < 1) {
      throw new IllegalStateException(
          "trigger '"
              + ctx.triggerId()
              + "' has no valid '"
              + field
              + "' parameter (a positive integer); its parameters are "
              + Json.abbreviate(ctx.params()));
    }
    return value.asInt();
  }
}

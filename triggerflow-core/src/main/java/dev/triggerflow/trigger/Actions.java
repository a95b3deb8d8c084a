package dev.triggerflow.trigger;

import java.util.Map;
import java.util.Optional;

/** The built-in actions. */
public final class Actions {
  /** Wakes the orchestrator of the trigger's run: the default action of workflow as code. */
  public static final String WAKE = "wake";

  /** Does nothing: for triggers whose effect is their context, or that only record events. */
  public static final String NONE = "none";

  private static final Map<String, Action> BUILT_IN =
      Map.of(WAKE, (ctx, event) -> ctx.wakeOrchestrator(ctx.runId()), NONE, (ctx, event) -> {});

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

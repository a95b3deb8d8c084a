package dev.triggerflow.engine;

import dev.triggerflow.trigger.Trigger;
import java.time.Instant;

/** Lets tests in other packages build the engine's own triggers. */
public final class TestAccess {
  private TestAccess() {}

  /** The trigger the orchestrator registers for a call group. */
  public static Trigger groupTrigger(String runId, int groupId, int size, Instant now) {
    return Orchestrator.groupTrigger(runId, groupId, size, now);
  }
}

package dev.triggerflow.examples.flaky;

import dev.triggerflow.api.RetryPolicy;
import dev.triggerflow.api.Workflow;
import dev.triggerflow.api.WorkflowContext;
import dev.triggerflow.api.WorkflowName;
import java.time.Duration;

/**
 * Calls a task that fails its first attempts, with a retry policy: up to five attempts, waiting one
 * second, then two, four, ... between them. The waits are durable timers, and every failed attempt
 * is in the history; the workflow sees only the success.
 */
@WorkflowName("flaky")
public final class Flaky implements Workflow<Integer, String> {

  /** The retry policy. */
  public static final RetryPolicy RETRY = RetryPolicy.of(5, Duration.ofSeconds(1));

  @Override
  public String run(WorkflowContext ctx, Integer failures) {
    int n = failures == null ? 2 : failures;
    return ctx.call(FlakyTask.class, n, RETRY).get();
  }
}

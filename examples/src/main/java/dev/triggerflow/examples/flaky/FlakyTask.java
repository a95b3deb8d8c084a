package dev.triggerflow.examples.flaky;

import dev.triggerflow.api.Task;
import dev.triggerflow.api.TaskContext;
import dev.triggerflow.api.TaskName;

/** Fails its first {@code failures} attempts, then succeeds. */
@TaskName("flaky_task")
public final class FlakyTask implements Task<Integer, String> {
  @Override
  public String run(TaskContext ctx, Integer failures) {
    if (ctx.attempt() <= failures) {
      throw new IllegalStateException("attempt " + ctx.attempt() + " failed on purpose");
    }
    return "succeeded on attempt " + ctx.attempt();
  }
}

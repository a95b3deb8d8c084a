package dev.triggerflow.examples.pi;

import dev.triggerflow.api.DurableFuture;
import dev.triggerflow.api.FunctionExecutor;
import dev.triggerflow.api.Workflow;
import dev.triggerflow.api.WorkflowContext;
import dev.triggerflow.api.WorkflowName;
import java.util.ArrayList;
import java.util.List;

/**
 * A Monte Carlo estimate of pi: a map of {@code tasks} calls joined by one trigger, so the
 * orchestrator wakes once for the whole map, then a reduction in the orchestrator.
 */
@WorkflowName("pi")
public final class Pi implements Workflow<Pi.Input, Double> {

  /**
   * How to estimate.
   *
   * @param tasks how many tasks to map over (default 100)
   * @param samplesPerTask darts per task (default 100,000)
   */
  public record Input(Integer tasks, Long samplesPerTask) {
    int taskCount() {
      return tasks == null ? 100 : tasks;
    }

    long samples() {
      return samplesPerTask == null ? 100_000 : samplesPerTask;
    }
  }

  @Override
  public Double run(WorkflowContext ctx, Input input) {
    Input in = input == null ? new Input(null, null) : input;
    if (in.taskCount() < 1 || in.samples() < 1) {
      throw new IllegalArgumentException("tasks and samplesPerTask must be at least 1");
    }
    List<MonteCarlo.Batch> batches = new ArrayList<>();
    for (int i = 0; i < in.taskCount(); i++) {
      batches.add(new MonteCarlo.Batch(ctx.random().nextLong(), in.samples()));
    }
    FunctionExecutor pw = FunctionExecutor.of(ctx);
    List<DurableFuture<Long>> futures = pw.map(MonteCarlo.class, batches);
    long inside = 0;
    for (long count : pw.getResult(futures)) {
      inside += count;
    }
    return 4.0 * inside / (in.samples() * in.taskCount());
  }
}

package dev.triggerflow.examples.pi;

import dev.triggerflow.api.Task;
import dev.triggerflow.api.TaskContext;
import dev.triggerflow.api.TaskName;
import java.util.SplittableRandom;

/**
 * Throws {@code samples} random darts at the unit square and counts those inside the quarter
 * circle. The seed makes a call's result the same on every attempt.
 */
@TaskName("monte_carlo")
public final class MonteCarlo implements Task<MonteCarlo.Batch, Long> {

  /** One batch of darts. */
  public record Batch(long seed, long samples) {}

  @Override
  public Long run(TaskContext ctx, Batch batch) {
    SplittableRandom random = new SplittableRandom(batch.seed());
    long inside = 0;
    for (long i = 0; i < batch.samples(); i++) {
      double x = random.nextDouble();
      double y = random.nextDouble();
      if (x * x + y * y <= 1.0) {
        inside++;
      }
    }
    return inside;
  }
}

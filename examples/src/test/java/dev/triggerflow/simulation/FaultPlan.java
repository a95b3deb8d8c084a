package dev.triggerflow.simulation;

import java.util.Random;

/**
 * How hard one simulation run is hit: the probability of each fault and a budget for the faults
 * that compound (crashes, interleavings, lease expiries), so every run still ends. Drawn from the
 * run's random, so a seed names its plan too.
 *
 * @param reorder whether the next delivery is any ready one rather than the oldest
 * @param duplicate the chance that a delivery is also queued again (delivered twice)
 * @param lose the chance that a delivery is lost and redelivered after the bus's or Lambda's retry
 * @param delay the chance that a new message waits before it can be delivered
 * @param crash the chance of a crash before or after a persistence step
 * @param storeFailure the chance that a persistence step fails with an error the caller sees:
 *     before the step took effect, or after (a timeout on a write that went through)
 * @param crashBudget the most crashes in one run
 * @param interleave the chance that another ready delivery runs inside a persistence step
 * @param maxDepth how deeply deliveries may nest inside each other's persistence steps
 * @param leaseExpiry the chance that a wake's lease runs out at a persistence step
 * @param expiryBudget the most lease expiries in one run
 * @param containers how many orchestrator instances (Lambda containers, each with its own history
 *     cache) share the wakes
 * @param cacheSize the history cache capacity of each container (0 disables it)
 * @param latePokes how many old messages are delivered again once the run has finished
 */
record FaultPlan(
    boolean reorder,
    double duplicate,
    double lose,
    double delay,
    double crash,
    double storeFailure,
    int crashBudget,
    double interleave,
    int maxDepth,
    double leaseExpiry,
    int expiryBudget,
    int containers,
    int cacheSize,
    int latePokes) {

  /** Everything delivered once, in order, with nothing failing: the reference run. */
  static FaultPlan none() {
    return new FaultPlan(false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 16, 0);
  }

  /** A plan drawn from the run's random: some runs are calm, some are stormy. */
  static FaultPlan draw(Random random) {
    return new FaultPlan(
        random.nextInt(10) < 8,
        pick(random, 0, 0.05, 0.2),
        pick(random, 0, 0.03, 0.1),
        pick(random, 0, 0.1, 0.3),
        pick(random, 0, 0.01, 0.04),
        pick(random, 0, 0, 0.01),
        random.nextInt(12),
        pick(random, 0, 0.03, 0.1),
        1 + random.nextInt(2),
        pick(random, 0, 0.01, 0.04),
        random.nextInt(4),
        1 + random.nextInt(3),
        random.nextInt(3) == 0 ? 16 : 0,
        random.nextInt(6));
  }

  private static double pick(Random random, double... choices) {
    return choices[random.nextInt(choices.length)];
  }
}

package dev.triggerflow.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triggerflow.examples.billing.BillPage;
import dev.triggerflow.examples.billing.Charge;
import dev.triggerflow.spi.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example under seeded faults: duplicated, reordered, delayed and lost messages, crashes and
 * failed calls at every persistence point, interleaved wakes, lease expiries, several orchestrator
 * containers with their own caches, and late redeliveries after the run has finished. Each seed
 * must end exactly as the fault-free run ends, with every invariant held.
 *
 * <p>The regular build runs seeds 1 to 1000 of every scenario. {@code -Dsim.seeds=N} runs N seeds,
 * {@code -Dsim.soak=true} runs 100,000, {@code -Dsim.firstSeed=S} starts elsewhere, {@code
 * -Dsim.seed=S} runs one seed and prints its whole trace, and {@code -Dsim.scenario=A,B} runs only
 * the named scenarios. A failure names its seeds and prints the first one's trace.
 */
class SimulationTest {
  private static final int DEFAULT_SEEDS = 1000;
  private static final int SOAK_SEEDS = 100_000;

  /** Workflow threads that may still be unwinding when the check looks. */
  private static final int LEFTOVER_THREADS = 8;

  private static long workflowThreadsOnceSettled() {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
    long live = workflowThreads();
    while (live > LEFTOVER_THREADS && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      live = workflowThreads();
    }
    return live;
  }

  private static long workflowThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("tf-workflow-"))
        .count();
  }

  private static final int REPORTED_FAILURES = 5;

  static Stream<Scenario> scenarios() {
    String only = System.getProperty("sim.scenario");
    List<String> names = only == null ? null : List.of(only.split(","));
    return Scenario.all().stream().filter(s -> names == null || names.contains(s.name()));
  }

  private static boolean defaultRange() {
    return System.getProperty("sim.seed") == null
        && System.getProperty("sim.seeds") == null
        && System.getProperty("sim.firstSeed") == null
        && !Boolean.getBoolean("sim.soak");
  }

  private static LongStream seeds() {
    String one = System.getProperty("sim.seed");
    if (one != null) {
      return LongStream.of(Long.parseLong(one));
    }
    long first = Long.getLong("sim.firstSeed", 1);
    long count =
        Boolean.getBoolean("sim.soak") ? SOAK_SEEDS : Long.getLong("sim.seeds", DEFAULT_SEEDS);
    return LongStream.range(first, first + count);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void example_underSeededFaults_endsAsTheFaultFreeRunWithEveryInvariantHeld(Scenario scenario) {
    Simulation.Result reference = Simulation.faultFree(scenario);
    assertThat(reference.violations()).as(reference::report).isEmpty();

    List<Simulation.Result> failures = new ArrayList<>();
    List<Long> failingSeeds = new ArrayList<>();
    Map<String, Integer> totals = new TreeMap<>();
    long started = System.nanoTime();
    long[] ran = {0};
    seeds()
        .forEach(
            seed -> {
              Simulation.Result result = Simulation.run(scenario, seed, reference.outcome());
              ran[0]++;
              result.stats().forEach((k, v) -> totals.merge(k, v, Integer::sum));
              if (!result.ok()) {
                failingSeeds.add(seed);
                System.out.println(
                    scenario + " seed " + seed + ": " + String.join(" | ", result.violations()));
                if (failures.size() < REPORTED_FAILURES) {
                  failures.add(result);
                }
              }
              if (System.getProperty("sim.seed") != null) {
                System.out.println(result.report());
              }
            });
    System.out.printf(
        "%s: %d seeds in %d ms, %s%n",
        scenario, ran[0], (System.nanoTime() - started) / 1_000_000, totals);
    // Each seed's containers stop at its end, and so must the workflow code they kept parked:
    // thousands of seeds with crashes at every step would otherwise leave thousands of threads.
    assertThat(workflowThreadsOnceSettled())
        .as("threads of parked workflow code left after %d seeds of %s", ran[0], scenario)
        .isLessThanOrEqualTo(LEFTOVER_THREADS);

    assertThat(failures)
        .withFailMessage(
            () ->
                "failing seeds of "
                    + scenario
                    + ": "
                    + failingSeeds
                    + "\n"
                    + failures.get(0).report())
        .isEmpty();
    if (defaultRange()) {
      assertThat(totals)
          .as("every kind of fault struck some seed of %s", scenario)
          .containsKeys("crash", "call failed", "duplicated", "lost", "interleaved");
      if (scenario.orchestrated()) {
        assertThat(totals)
            .as("leases ran out, and the stale holders' writes were refused")
            .containsKeys("lease expired", "release LEASE_LOST", "stale append refused");
      }
    }
  }

  /**
   * Seeds that broke the engine before it was fixed, at least one per defect; here on their own so
   * that they keep running whatever range the build runs.
   *
   * <ul>
   *   <li>sequence 199, flaky 42: a cached history that missed an episode written by a wake that
   *       then died took that episode's results for stale ones and dropped them (stuck runs).
   *   <li>sequence 34: a wake after a failed release dispatched again calls that had finished,
   *       after the run had finished (tasks run again, triggers brought back).
   *   <li>sequence 24: a wake that died between finishing the run and deleting its triggers left
   *       them behind for good.
   *   <li>sequence 1127: a wake whose lease ran out read the inbox after the history, met results
   *       newer than its history and dispatched their calls again (a join fired twice).
   *   <li>dag 24: a native run whose completing delivery died before deleting its triggers kept
   *       them for good.
   * </ul>
   */
  @ParameterizedTest(name = "{0} seed {1}")
  @CsvSource({
    "sequence, 199",
    "flaky, 42",
    "sequence, 34",
    "sequence, 24",
    "sequence, 1127",
    "dag, 24"
  })
  void seedThatFoundAnEngineDefect_nowEndsWithEveryInvariantHeld(String name, long seed) {
    Scenario scenario = Scenario.named(name);
    Simulation.Result reference = Simulation.faultFree(scenario);

    Simulation.Result result = Simulation.run(scenario, seed, reference.outcome());

    assertThat(result.violations()).as(result::report).isEmpty();
  }

  @Test
  void sameSeed_runTwice_replaysTheSameTrace() {
    Scenario pi = Scenario.named("pi");
    Checks.Outcome reference = Simulation.faultFree(pi).outcome();

    Simulation.Result first = Simulation.run(pi, 4242, reference);
    Simulation.Result second = Simulation.run(pi, 4242, reference);

    assertThat(first.trace()).hasSizeGreaterThan(50).isEqualTo(second.trace());
    assertThat(first.stats()).isEqualTo(second.stats());
  }

  /**
   * A scenario that continues as new and starts children is judged on all its runs: the outcome the
   * seeds must match names every run of the chain and every child, each with how it ended.
   */
  @Test
  void billingOutcome_coversEveryRunOfTheChainAndEveryChild() {
    Simulation.Result reference = Simulation.faultFree(Scenario.named("billing"));
    long total =
        java.util.stream.IntStream.range(0, 2 * BillPage.PAGE_SIZE)
            .mapToLong(Charge::amountOf)
            .sum();

    assertThat(reference.violations()).isEmpty();
    assertThat(reference.outcome().status()).isEqualTo(RunStatus.CONTINUED_AS_NEW);
    assertThat(reference.outcome().otherRuns())
        .hasSize(4)
        .anySatisfy(r -> assertThat(r).startsWith("sim-billing-c1 Outcome[status=COMPLETED"))
        .anySatisfy(r -> assertThat(r).startsWith("sim-billing-n2 Outcome[status=CONTINUED_AS_NEW"))
        .anySatisfy(r -> assertThat(r).startsWith("sim-billing-n2-c1 Outcome[status=COMPLETED"))
        .anySatisfy(
            r ->
                assertThat(r)
                    .startsWith("sim-billing-n3 Outcome[status=COMPLETED, result=" + total + ","));
  }
}

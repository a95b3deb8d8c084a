package dev.triggerflow.benchmarks;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The sizes and repeat counts of one harness run. The full plan is what RESULTS.md reports; the
 * quick plan keeps every section but stops at sizes that finish in a few minutes, for trying a
 * change out.
 *
 * @param quick whether this is the quick plan
 * @param sequentialSizes the sizes of the sequential workload on the in-memory store
 * @param stepsAt the steps whose cost is reported
 * @param mapSizes the sizes of the map workload on the in-memory store
 * @param replayCalls the history sizes, in calls, of the replay benchmark
 * @param jmhForks JMH forks per replay benchmark
 * @param jmhWarmups JMH warm-up iterations of one second
 * @param jmhIterations JMH measured iterations of one second
 * @param triggers the join triggers of the throughput experiment
 * @param eventsPerTrigger the events each join waits for
 * @param sqliteSequentialSizes the sequential sizes run on both stores
 * @param sqliteMapSizes the map sizes run on both stores
 * @param compareSequentialSizes the sequential sizes run on Temporal and durable functions
 * @param compareMapSizes the map sizes run on the durable functions runner
 * @param temporalMapSizes the map sizes run on Temporal's test environment, whose test service
 *     takes minutes for one map of 10,000 activities
 * @param skipTimeSizes the sequential sizes also run with the durable functions runner's fake
 *     timers
 * @param nodeDir where bench.js and its node_modules are
 * @param out where to write the Markdown report, or null
 * @param sections the sections to run; empty for all
 */
public record Settings(
    boolean quick,
    List<Integer> sequentialSizes,
    List<Integer> stepsAt,
    List<Integer> mapSizes,
    List<Integer> replayCalls,
    int jmhForks,
    int jmhWarmups,
    int jmhIterations,
    int triggers,
    int eventsPerTrigger,
    List<Integer> sqliteSequentialSizes,
    List<Integer> sqliteMapSizes,
    List<Integer> compareSequentialSizes,
    List<Integer> compareMapSizes,
    List<Integer> temporalMapSizes,
    List<Integer> skipTimeSizes,
    Path nodeDir,
    Path out,
    Set<String> sections) {

  /** The plan whose figures RESULTS.md reports. */
  public static Settings full(Path nodeDir, Path out, Set<String> sections) {
    return new Settings(
        false,
        List.of(10, 100, 1_000, 10_000),
        List.of(10, 100, 1_000, 10_000),
        List.of(10, 100, 1_000, 10_000, 100_000),
        List.of(1_000, 10_000, 100_000),
        2,
        3,
        5,
        200,
        1_000,
        List.of(10, 100, 1_000),
        List.of(10, 100, 1_000, 10_000),
        List.of(10, 100, 1_000),
        List.of(10, 100, 1_000, 10_000),
        List.of(10, 100, 1_000),
        List.of(10, 100),
        nodeDir,
        out,
        sections);
  }

  /** Every section at small sizes with few repeats. */
  public static Settings quick(Path nodeDir, Path out, Set<String> sections) {
    return new Settings(
        true,
        List.of(10, 100, 1_000),
        List.of(10, 100, 1_000),
        List.of(10, 100, 1_000),
        List.of(1_000, 10_000),
        1,
        2,
        3,
        200,
        1_000,
        List.of(10, 100),
        List.of(10, 100, 1_000),
        List.of(10, 100),
        List.of(10, 100),
        List.of(10, 100),
        List.of(10),
        nodeDir,
        out,
        sections);
  }

  /** Whether a section is to run. */
  public boolean runs(String section) {
    return sections.isEmpty() || sections.contains(section);
  }

  /** Unmeasured runs before the measured ones, for a workload of size {@code n}. */
  public int warmups(int n) {
    if (quick) {
      return 1;
    }
    return n <= 100 ? 5 : n <= 1_000 ? 3 : 1;
  }

  /** Measured runs of a workload of size {@code n}: more where one run is short and noisy. */
  public int repeats(int n) {
    if (quick) {
      return 3;
    }
    return n <= 100 ? 15 : n <= 1_000 ? 9 : n <= 10_000 ? 5 : 3;
  }
}

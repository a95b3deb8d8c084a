package dev.triggerflow.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/** Warm-up and measured runs of one workload at one size. */
public final class Trials {
  private Trials() {}

  /** One run of a workload; it may throw whatever the system under test throws. */
  @FunctionalInterface
  public interface Trial<T> {
    /** Runs once and returns what the run measured. */
    T run() throws Exception;
  }

  /**
   * Runs {@code warmups} times unmeasured, then {@code repeats} times, collecting garbage before
   * each measured run so that one run's garbage is not collected in the next one's time.
   */
  public static <T> List<T> repeat(int warmups, int repeats, Trial<T> trial) throws Exception {
    for (int i = 0; i < warmups; i++) {
      trial.run();
    }
    List<T> results = new ArrayList<>(repeats);
    for (int i = 0; i < repeats; i++) {
      System.gc();
      results.add(trial.run());
    }
    return results;
  }

  /** The samples of one quantity over the measured runs. */
  public static <T> Samples samples(List<T> results, ToLongFunction<T> nanos) {
    return Samples.of(results.stream().mapToLong(nanos).toArray());
  }
}

package dev.triggerflow.benchmarks;

import java.util.Arrays;
import java.util.List;

/**
 * Repeated measurements of one quantity, in nanoseconds. The harness reports the median, which a
 * single slow repeat on a shared machine does not move, and the range around it, so a reader sees
 * how noisy the figure was.
 */
public final class Samples {
  private final long[] sorted;

  private Samples(long[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    this.sorted = values.clone();
    Arrays.sort(sorted);
  }

  /** Samples of the given values. */
  public static Samples of(long... nanos) {
    return new Samples(nanos);
  }

  /** Samples of the given values. */
  public static Samples of(List<Long> nanos) {
    return new Samples(nanos.stream().mapToLong(Long::longValue).toArray());
  }

  /** How many repeats were measured. */
  public int count() {
    return sorted.length;
  }

  /** The median; the mean of the two middle values for an even count. */
  public double median() {
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
  }

  /** The smallest sample. */
  public long min() {
    return sorted[0];
  }

  /** The largest sample. */
  public long max() {
    return sorted[sorted.length - 1];
  }

  /** The median, then the range of all repeats: {@code 12.3 ms (11.9–13.0, n=5)}. */
  public String describe() {
    return Durations.format(median())
        + " ("
        + Durations.formatPair((double) min(), (double) max())
        + ", n="
        + count()
        + ")";
  }

  /** The median, then the range: {@code 12.3 ms (11.9–13.0 ms)}. */
  public String brief() {
    return Durations.format(median())
        + " ("
        + Durations.formatPair((double) min(), (double) max())
        + ")";
  }

  /** The median of each of these divided by the median of {@code base}, as {@code 3.4×}. */
  public String ratioTo(Samples base) {
    return Durations.ratio(median() / base.median());
  }
}

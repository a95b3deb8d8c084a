package dev.triggerflow.benchmarks;

import java.util.Arrays;

/**
 * When each step of a sequential run began, by step number (1 to n). The no-op task or activity of
 * every system stamps its step, so the time between two stamps is everything the system did between
 * two calls: deliver the result, wake or resume the workflow, replay if it replays, and start the
 * next call.
 */
public final class StepClock {
  /** How many consecutive steps are pooled into the figure for one step. */
  public static final int WINDOW = 10;

  private long[] stamps = new long[0];

  /** Forgets the previous run and makes room for a run of {@code steps} steps. */
  public synchronized void reset(int steps) {
    stamps = new long[steps + 2];
  }

  /** Records that step {@code step} began now; a repeated delivery keeps the first stamp. */
  public synchronized void stamp(int step) {
    if (step >= 1 && step < stamps.length && stamps[step] == 0) {
      stamps[step] = System.nanoTime();
    }
  }

  /** Records that the run finished now: the end of the last step. */
  public synchronized void finish(int steps) {
    stamps[steps + 1] = System.nanoTime();
  }

  /**
   * The cost of step {@code k}: the median time from the start of a step to the start of the next,
   * over the {@value #WINDOW} steps that end with step {@code k}, so that one preempted step does
   * not stand for its neighbours.
   */
  public synchronized double stepCost(int k, int steps) {
    int last = Math.min(k, steps);
    int first = Math.max(1, last - WINDOW + 1);
    long[] intervals = new long[last - first + 1];
    for (int j = first; j <= last; j++) {
      if (stamps[j] == 0 || stamps[j + 1] == 0) {
        throw new IllegalStateException("step " + j + " or the one after it was not stamped");
      }
      intervals[j - first] = stamps[j + 1] - stamps[j];
    }
    return median(intervals);
  }

  /** The median of some values; the mean of the two middle ones for an even count. */
  public static double median(long[] values) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
  }
}

package dev.triggerflow.api;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a failed task call is tried again. The waits between attempts are durable timers: nothing
 * sleeps, and the orchestrator is not running while a retry waits. Every attempt and its error is
 * recorded in the run's history; the workflow sees only the final outcome.
 *
 * @param maxAttempts the most attempts in all, counting the first (1 means no retry)
 * @param initialInterval the wait before the second attempt
 * @param backoffCoefficient the factor by which each further wait grows (at least 1)
 * @param maxInterval the longest wait between two attempts
 * @param nonRetryable error types (fully qualified exception class names, as a task failure reports
 *     them) that fail the call at once
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialInterval,
    double backoffCoefficient,
    Duration maxInterval,
    List<String> nonRetryable) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
    }
    Objects.requireNonNull(initialInterval, "initialInterval");
    Objects.requireNonNull(maxInterval, "maxInterval");
    if (initialInterval.isNegative() || maxInterval.isNegative()) {
      throw new IllegalArgumentException("retry intervals must not be negative");
    }
    if (!(backoffCoefficient >= 1.0)) {
      throw new IllegalArgumentException(
          "backoffCoefficient must be at least 1, not " + backoffCoefficient);
    }
    nonRetryable = nonRetryable == null ? List.of() : List.copyOf(nonRetryable);
  }

  /**
   * {@code maxAttempts} attempts, waiting {@code initialInterval} and then twice as long each time,
   * up to 100 times the initial interval.
   */
  public static RetryPolicy of(int maxAttempts, Duration initialInterval) {
    return new RetryPolicy(
        maxAttempts, initialInterval, 2.0, initialInterval.multipliedBy(100), null);
  }

  /** This policy with these error types failing the call at once. */
  public RetryPolicy withNonRetryable(Class<?>... types) {
    List<String> names = new java.util.ArrayList<>(nonRetryable);
    for (Class<?> t : types) {
      names.add(t.getName());
    }
    return new RetryPolicy(maxAttempts, initialInterval, backoffCoefficient, maxInterval, names);
  }

  /** Whether a failure of {@code attempt} with {@code errorType} is tried again. */
  public boolean retries(int attempt, String errorType) {
    return attempt < maxAttempts && !nonRetryable.contains(errorType);
  }

  /** The wait after the failure of {@code attempt} (1-based). */
  public Duration delayAfter(int attempt) {
    double millis = initialInterval.toMillis() * Math.pow(backoffCoefficient, attempt - 1);
    long capped = (long) Math.min(millis, (double) maxInterval.toMillis());
    return Duration.ofMillis(capped);
  }
}

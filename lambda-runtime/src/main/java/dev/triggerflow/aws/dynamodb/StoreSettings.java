package dev.triggerflow.aws.dynamodb;

import dev.triggerflow.deployment.AwsContract;
import dev.triggerflow.spi.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How the DynamoDB stores behave beyond the table names.
 *
 * @param retention how long finished runs and dead letters are kept before DynamoDB's TTL deletes
 *     them (the TTL attribute holds epoch seconds, so anything below a second is dropped)
 * @param clock the source of the times the stores stamp themselves: arrival order in the inbox, and
 *     the TTL of dead letters
 */
public record StoreSettings(Duration retention, Clock clock) {

  /** The retention when none is configured. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);

  public StoreSettings {
    Objects.requireNonNull(retention, "retention");
    Objects.requireNonNull(clock, "clock");
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive, not " + retention);
    }
  }

  /** Thirty days' retention and the system clock. */
  public static StoreSettings defaults() {
    return new StoreSettings(DEFAULT_RETENTION, Clock.system());
  }

  /**
   * The settings a deployment passes in environment variables: the retention in days, if set, and
   * the system clock.
   *
   * @throws IllegalStateException if the retention is set but not a positive whole number
   */
  public static StoreSettings fromEnvironment(Map<String, String> env) {
    String days = env.get(AwsContract.ENV_RETENTION_DAYS);
    if (days == null || days.isBlank()) {
      return defaults();
    }
    try {
      long value = Long.parseLong(days.trim());
      if (value < 1) {
        throw new NumberFormatException("not positive");
      }
      return new StoreSettings(Duration.ofDays(value), Clock.system());
    } catch (NumberFormatException e) {
      throw new IllegalStateException(
          AwsContract.ENV_RETENTION_DAYS + " must be a positive number of days, not '" + days + "'",
          e);
    }
  }

  /** These settings with another clock. */
  public StoreSettings withClock(Clock other) {
    return new StoreSettings(retention, other);
  }
}

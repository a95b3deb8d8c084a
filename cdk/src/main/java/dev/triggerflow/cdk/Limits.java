package dev.triggerflow.cdk;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.TimeConversionOptions;

/**
 * Range checks for settings that AWS would otherwise reject only at deploy time. The messages name
 * the setting, the allowed range and the value, so a synth failure says what to change.
 */
final class Limits {
  /** Conversions that report a fraction instead of failing on one, so the check can name it. */
  private static final TimeConversionOptions FRACTIONAL =
      TimeConversionOptions.builder().integral(false).build();

  private Limits() {}

  static void range(String setting, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          setting + " must be between " + min + " and " + max + "; got " + value);
    }
  }

  static void memory(String setting, int megabytes) {
    range(setting, megabytes, 128, 10240);
  }

  static void functionTimeout(String setting, Duration timeout) {
    seconds(setting, timeout, 1, 15 * 60);
  }

  static void seconds(String setting, Duration duration, int min, int max) {
    rejectToken(setting, duration);
    double seconds = duration.toSeconds(FRACTIONAL).doubleValue();
    if (seconds < min || seconds > max) {
      throw new IllegalArgumentException(
          setting
              + " must be between "
              + min
              + " and "
              + max
              + " seconds; got "
              + duration.toHumanString());
    }
  }

  /** Rejects a duration above {@code maxSeconds}, saying why the limit exists. */
  static void atMostSeconds(String setting, Duration duration, int maxSeconds, String why) {
    rejectToken(setting, duration);
    if (duration.toSeconds(FRACTIONAL).doubleValue() > maxSeconds) {
      throw new IllegalArgumentException(
          setting
              + " must be at most "
              + maxSeconds
              + " seconds, "
              + why
              + "; got "
              + duration.toHumanString());
    }
  }

  static void wholeDays(String setting, Duration duration) {
    rejectToken(setting, duration);
    double days = duration.toDays(FRACTIONAL).doubleValue();
    if (days < 1 || days != Math.rint(days)) {
      throw new IllegalArgumentException(
          setting
              + " must be a whole number of days, at least one; got "
              + duration.toHumanString());
    }
  }

  private static void rejectToken(String setting, Duration duration) {
    if (duration.isUnresolved()) {
      throw new IllegalArgumentException(
          setting + " must be a concrete duration, not a deploy-time value");
    }
  }
}

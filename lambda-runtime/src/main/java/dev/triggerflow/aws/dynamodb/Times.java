package dev.triggerflow.aws.dynamodb;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Instants as the tables store them: ISO-8601 UTC text of fixed width with all nine fraction
 * digits, for example {@code 2025-03-01T10:15:30.123456789Z}. The fixed width makes text order the
 * same as time order, which conditions ({@code leaseExpiresAt <= :now}) and the {@code createdAt}
 * sort key of the runs index rely on; the nine digits keep an instant exact.
 */
final class Times {
  private static final DateTimeFormatter FIXED_WIDTH =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);
  private static final Instant FIRST = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private Times() {}

  /** The stored form of an instant, or null for null. */
  static String format(Instant instant) {
    if (instant == null) {
      return null;
    }
    if (instant.isBefore(FIRST) || instant.isAfter(LAST)) {
      throw new IllegalArgumentException(
          "instant " + instant + " is outside the years 0000 to 9999 that the tables can order");
    }
    return FIXED_WIDTH.format(instant);
  }

  /** The instant a stored text stands for, or null for null. */
  static Instant parse(String text) {
    return text == null ? null : Instant.parse(text);
  }

  /** An instant as epoch seconds, the unit of DynamoDB's TTL attribute. */
  static long epochSeconds(Instant instant) {
    return instant.getEpochSecond();
  }
}

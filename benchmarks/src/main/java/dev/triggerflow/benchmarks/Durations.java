package dev.triggerflow.benchmarks;

import java.util.Locale;

/** How the harness writes durations, rates and ratios: three significant digits, SI units. */
public final class Durations {
  private Durations() {}

  /** A duration in nanoseconds, in the largest unit that keeps it at 1 or more. */
  public static String format(double nanos) {
    Unit unit = Unit.of(nanos);
    return digits(nanos / unit.nanos) + " " + unit.symbol;
  }

  /** Two durations in the unit of the larger one: {@code 11.9–13.0 ms}. */
  public static String formatPair(double low, double high) {
    Unit unit = Unit.of(high);
    return digits(low / unit.nanos) + "–" + digits(high / unit.nanos) + " " + unit.symbol;
  }

  /** A ratio: {@code 3.41×}. */
  public static String ratio(double ratio) {
    return digits(ratio) + "×";
  }

  /** A rate per second with a thousands separator: {@code 412,000/s}. */
  public static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%,d/s", Math.round(perSecond));
  }

  /** A count with a thousands separator. */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** Three significant digits, without an exponent. */
  static String digits(double value) {
    double abs = Math.abs(value);
    String pattern;
    if (abs >= 100) {
      pattern = "%.0f";
    } else if (abs >= 10) {
      pattern = "%.1f";
    } else if (abs >= 1) {
      pattern = "%.2f";
    } else {
      pattern = "%.3f";
    }
    return String.format(Locale.ROOT, pattern, value);
  }

  private enum Unit {
    NANOS(1, "ns"),
    MICROS(1e3, "µs"),
    MILLIS(1e6, "ms"),
    SECONDS(1e9, "s");

    final double nanos;
    final String symbol;

    Unit(double nanos, String symbol) {
      this.nanos = nanos;
      this.symbol = symbol;
    }

    static Unit of(double nanos) {
      double abs = Math.abs(nanos);
      if (abs >= 1e9) {
        return SECONDS;
      }
      if (abs >= 1e6) {
        return MILLIS;
      }
      return abs >= 1e3 ? MICROS : NANOS;
    }
  }
}

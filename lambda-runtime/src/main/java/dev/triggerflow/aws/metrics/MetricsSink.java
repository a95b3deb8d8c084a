package dev.triggerflow.aws.metrics;

/** Where metric lines go: standard output on Lambda, where CloudWatch Logs reads them. */
@FunctionalInterface
public interface MetricsSink {

  /** Writes one line, without its line break. */
  void write(String line);

  /**
   * Standard output, one write per line, so that lines of concurrent writers never interleave.
   * CloudWatch Logs takes every line of the function's log group that is in embedded metric format
   * as metric data.
   */
  static MetricsSink stdout() {
    return line -> System.out.print(line + System.lineSeparator());
  }

  /** Nowhere: for processes that are not functions, such as clients. */
  static MetricsSink none() {
    return line -> {};
  }
}

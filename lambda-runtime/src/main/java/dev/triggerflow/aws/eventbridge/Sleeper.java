package dev.triggerflow.aws.eventbridge;

import java.time.Duration;

/** Waits between attempts; tests replace it to run without waiting. */
@FunctionalInterface
public interface Sleeper {

  /** Waits for {@code duration}. */
  void sleep(Duration duration) throws InterruptedException;

  /** Waits on the current thread. */
  static Sleeper system() {
    return d -> Thread.sleep(d.toMillis());
  }
}

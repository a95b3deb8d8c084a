package dev.triggerflow.runtime;

import dev.triggerflow.spi.Clock;
import java.time.Duration;
import java.time.Instant;

/** A clock that moves only when told: for tests that skip time. */
public final class ManualClock implements Clock {
  private Instant now;

  public ManualClock(Instant start) {
    this.now = start;
  }

  @Override
  public synchronized Instant now() {
    return now;
  }

  /** Moves the clock forward. */
  public synchronized void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a clock cannot go back");
    }
    now = now.plus(duration);
  }
}

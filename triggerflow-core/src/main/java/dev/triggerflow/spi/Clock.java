package dev.triggerflow.spi;

import java.time.Instant;

/** The engine's source of time; tests and simulations control it. */
@FunctionalInterface
public interface Clock {

  /** The current time. */
  Instant now();

  /** The system clock. */
  static Clock system() {
    return Instant::now;
  }
}

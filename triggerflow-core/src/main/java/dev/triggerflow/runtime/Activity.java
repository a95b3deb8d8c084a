package dev.triggerflow.runtime;

import java.time.Duration;

/** Counts work in flight in the embedded runtime, so that callers can wait until it is idle. */
final class Activity {
  private long inFlight;

  synchronized void begin() {
    inFlight++;
  }

  synchronized void end() {
    inFlight--;
    if (inFlight == 0) {
      notifyAll();
    }
  }

  /** Waits until nothing is in flight; returns false on timeout. */
  synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (inFlight > 0) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }
}

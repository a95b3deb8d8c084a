package dev.triggerflow.aws.fakes;

import java.time.Duration;

/**
 * Work in flight in the fakes. Each asynchronous delivery begins before the call that causes it
 * returns and ends after everything it caused has begun, so the count reaches zero only when the
 * whole chain of invocations and events has settled.
 */
public final class Activity {
  private long inFlight;

  /** One more piece of work. */
  public synchronized void begin() {
    inFlight++;
  }

  /** One piece of work done. */
  public synchronized void end() {
    inFlight--;
    if (inFlight == 0) {
      notifyAll();
    }
  }

  /** Waits until nothing is in flight; false on timeout. */
  public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
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

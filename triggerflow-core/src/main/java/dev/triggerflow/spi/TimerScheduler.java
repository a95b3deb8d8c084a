package dev.triggerflow.spi;

import dev.triggerflow.event.Event;
import java.time.Instant;

/**
 * Durable timers: at {@code fireAt}, put {@code event} on the bus. On AWS these are EventBridge
 * Scheduler one-time schedules; in the embedded runtime, a timer queue that the orchestrator
 * refills from the history after a restart.
 */
public interface TimerScheduler {

  /**
   * Schedules a timer. Scheduling the same id twice is harmless: the timer fires once (or, after a
   * crash, at least once: its event id makes the duplicate harmless).
   */
  void schedule(String timerId, Instant fireAt, Event event);

  /** Cancels a timer if it has not fired; unknown ids are ignored. */
  void cancel(String timerId);
}

package dev.triggerflow.runtime;

import dev.triggerflow.event.Event;
import dev.triggerflow.spi.Clock;
import dev.triggerflow.spi.EventPublisher;
import dev.triggerflow.spi.TimerScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded runtime's durable timers. Pending timers are kept in memory; they are durable
 * because the history records every timer a run started, and {@code resume} schedules the ones that
 * have not fired again. A background thread fires timers on the system clock; with a controllable
 * clock, the runtime fires them when a test moves the clock.
 */
final class EmbeddedTimers implements TimerScheduler, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedTimers.class);

  private record Pending(String id, Instant fireAt, Event event, long order) {}

  private final Clock clock;
  private final EventPublisher bus;
  private final PriorityQueue<Pending> queue =
      new PriorityQueue<>(
          (a, b) ->
              a.fireAt().equals(b.fireAt())
                  ? Long.compare(a.order(), b.order())
                  : a.fireAt().compareTo(b.fireAt()));
  private final Map<String, Pending> byId = new HashMap<>();
  private final Thread thread;
  private long order;
  private volatile boolean closed;

  EmbeddedTimers(Clock clock, EventPublisher bus, boolean backgroundThread) {
    this.clock = clock;
    this.bus = bus;
    if (backgroundThread) {
      thread = new Thread(this::loop, "tf-timers");
      thread.setDaemon(true);
      thread.start();
    } else {
      thread = null;
    }
  }

  @Override
  public synchronized void schedule(String timerId, Instant fireAt, Event event) {
    if (byId.containsKey(timerId)) {
      return;
    }
    Pending p = new Pending(timerId, fireAt, event, order++);
    byId.put(timerId, p);
    queue.add(p);
    notifyAll();
  }

  @Override
  public synchronized void cancel(String timerId) {
    Pending p = byId.remove(timerId);
    if (p != null) {
      queue.remove(p);
    }
  }

  /** When the next timer fires, if any is pending. */
  synchronized Optional<Instant> next() {
    Pending p = queue.peek();
    return p == null ? Optional.empty() : Optional.of(p.fireAt());
  }

  /** The number of pending timers. */
  synchronized int pending() {
    return queue.size();
  }

  /** Fires every timer that is due by the clock; returns how many fired. */
  int fireDue() {
    List<Pending> due = new ArrayList<>();
    synchronized (this) {
      Instant now = clock.now();
      while (!queue.isEmpty() && !queue.peek().fireAt().isAfter(now)) {
        Pending p = queue.poll();
        byId.remove(p.id());
        due.add(p);
      }
    }
    for (Pending p : due) {
      log.debug("timer {} fired", p.id());
      bus.publish(List.of(p.event()));
    }
    return due.size();
  }

  private void loop() {
    while (!closed) {
      try {
        fireDue();
        synchronized (this) {
          Pending next = queue.peek();
          long waitMillis =
              next == null
                  ? 1000
                  : Math.max(1, Duration.between(clock.now(), next.fireAt()).toMillis());
          wait(Math.min(waitMillis, 1000));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        log.error("firing timers failed; trying again", e);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    if (thread != null) {
      thread.interrupt();
    }
  }
}

package dev.triggerflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.api.Registry;
import dev.triggerflow.client.RunStarter;
import dev.triggerflow.engine.HistoryCache;
import dev.triggerflow.engine.Orchestrator;
import dev.triggerflow.engine.TaskRunner;
import dev.triggerflow.event.Event;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.runtime.ManualClock;
import dev.triggerflow.spi.FunctionInvoker;
import dev.triggerflow.spi.PayloadStore;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.Stores;
import dev.triggerflow.spi.TaskInvocation;
import dev.triggerflow.spi.TimerScheduler;
import dev.triggerflow.store.memory.InMemoryStores;
import dev.triggerflow.trigger.TriggerProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine's three roles driven by hand in one thread: task invocations, events and wakes queue
 * up and a test decides when each is delivered, so it can duplicate, reorder or drop them.
 */
public class EngineHarness implements FunctionInvoker, TimerScheduler {
  public final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  public final Stores stores;
  public final Orchestrator orchestrator;
  public final TriggerProcessor processor;
  public final TaskRunner taskRunner;
  public final RunStarter starter;
  public final Deque<TaskInvocation> invocations = new ArrayDeque<>();
  public final Deque<Event> events = new ArrayDeque<>();
  public final Deque<String> wakes = new ArrayDeque<>();
  public final List<TaskInvocation> invoked = new ArrayList<>();
  public final Map<String, Map.Entry<Instant, Event>> timers = new LinkedHashMap<>();
  public final List<String> cancelledTimers = new ArrayList<>();
  public int wakeCount;

  public EngineHarness(Registry registry) {
    this(registry, InMemoryStores.create(), 1024);
  }

  public EngineHarness(Registry registry, Stores stores, int cacheSize) {
    this.stores = stores;
    this.orchestrator =
        new Orchestrator(
            registry,
            stores,
            PayloadStore.inline(),
            this,
            events::addAll,
            this,
            clock,
            Duration.ofMinutes(1),
            new HistoryCache(cacheSize),
            null,
            Orchestrator.DEFAULT_MAX_HISTORY_EVENTS);
    this.processor = new TriggerProcessor(registry, stores, this, events::addAll, clock);
    this.taskRunner = new TaskRunner(registry, PayloadStore.inline(), clock);
    this.starter =
        new RunStarter(
            registry, stores.runs(), PayloadStore.inline(), this, clock, stores.triggers());
  }

  @Override
  public void invokeTask(TaskInvocation invocation) {
    invocations.add(invocation);
    invoked.add(invocation);
  }

  @Override
  public void wakeOrchestrator(String runId) {
    wakes.add(runId);
  }

  @Override
  public void schedule(String timerId, Instant fireAt, Event event) {
    timers.putIfAbsent(timerId, Map.entry(fireAt, event));
  }

  @Override
  public void cancel(String timerId) {
    if (timers.remove(timerId) != null) {
      cancelledTimers.add(timerId);
    }
  }

  /** Moves the clock forward and queues the events of the timers that came due. */
  public void advance(Duration duration) {
    clock.advance(duration);
    timers
        .entrySet()
        .removeIf(
            t -> {
              if (!t.getValue().getKey().isAfter(clock.now())) {
                events.add(t.getValue().getValue());
                return true;
              }
              return false;
            });
  }

  /** Starts a run; its first wake is queued. */
  public String start(String workflow, JsonNode input) {
    return starter.start(workflow, input, null);
  }

  /** Runs every queued task; their result events are queued. */
  public void runTasks() {
    while (!invocations.isEmpty()) {
      events.add(taskRunner.run(invocations.poll()));
    }
  }

  /** Delivers every queued event to the trigger processor. */
  public void deliverEvents() {
    while (!events.isEmpty()) {
      processor.process(events.poll());
    }
  }

  /** Performs every queued wake. */
  public void performWakes() {
    while (!wakes.isEmpty()) {
      wakeCount++;
      orchestrator.wake(wakes.poll());
    }
  }

  /** Delivers everything queued, in order, until nothing is left. */
  public void runToQuiescence() {
    while (!invocations.isEmpty() || !events.isEmpty() || !wakes.isEmpty()) {
      performWakes();
      runTasks();
      deliverEvents();
    }
  }

  /** A run's record. */
  public RunRecord run(String runId) {
    return stores.runs().get(runId).orElseThrow();
  }

  /** A run's history. */
  public List<HistoryEvent> history(String runId) {
    return stores.history().read(runId, 0);
  }
}

package dev.triggerflow.benchmarks.triggerflow;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.triggerflow.api.Registry;
import dev.triggerflow.benchmarks.StepClock;
import dev.triggerflow.client.RunStarter;
import dev.triggerflow.engine.HistoryCache;
import dev.triggerflow.engine.Orchestrator;
import dev.triggerflow.engine.TaskRunner;
import dev.triggerflow.event.Event;
import dev.triggerflow.spi.Clock;
import dev.triggerflow.spi.EventPublisher;
import dev.triggerflow.spi.FunctionInvoker;
import dev.triggerflow.spi.PayloadStore;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import dev.triggerflow.spi.Stores;
import dev.triggerflow.spi.TaskInvocation;
import dev.triggerflow.spi.TimerScheduler;
import dev.triggerflow.store.memory.InMemoryStores;
import dev.triggerflow.trigger.TriggerProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * The engine's three roles (orchestrator, task executor, trigger processor) wired to the in-memory
 * stores and driven in one thread: each queued wake, task and event is handled in turn. With no
 * thread hand-offs, pools or bus in between, the time of each {@link Orchestrator#wake} is the
 * engine's own cost of a step, which is what a change to how wakes replay would move.
 */
public final class SynchronousEngine implements FunctionInvoker, TimerScheduler, EventPublisher {
  private final Deque<String> wakes = new ArrayDeque<>();
  private final Deque<TaskInvocation> tasks = new ArrayDeque<>();
  private final Deque<Event> events = new ArrayDeque<>();
  private final Stores stores = InMemoryStores.create();
  private final Orchestrator orchestrator;
  private final TriggerProcessor processor;
  private final TaskRunner runner;
  private final RunStarter starter;

  /** An engine with the embedded runtime's default history cache of 1,024 runs. */
  public SynchronousEngine() {
    this(1024);
  }

  /**
   * An engine that keeps {@code cachedRuns} runs' histories (and parked code) between wakes; with
   * 0, every wake reads the whole history and replays the code from the top, as a wake that lands
   * on a fresh Lambda container does.
   */
  public SynchronousEngine(int cachedRuns) {
    Registry registry = NoOpWorkflows.registry(new StepClock());
    Clock clock = Clock.system();
    this.orchestrator =
        new Orchestrator(
            registry,
            stores,
            PayloadStore.inline(),
            this,
            this,
            this,
            clock,
            Duration.ofMinutes(1),
            new HistoryCache(cachedRuns),
            null,
            Orchestrator.DEFAULT_MAX_HISTORY_EVENTS);
    this.processor = new TriggerProcessor(registry, stores, this, this, clock);
    this.runner = new TaskRunner(registry, PayloadStore.inline(), clock);
    this.starter = new RunStarter(registry, stores.runs(), PayloadStore.inline(), this, clock);
  }

  /** What one sequential run cost. */
  public static final class Profile {
    private final long[] wakeNanos;
    private final long totalNanos;

    Profile(long[] wakeNanos, long totalNanos) {
      this.wakeNanos = wakeNanos;
      this.totalNanos = totalNanos;
    }

    /** The whole run, tasks and trigger evaluation included. */
    public long totalNanos() {
      return totalNanos;
    }

    /**
     * The cost of wake k, the one that took the result of call k and made call k + 1 (wake 0
     * started the run): the median over the {@value StepClock#WINDOW} wakes that end with it.
     */
    public double wakeCost(int k) {
      int last = Math.min(k, wakeNanos.length - 1);
      int first = Math.max(1, last - StepClock.WINDOW + 1);
      return StepClock.median(Arrays.copyOfRange(wakeNanos, first, last + 1));
    }
  }

  /** Runs the sequential workflow of {@code n} calls to completion, timing every wake. */
  public Profile sequential(int n) {
    List<Long> wakeTimes = new ArrayList<>(n + 1);
    long start = System.nanoTime();
    String runId = starter.start(NoOpWorkflows.SEQUENTIAL, IntNode.valueOf(n), null);
    while (!wakes.isEmpty() || !tasks.isEmpty() || !events.isEmpty()) {
      if (!wakes.isEmpty()) {
        String wake = wakes.poll();
        long before = System.nanoTime();
        orchestrator.wake(wake);
        wakeTimes.add(System.nanoTime() - before);
      } else if (!tasks.isEmpty()) {
        events.add(runner.run(tasks.poll()));
      } else {
        processor.process(events.poll());
      }
    }
    long total = System.nanoTime() - start;
    RunRecord run = stores.runs().get(runId).orElseThrow();
    if (run.status() != RunStatus.COMPLETED || wakeTimes.size() != n + 1) {
      throw new IllegalStateException(
          "run " + runId + " ended " + run.status() + " after " + wakeTimes.size() + " wakes");
    }
    return new Profile(wakeTimes.stream().mapToLong(Long::longValue).toArray(), total);
  }

  @Override
  public void invokeTask(TaskInvocation invocation) {
    tasks.add(invocation);
  }

  @Override
  public void wakeOrchestrator(String runId) {
    wakes.add(runId);
  }

  @Override
  public void publish(List<Event> published) {
    events.addAll(published);
  }

  @Override
  public void schedule(String timerId, Instant fireAt, Event event) {
    throw new UnsupportedOperationException("the benchmark workflows start no timers");
  }

  @Override
  public void cancel(String timerId) {}
}

package dev.triggerflow.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.api.Names;
import dev.triggerflow.api.Registry;
import dev.triggerflow.client.RunStarter;
import dev.triggerflow.client.UnknownRunException;
import dev.triggerflow.client.WorkflowClient;
import dev.triggerflow.engine.HistoryCache;
import dev.triggerflow.engine.Orchestrator;
import dev.triggerflow.engine.TaskRunner;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.event.Event;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.json.PayloadLimit;
import dev.triggerflow.spi.Clock;
import dev.triggerflow.spi.DeadLetter;
import dev.triggerflow.spi.FunctionInvoker;
import dev.triggerflow.spi.PayloadStore;
import dev.triggerflow.spi.RunPage;
import dev.triggerflow.spi.RunQuery;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import dev.triggerflow.spi.Stores;
import dev.triggerflow.spi.TaskInvocation;
import dev.triggerflow.store.memory.InMemoryStores;
import dev.triggerflow.trigger.TriggerProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All three roles in one JVM: tasks on a bounded thread pool, the trigger processor behind an
 * in-process bus that matches events with the EventBridge rule's own pattern, and the orchestrator
 * on its own pool. Runs persist in whatever {@link Stores} it is given: in memory for tests, a
 * SQLite file for the CLI.
 */
public final class EmbeddedRuntime implements WorkflowClient, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedRuntime.class);

  private final Registry registry;
  private final Stores stores;
  private final Clock clock;
  private final ExecutorService taskPool;
  private final ExecutorService orchestratorPool;
  private final ExecutorService busPool;
  private final java.util.concurrent.ScheduledExecutorService watchdog;
  private final Duration taskTimeout;
  private final Activity activity = new Activity();
  private final EmbeddedEventBus bus;
  private final EmbeddedTimers timers;
  private final Orchestrator orchestrator;
  private final TriggerProcessor triggerProcessor;
  private final RunStarter starter;
  private final Map<String, CompletableFuture<RunRecord>> finished = new ConcurrentHashMap<>();
  private final AtomicInteger taskExecutions = new AtomicInteger();

  private EmbeddedRuntime(Builder b) {
    this.registry = Objects.requireNonNull(b.registry, "a registry is required");
    this.stores = b.stores != null ? b.stores : InMemoryStores.create();
    this.clock = b.clock;
    this.taskPool = Executors.newFixedThreadPool(b.taskThreads, daemon("tf-task"));
    this.orchestratorPool =
        Executors.newFixedThreadPool(b.orchestratorThreads, daemon("tf-orchestrator"));
    this.busPool = Executors.newFixedThreadPool(b.busThreads, daemon("tf-bus"));
    java.util.concurrent.ScheduledThreadPoolExecutor dog =
        new java.util.concurrent.ScheduledThreadPoolExecutor(1, daemon("tf-watchdog"));
    dog.setRemoveOnCancelPolicy(true);
    this.watchdog = dog;
    this.taskTimeout = b.taskTimeout;
    this.bus = new EmbeddedEventBus(busPool, stores.deadLetters(), clock, 3, activity);
    FunctionInvoker invoker = new LocalInvoker();
    this.timers = new EmbeddedTimers(clock, bus, !(clock instanceof ManualClock));
    this.orchestrator =
        new Orchestrator(
            registry,
            stores,
            PayloadStore.inline(),
            invoker,
            bus,
            timers,
            clock,
            b.leaseDuration,
            new HistoryCache(b.historyCacheSize),
            this::onFinished,
            b.maxHistoryEvents);
    this.triggerProcessor =
        new TriggerProcessor(
            registry, stores, invoker, bus, clock, this::onFinished, Duration.ZERO);
    this.bus.addRule("engine-events", EngineEvents.RULE_PATTERN, triggerProcessor::process);
    this.starter =
        new RunStarter(
            registry, stores.runs(), PayloadStore.inline(), invoker, clock, stores.triggers());
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  @Override
  public String start(String workflow, JsonNode input, String runId) {
    return starter.start(workflow, input, runId);
  }

  /** Starts a run with a new id. */
  public String start(String workflow, JsonNode input) {
    return start(workflow, input, null);
  }

  @Override
  public Optional<RunRecord> run(String runId) {
    return stores.runs().get(runId);
  }

  @Override
  public List<HistoryEvent> history(String runId) {
    if (stores.runs().get(runId).isEmpty()) {
      throw new UnknownRunException(runId);
    }
    return stores.history().read(runId, 0);
  }

  @Override
  public RunPage list(RunQuery query) {
    return stores.runs().list(query);
  }

  @Override
  public List<DeadLetter> deadLetters(int limit) {
    return stores.deadLetters().list(limit);
  }

  @Override
  public void signal(String runId, String name, JsonNode payload, String eventId) {
    requireRun(runId);
    Names.requireValid("event name", name);
    PayloadLimit.require("the payload of event '" + name + "'", payload);
    String id = eventId != null ? eventId : runId + "/event/" + UUID.randomUUID();
    bus.publish(List.of(EngineEvents.externalEvent(runId, name, payload, id, clock.now())));
  }

  @Override
  public void terminate(String runId, String reason) {
    requireRun(runId);
    bus.publish(List.of(EngineEvents.terminateRequested(runId, reason, clock.now())));
  }

  private RunRecord requireRun(String runId) {
    return stores.runs().get(runId).orElseThrow(() -> new UnknownRunException(runId));
  }

  /**
   * Moves a {@link ManualClock} forward and fires the timers that came due, in order: the way tests
   * skip a day in a second.
   *
   * @throws IllegalStateException if the runtime does not run on a {@link ManualClock}
   */
  public void advanceTime(Duration duration) throws InterruptedException {
    if (!(clock instanceof ManualClock manual)) {
      throw new IllegalStateException("advanceTime needs a runtime built with a ManualClock");
    }
    Instant target = manual.now().plus(duration);
    while (true) {
      awaitIdle(Duration.ofSeconds(30));
      Optional<Instant> next = timers.next();
      if (next.isEmpty() || next.get().isAfter(target)) {
        break;
      }
      if (next.get().isAfter(manual.now())) {
        manual.advance(Duration.between(manual.now(), next.get()));
      }
      timers.fireDue();
    }
    if (target.isAfter(manual.now())) {
      manual.advance(Duration.between(manual.now(), target));
    }
    timers.fireDue();
    awaitIdle(Duration.ofSeconds(30));
  }

  /** When the next pending timer fires, if any. */
  public Optional<Instant> nextTimer() {
    return timers.next();
  }

  /**
   * Waits until a run finishes, following continue-as-new to the run that finally does.
   *
   * @throws TimeoutException if it has not finished within {@code timeout}
   * @throws UnknownRunException if there is no such run
   */
  public RunRecord awaitCompletion(String runId, Duration timeout)
      throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    RunRecord run = awaitOne(runId, timeout);
    while (run.status() == RunStatus.CONTINUED_AS_NEW) {
      Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
      run = awaitOne(run.result().get("continuedAs").asText(), left);
    }
    return run;
  }

  private RunRecord awaitOne(String runId, Duration timeout)
      throws TimeoutException, InterruptedException {
    CompletableFuture<RunRecord> done =
        finished.computeIfAbsent(runId, id -> new CompletableFuture<>());
    RunRecord current = stores.runs().get(runId).orElseThrow(() -> new UnknownRunException(runId));
    if (current.status().isTerminal()) {
      finished.remove(runId);
      return current;
    }
    try {
      return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      finished.remove(runId);
    }
  }

  private void onFinished(RunRecord run) {
    CompletableFuture<RunRecord> done = finished.get(run.runId());
    if (done != null) {
      done.complete(run);
    }
  }

  /**
   * Continues the runs left unfinished by a process that stopped: every call that was started and
   * has no result yet is started again, and every orchestrated run is woken. A native run is
   * carried on by {@link TriggerProcessor#recoverNative}.
   *
   * @return the ids of the runs resumed
   */
  public List<String> resume() {
    return resume(null);
  }

  /**
   * Continues, like {@link #resume()}, those of the given runs that are running.
   *
   * @param runIds the runs to continue; null for every running run
   * @return the ids of the runs resumed
   */
  public List<String> resume(Collection<String> runIds) {
    Set<String> only = runIds == null ? null : Set.copyOf(runIds);
    List<String> resumed = new ArrayList<>();
    String token = null;
    do {
      RunPage page = stores.runs().list(new RunQuery(null, RunStatus.RUNNING, 1000, token));
      for (RunRecord run : page.runs()) {
        if (only != null && !only.contains(run.runId())) {
          continue;
        }
        resumed.add(run.runId());
        activity.begin();
        orchestratorPool.execute(
            () -> {
              try {
                if (!triggerProcessor.recoverNative(run.runId())) {
                  orchestrator.recover(run.runId());
                }
              } catch (RuntimeException e) {
                log.error("resuming run {} failed", run.runId(), e);
              } finally {
                activity.end();
              }
            });
      }
      token = page.nextPageToken();
    } while (token != null);
    return resumed;
  }

  /** Waits until no task, event delivery or wake is in flight; false on timeout. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    return activity.awaitIdle(timeout);
  }

  /** The bus, to publish events from outside or to add rules. */
  public EmbeddedEventBus bus() {
    return bus;
  }

  /** The trigger processor, to feed it events directly. */
  public TriggerProcessor triggerProcessor() {
    return triggerProcessor;
  }

  /** The stores the runtime runs on. */
  public Stores stores() {
    return stores;
  }

  /** How many task invocations this runtime has executed. */
  public int taskExecutions() {
    return taskExecutions.get();
  }

  @Override
  public void close() {
    timers.close();
    watchdog.shutdownNow();
    taskPool.shutdownNow();
    orchestratorPool.shutdownNow();
    busPool.shutdownNow();
    // Workflow code parked between wakes runs on threads of its own, which nothing would end.
    orchestrator.discardCached();
  }

  /** Runs tasks and wakes on this runtime's pools. */
  private final class LocalInvoker implements FunctionInvoker {
    private final TaskRunner runner = new TaskRunner(registry, PayloadStore.inline(), clock);

    @Override
    public void invokeTask(TaskInvocation invocation) {
      activity.begin();
      AtomicBoolean claimed = new AtomicBoolean();
      AtomicBoolean reported = new AtomicBoolean();
      AtomicReference<Future<?>> timeout = new AtomicReference<>();
      Future<?> running =
          taskPool.submit(
              () -> {
                if (!claimed.compareAndSet(false, true)) {
                  return;
                }
                try {
                  log.debug(
                      "running task {} call {} attempt {} of run {}",
                      invocation.task(),
                      invocation.callId(),
                      invocation.attempt(),
                      invocation.runId());
                  taskExecutions.incrementAndGet();
                  Event result = runner.run(invocation);
                  if (reported.compareAndSet(false, true)) {
                    bus.publish(List.of(result));
                  }
                } catch (RuntimeException e) {
                  log.error(
                      "task {} of run {} could not report its result",
                      invocation.task(),
                      invocation.runId(),
                      e);
                } finally {
                  Future<?> t = timeout.get();
                  if (t != null) {
                    t.cancel(false);
                  }
                  activity.end();
                }
              });
      timeout.set(
          watchdog.schedule(
              () -> timedOut(invocation, running, claimed, reported),
              taskTimeout.toMillis(),
              TimeUnit.MILLISECONDS));
    }

    /** Fails a call whose task ran too long, and interrupts the task. */
    private void timedOut(
        TaskInvocation invocation,
        Future<?> running,
        AtomicBoolean claimed,
        AtomicBoolean reported) {
      if (running.isDone() || !reported.compareAndSet(false, true)) {
        return;
      }
      running.cancel(true);
      if (claimed.compareAndSet(false, true)) {
        activity.end();
      }
      log.warn(
          "task {} call {} of run {} timed out after {}",
          invocation.task(),
          invocation.callId(),
          invocation.runId(),
          taskTimeout);
      bus.publish(
          List.of(
              EngineEvents.taskFailed(
                  invocation.runId(),
                  invocation.groupId(),
                  invocation.callId(),
                  invocation.attempt(),
                  "TaskTimedOut",
                  "task '" + invocation.task() + "' ran longer than its timeout of " + taskTimeout,
                  clock.now())));
    }

    @Override
    public void wakeOrchestrator(String runId) {
      activity.begin();
      orchestratorPool.execute(
          () -> {
            try {
              orchestrator.wake(runId);
            } catch (RuntimeException e) {
              log.error("waking run {} failed", runId, e);
            } finally {
              activity.end();
            }
          });
    }
  }

  /** Configures an {@link EmbeddedRuntime}. */
  public static final class Builder {
    private Registry registry;
    private Stores stores;
    private Clock clock = Clock.system();
    private int taskThreads = 16;
    private int orchestratorThreads = 2;
    private int busThreads = 2;
    private Duration leaseDuration = Duration.ofMinutes(1);
    private int historyCacheSize = 1024;
    private int maxHistoryEvents = Orchestrator.DEFAULT_MAX_HISTORY_EVENTS;
    private Duration taskTimeout = Duration.ofMinutes(15);

    private Builder() {}

    /** The workflows and tasks the runtime can run (required). */
    public Builder registry(Registry registry) {
      this.registry = registry;
      return this;
    }

    /** Where runs persist; in memory by default. */
    public Builder stores(Stores stores) {
      this.stores = stores;
      return this;
    }

    /** The clock; the system clock by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** How many tasks run at once; 16 by default. */
    public Builder taskThreads(int n) {
      this.taskThreads = positive("taskThreads", n);
      return this;
    }

    /** How many orchestrator wakes run at once; 2 by default. */
    public Builder orchestratorThreads(int n) {
      this.orchestratorThreads = positive("orchestratorThreads", n);
      return this;
    }

    /** How many event deliveries run at once; 2 by default. */
    public Builder busThreads(int n) {
      this.busThreads = positive("busThreads", n);
      return this;
    }

    /** How long an orchestrator's lease lasts; one minute by default. */
    public Builder leaseDuration(Duration d) {
      this.leaseDuration = Objects.requireNonNull(d);
      return this;
    }

    /** How many runs' histories to keep replayed between wakes; 1024 by default, 0 for none. */
    public Builder historyCacheSize(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("historyCacheSize must not be negative");
      }
      this.historyCacheSize = n;
      return this;
    }

    /**
     * How long a task may run before its call fails with {@code TaskTimedOut} (its thread is
     * interrupted); 15 minutes by default, like a Lambda function's longest timeout. Measured in
     * real time, not on the runtime's clock.
     */
    public Builder taskTimeout(Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("taskTimeout must be positive");
      }
      this.taskTimeout = d;
      return this;
    }

    /** The most history events one run may have; see {@link Orchestrator}. */
    public Builder maxHistoryEvents(int n) {
      this.maxHistoryEvents = n;
      return this;
    }

    /** The runtime. */
    public EmbeddedRuntime build() {
      return new EmbeddedRuntime(this);
    }

    private static int positive(String what, int n) {
      if (n < 1) {
        throw new IllegalArgumentException(what + " must be at least 1, not " + n);
      }
      return n;
    }
  }
}

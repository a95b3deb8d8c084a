package dev.triggerflow.aws.metrics;

import dev.triggerflow.deployment.MetricNames;
import dev.triggerflow.engine.RunListener;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.history.HistoryEvent.EpisodeStarted;
import dev.triggerflow.history.HistoryEvent.RunStarted;
import dev.triggerflow.history.HistoryEvent.TaskAttemptFailed;
import dev.triggerflow.history.HistoryEvent.TaskFailed;
import dev.triggerflow.history.HistoryEvent.TaskRetried;
import dev.triggerflow.history.HistoryEvent.TaskScheduled;
import dev.triggerflow.history.HistoryEvent.TaskSucceeded;
import dev.triggerflow.spi.Clock;
import dev.triggerflow.spi.HistoryStore;
import dev.triggerflow.spi.LeaseOutcome;
import dev.triggerflow.spi.ReleaseOutcome;
import dev.triggerflow.spi.RunPage;
import dev.triggerflow.spi.RunQuery;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import dev.triggerflow.spi.RunStore;
import dev.triggerflow.spi.RunUpdate;
import dev.triggerflow.spi.Stores;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The engine's metrics on Lambda, written by the handlers in CloudWatch's embedded metric format:
 * one line per workflow per invocation, in namespace {@value MetricNames#NAMESPACE}, with the one
 * dimension {@value MetricNames#WORKFLOW}. Every name comes from {@link MetricNames}, where the CDK
 * construct's dashboard and alarms read them too.
 *
 * <ul>
 *   <li>{@value MetricNames#RUNS_STARTED} (Count): an orchestrated run whose first episode (its
 *       start) a wake committed, which counts each run once, children and continued runs included;
 *       and a native run that a function created. A native run that a client with its own task
 *       functions starts is not counted: no function sees it start.
 *   <li>{@value MetricNames#RUNS_COMPLETED} (Count): a run that finished with a result.
 *   <li>{@value MetricNames#RUNS_FAILED} (Count): a run that failed or was terminated. A run that
 *       continued as new is neither; its successor counts as started.
 *   <li>{@value MetricNames#STEP_LATENCY} (Milliseconds): for each task result a wake consumes, the
 *       time from the start of the episode that scheduled the task (or its retry) to the start of
 *       the episode that consumed its result: the task's run time plus the engine's delay in
 *       carrying its result back (the bus, the trigger, the orchestrator's invocation). Times are
 *       the engine's clock. A result whose scheduling this container has not seen (the run's
 *       history was last read by another container, and evicted here) gives no sample.
 *   <li>{@value MetricNames#REPLAY_LENGTH} (Count): the number of history events the run has at the
 *       end of a wake, which is what the wake's replay ran against when it replayed from the start.
 *   <li>{@value MetricNames#WAKE_DURATION} (Milliseconds): how long one orchestrator wake took, by
 *       the process's monotonic clock.
 * </ul>
 *
 * <p>The handlers open an {@link Invocation} per request; the stores that {@link #meter} wraps
 * record into the invocation of the calling thread, so nothing is recorded outside a handler (a
 * client that shares the engine's classes writes no metric).
 */
public final class EngineMetrics implements RunListener {
  /** CloudWatch's unit of a count. */
  static final String COUNT = "Count";

  /** CloudWatch's unit of a duration in milliseconds. */
  static final String MILLISECONDS = "Milliseconds";

  private final MetricsSink sink;
  private final Clock clock;
  private final Predicate<String> isNativeWorkflow;

  /**
   * The open invocation of each thread. Shared by every engine of a process, since a thread serves
   * one request at a time whichever engine it uses.
   */
  private static final ThreadLocal<Invocation> CURRENT = new ThreadLocal<>();

  private final ScheduledTasks scheduled;

  /**
   * Metrics written to {@code sink}, stamped by {@code clock}.
   *
   * @param isNativeWorkflow tells the native workflows, whose runs are counted when created
   * @param runsKept how many runs' scheduled tasks are remembered for step latency
   */
  public EngineMetrics(
      MetricsSink sink, Clock clock, Predicate<String> isNativeWorkflow, int runsKept) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.isNativeWorkflow = Objects.requireNonNull(isNativeWorkflow, "isNativeWorkflow");
    this.scheduled = new ScheduledTasks(Math.max(1, runsKept));
  }

  /** Starts recording for the calling thread's request; close it to write the lines. */
  public Invocation begin() {
    Invocation invocation = new Invocation(CURRENT.get());
    CURRENT.set(invocation);
    return invocation;
  }

  /** The stores, recording what the metrics need as they are used. */
  public Stores meter(Stores stores) {
    return new Stores(
        new MeteredRuns(stores.runs()),
        new MeteredHistory(stores.history()),
        stores.inbox(),
        stores.triggers(),
        stores.deadLetters());
  }

  @Override
  public void onFinished(RunRecord run) {
    Invocation invocation = CURRENT.get();
    if (invocation == null) {
      return;
    }
    if (run.status() == RunStatus.COMPLETED) {
      invocation.add(run.workflow(), MetricNames.RUNS_COMPLETED, COUNT, 1);
    } else if (run.status() == RunStatus.FAILED || run.status() == RunStatus.TERMINATED) {
      invocation.add(run.workflow(), MetricNames.RUNS_FAILED, COUNT, 1);
    }
  }

  private void record(String workflow, String metric, String unit, double value) {
    Invocation invocation = CURRENT.get();
    if (invocation != null) {
      invocation.add(workflow, metric, unit, value);
    }
  }

  /** What one request recorded; closing it writes one line per workflow. */
  public final class Invocation implements AutoCloseable {
    private final Map<String, EmfLine> lines = new LinkedHashMap<>();
    private final Invocation outer;
    private String runId;
    private String workflow;

    private Invocation(Invocation outer) {
      this.outer = outer;
    }

    /** Records how long a wake of the run last leased took. */
    public void wakeDuration(Duration duration) {
      if (workflow != null) {
        add(workflow, MetricNames.WAKE_DURATION, MILLISECONDS, duration.toNanos() / 1_000_000.0);
      }
    }

    private void leased(RunRecord run) {
      runId = run.runId();
      workflow = run.workflow();
    }

    private void released(RunUpdate update) {
      if (workflow != null && update.historyLength() > 0) {
        line(workflow).set(MetricNames.REPLAY_LENGTH, COUNT, update.historyLength());
      }
    }

    private void add(String workflow, String metric, String unit, double value) {
      line(workflow).add(metric, unit, value);
    }

    private EmfLine line(String workflow) {
      return lines.computeIfAbsent(
          workflow, w -> new EmfLine(MetricNames.NAMESPACE).dimension(MetricNames.WORKFLOW, w));
    }

    @Override
    public void close() {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
      Instant now = clock.now();
      for (Map.Entry<String, EmfLine> e : lines.entrySet()) {
        EmfLine line = e.getValue();
        if (e.getKey().equals(workflow)) {
          line.property("runId", runId);
        }
        if (!line.isEmpty()) {
          line.render(now).forEach(sink::write);
        }
      }
    }
  }

  /** The run store, telling the invocation which run it leased and how long its history is. */
  private final class MeteredRuns implements RunStore {
    private final RunStore delegate;

    MeteredRuns(RunStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public boolean create(RunRecord run) {
      boolean created = delegate.create(run);
      if (created && isNativeWorkflow.test(run.workflow())) {
        record(run.workflow(), MetricNames.RUNS_STARTED, COUNT, 1);
      }
      return created;
    }

    @Override
    public Optional<RunRecord> get(String runId) {
      return delegate.get(runId);
    }

    @Override
    public LeaseOutcome acquireLease(String runId, String owner, Instant now, Duration duration) {
      LeaseOutcome outcome = delegate.acquireLease(runId, owner, now, duration);
      Invocation invocation = CURRENT.get();
      if (invocation != null && outcome instanceof LeaseOutcome.Acquired acquired) {
        invocation.leased(acquired.run());
      }
      return outcome;
    }

    @Override
    public Optional<RunRecord> recordEventArrival(String runId) {
      return delegate.recordEventArrival(runId);
    }

    @Override
    public ReleaseOutcome release(
        String runId, String owner, long observedWakeSeq, RunUpdate update, Instant now) {
      ReleaseOutcome outcome = delegate.release(runId, owner, observedWakeSeq, update, now);
      Invocation invocation = CURRENT.get();
      if (invocation != null && outcome != ReleaseOutcome.LEASE_LOST) {
        invocation.released(update);
      }
      return outcome;
    }

    @Override
    public RunPage list(RunQuery query) {
      return delegate.list(query);
    }
  }

  /** The history store, timing each task from its scheduling to the wake that took its result. */
  private final class MeteredHistory implements HistoryStore {
    private final HistoryStore delegate;

    MeteredHistory(HistoryStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public void append(String runId, int episode, List<HistoryEvent> events) {
      delegate.append(runId, episode, events);
      Instant episodeTime = episodeTime(events);
      for (HistoryEvent e : events) {
        if (e instanceof RunStarted started) {
          record(started.workflow(), MetricNames.RUNS_STARTED, COUNT, 1);
        }
      }
      Map<Integer, Instant> tasks = scheduled.of(runId, false);
      if (episodeTime == null) {
        return;
      }
      String workflow = workflowOf(runId);
      for (HistoryEvent e : events) {
        Integer callId = consumedCall(e);
        Instant since = callId == null ? null : tasks.remove(callId);
        if (since != null && workflow != null) {
          record(
              workflow,
              MetricNames.STEP_LATENCY,
              MILLISECONDS,
              (double) Math.max(0, Duration.between(since, episodeTime).toMillis()));
        }
        remember(tasks, e, episodeTime);
      }
    }

    @Override
    public List<HistoryEvent> read(String runId, int fromEpisode) {
      List<HistoryEvent> events = delegate.read(runId, fromEpisode);
      Map<Integer, Instant> tasks = scheduled.of(runId, fromEpisode == 0);
      Instant episodeTime = null;
      for (HistoryEvent e : events) {
        if (e instanceof RunStarted s) {
          episodeTime = s.time();
        } else if (e instanceof EpisodeStarted s) {
          episodeTime = s.time();
        }
        Integer callId = consumedCall(e);
        if (callId != null) {
          tasks.remove(callId);
        }
        remember(tasks, e, episodeTime);
      }
      return events;
    }

    private String workflowOf(String runId) {
      Invocation invocation = CURRENT.get();
      return invocation != null && runId.equals(invocation.runId) ? invocation.workflow : null;
    }
  }

  private static Instant episodeTime(List<HistoryEvent> events) {
    if (events.isEmpty()) {
      return null;
    }
    HistoryEvent first = events.get(0);
    if (first instanceof RunStarted s) {
      return s.time();
    }
    return first instanceof EpisodeStarted s ? s.time() : null;
  }

  /** The call whose task result an event records, or null. */
  private static Integer consumedCall(HistoryEvent e) {
    if (e instanceof TaskSucceeded s) {
      return s.callId();
    } else if (e instanceof TaskFailed f) {
      return f.callId();
    } else if (e instanceof TaskAttemptFailed f) {
      return f.callId();
    }
    return null;
  }

  private static void remember(Map<Integer, Instant> tasks, HistoryEvent e, Instant time) {
    if (time == null) {
      return;
    }
    if (e instanceof TaskScheduled s) {
      tasks.put(s.callId(), time);
    } else if (e instanceof TaskRetried r) {
      tasks.put(r.callId(), time);
    }
  }

  /** When each pending task of the most recently used runs was scheduled. */
  private static final class ScheduledTasks {
    private final Map<String, Map<Integer, Instant>> byRun;

    ScheduledTasks(int capacity) {
      this.byRun =
          new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Map<Integer, Instant>> eldest) {
              return size() > capacity;
            }
          };
    }

    /** The run's pending tasks, which the caller may change; emptied first if {@code fresh}. */
    synchronized Map<Integer, Instant> of(String runId, boolean fresh) {
      Map<Integer, Instant> tasks =
          byRun.computeIfAbsent(runId, r -> Collections.synchronizedMap(new HashMap<>()));
      if (fresh) {
        tasks.clear();
      }
      return tasks;
    }
  }
}

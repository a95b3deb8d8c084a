package dev.triggerflow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.api.Registry;
import dev.triggerflow.api.RetryPolicy;
import dev.triggerflow.api.WorkflowDefinition;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.event.Event;
import dev.triggerflow.event.EventCodec;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.history.HistoryEvent.CallStarted;
import dev.triggerflow.history.HistoryEvent.CallsJoined;
import dev.triggerflow.history.HistoryEvent.ChildStarted;
import dev.triggerflow.history.HistoryEvent.EpisodeStarted;
import dev.triggerflow.history.HistoryEvent.EventReceived;
import dev.triggerflow.history.HistoryEvent.RunCompleted;
import dev.triggerflow.history.HistoryEvent.RunContinuedAsNew;
import dev.triggerflow.history.HistoryEvent.RunFailed;
import dev.triggerflow.history.HistoryEvent.RunStarted;
import dev.triggerflow.history.HistoryEvent.RunTerminated;
import dev.triggerflow.history.HistoryEvent.TaskAttemptFailed;
import dev.triggerflow.history.HistoryEvent.TaskFailed;
import dev.triggerflow.history.HistoryEvent.TaskRetried;
import dev.triggerflow.history.HistoryEvent.TaskScheduled;
import dev.triggerflow.history.HistoryEvent.TaskSucceeded;
import dev.triggerflow.history.HistoryEvent.TimerFired;
import dev.triggerflow.history.HistoryEvent.TimerStarted;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.Clock;
import dev.triggerflow.spi.DeadLetter;
import dev.triggerflow.spi.EventPublisher;
import dev.triggerflow.spi.FunctionInvoker;
import dev.triggerflow.spi.HistoryStore.HistoryConflictException;
import dev.triggerflow.spi.LeaseOutcome;
import dev.triggerflow.spi.PayloadStore;
import dev.triggerflow.spi.ReleaseOutcome;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import dev.triggerflow.spi.RunUpdate;
import dev.triggerflow.spi.Stores;
import dev.triggerflow.spi.TaskInvocation;
import dev.triggerflow.spi.TimerScheduler;
import dev.triggerflow.trigger.Actions;
import dev.triggerflow.trigger.Conditions;
import dev.triggerflow.trigger.SeenEvents;
import dev.triggerflow.trigger.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The orchestrator role: one wake of one run.
 *
 * <p>A wake takes the run's lease, reads the history (only what is new, when the history is
 * cached), folds the run's pending events into a new episode, replays the workflow's code against
 * the history, and appends the episode with the new commands (commit). Only then does it register
 * the triggers for the new calls and start their tasks, timers and child runs (dispatch). It lets
 * go of the lease only if no event arrived meanwhile; otherwise it runs again. A crash between
 * commit and dispatch is repaired by the next wake, which dispatches whatever was committed and not
 * yet dispatched.
 */
public final class Orchestrator {
  private static final Logger log = LoggerFactory.getLogger(Orchestrator.class);

  /** The default limit on the number of history events of one run. */
  public static final int DEFAULT_MAX_HISTORY_EVENTS = 250_000;

  private final Registry registry;
  private final Stores stores;
  private final PayloadStore payloads;
  private final FunctionInvoker invoker;
  private final EventPublisher publisher;
  private final TimerScheduler timers;
  private final Clock clock;
  private final Duration leaseDuration;
  private final HistoryCache cache;
  private final RunListener listener;
  private final int maxHistoryEvents;

  /** The outcome of one wake. */
  public enum WakeOutcome {
    /** The run advanced (or had nothing new) and the lease was released. */
    DONE,
    /** Another orchestrator holds the lease; it will see the new events. */
    LEASE_HELD,
    /** The run had finished already. */
    FINISHED,
    /** There is no such run. */
    NOT_FOUND,
    /** This orchestrator lost its lease midway; the newer holder carries on. */
    LEASE_LOST,
    /** The run is a native workflow's, which its triggers carry on without an orchestrator. */
    NATIVE
  }

  /** An orchestrator for deployments without timers, child notifications or run control. */
  public Orchestrator(
      Registry registry,
      Stores stores,
      PayloadStore payloads,
      FunctionInvoker invoker,
      Clock clock,
      Duration leaseDuration,
      HistoryCache cache,
      RunListener listener) {
    this(
        registry,
        stores,
        payloads,
        invoker,
        events -> {
          throw new IllegalStateException(
              "this orchestrator was built without an event publisher; build it with one to use"
                  + " child workflows");
        },
        unsupportedTimers(),
        clock,
        leaseDuration,
        cache,
        listener,
        DEFAULT_MAX_HISTORY_EVENTS);
  }

  /** An orchestrator with every port. */
  public Orchestrator(
      Registry registry,
      Stores stores,
      PayloadStore payloads,
      FunctionInvoker invoker,
      EventPublisher publisher,
      TimerScheduler timers,
      Clock clock,
      Duration leaseDuration,
      HistoryCache cache,
      RunListener listener,
      int maxHistoryEvents) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.stores = Objects.requireNonNull(stores, "stores");
    this.payloads = Objects.requireNonNull(payloads, "payloads");
    this.invoker = Objects.requireNonNull(invoker, "invoker");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.timers = Objects.requireNonNull(timers, "timers");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.leaseDuration = Objects.requireNonNull(leaseDuration, "leaseDuration");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.listener = listener == null ? run -> {} : listener;
    if (maxHistoryEvents < 10) {
      throw new IllegalArgumentException("maxHistoryEvents must be at least 10");
    }
    this.maxHistoryEvents = maxHistoryEvents;
  }

  private static TimerScheduler unsupportedTimers() {
    return new TimerScheduler() {
      @Override
      public void schedule(String timerId, Instant fireAt, Event event) {
        throw new IllegalStateException(
            "this orchestrator was built without a timer scheduler; build it with one to use"
                + " timers and retries");
      }

      @Override
      public void cancel(String timerId) {}
    };
  }

  /**
   * Unwinds the workflow code this orchestrator keeps parked between wakes and empties its cache.
   * Call it when the orchestrator is no longer used; a later wake replays from the stored history.
   */
  public void discardCached() {
    cache.clear();
  }

  /** Wakes a run: advances it as far as its recorded events allow. */
  public WakeOutcome wake(String runId) {
    return withRun(runId, false);
  }

  /**
   * Recovers a run after the process that ran its tasks and timers died: starts again every call
   * that was dispatched and has no outcome yet (at least once: the same attempt, the same
   * idempotency key), schedules its pending timers again, then wakes the run.
   */
  public WakeOutcome recover(String runId) {
    return withRun(runId, true);
  }

  private WakeOutcome withRun(String runId, boolean redispatch) {
    MDC.put("runId", runId);
    String owner = newOwner();
    try {
      return wakeAs(runId, owner, redispatch);
    } catch (RuntimeException | Error e) {
      letGo(runId, owner);
      throw e;
    } finally {
      MDC.remove("runId");
      MDC.remove("episode");
    }
  }

  /**
   * Gives up the lease of a wake that failed, so that the retry of the wake need not wait for the
   * lease to expire: taking the lease again for no time at all ends it now. Best effort: a lease
   * that cannot be given up expires on its own.
   */
  private void letGo(String runId, String owner) {
    try {
      stores.runs().acquireLease(runId, owner, clock.now(), Duration.ZERO);
    } catch (RuntimeException e) {
      log.warn("could not give up the lease of run {} after a failed wake", runId, e);
    }
  }

  /** Releases a lease taken for nothing, however many events arrive meanwhile. */
  private void giveBack(String runId, String owner, RunRecord taken) {
    RunRecord run = taken;
    for (int attempt = 0; attempt < 10; attempt++) {
      ReleaseOutcome released =
          stores.runs().release(runId, owner, run.wakeSeq(), RunUpdate.none(), clock.now());
      if (released != ReleaseOutcome.EVENTS_ARRIVED) {
        return;
      }
      LeaseOutcome again = stores.runs().acquireLease(runId, owner, clock.now(), leaseDuration);
      if (!(again instanceof LeaseOutcome.Acquired acquired)) {
        return;
      }
      run = acquired.run();
    }
    letGo(runId, owner);
  }

  /**
   * A lease owner id unique to one wake. It is drawn fresh for every wake rather than derived from
   * an instance id, because a Lambda SnapStart restore would give every restored container the same
   * instance id.
   */
  private static String newOwner() {
    return UUID.randomUUID().toString();
  }

  private WakeOutcome wakeAs(String runId, String owner, boolean redispatchInFlight) {
    int dispatchedHere = 0;
    boolean redispatch = redispatchInFlight;
    while (true) {
      LeaseOutcome lease = stores.runs().acquireLease(runId, owner, clock.now(), leaseDuration);
      if (lease instanceof LeaseOutcome.NotFound) {
        log.warn("wake for unknown run {}", runId);
        return WakeOutcome.NOT_FOUND;
      }
      if (lease instanceof LeaseOutcome.Held held) {
        log.debug("run {} is held by {} until {}", runId, held.owner(), held.expiresAt());
        return WakeOutcome.LEASE_HELD;
      }
      RunRecord run = ((LeaseOutcome.Acquired) lease).run();
      if (!run.status().isTerminal() && registry.nativeWorkflow(run.workflow()).isPresent()) {
        // A resume after a crash, or a stray wake, must not replay a native run as code: it has
        // none, and would fail as an unknown workflow. Its triggers carry it on.
        log.warn("run {} is a native workflow's; an orchestrator wake leaves it alone", runId);
        giveBack(runId, owner, run);
        return WakeOutcome.NATIVE;
      }
      if (run.status().isTerminal()) {
        stores.runs().release(runId, owner, run.wakeSeq(), RunUpdate.none(), clock.now());
        // The wake that finished the run deletes its triggers after its release; if it died in
        // between, the retry of that wake comes here, and nothing else would delete them.
        stores.triggers().deleteAll(runId);
        return WakeOutcome.FINISHED;
      }

      // The inbox is read before the history: an event reaches the inbox only after its call was
      // committed, so the history read next knows the call of every event read here. Read the
      // other way round, a wake whose lease ran out while another wake went on could meet results
      // of calls (or attempts) newer than its history, and drop them from the inbox for good.
      List<Event> pending = stores.inbox().pending(runId);
      Working work = load(run);
      HistoryIndex history = work.history;
      Set<String> consumed = new HashSet<>();
      List<HistoryEvent> episode;
      try {
        episode = nextEpisode(run, work, pending, consumed);
        if (history.terminal() != null) {
          work.discardExecution();
        }
        if (!episode.isEmpty()) {
          int number = episode.get(0).episode();
          MDC.put("episode", Integer.toString(number));
          try {
            stores.history().append(runId, number, episode);
          } catch (HistoryConflictException e) {
            // Another wake wrote this episode: one whose lease ran out while it worked, or one
            // that died before its release counted the episode on the run. Returning would keep
            // this wake's lease, turning away every wake until it expires, with nobody left to
            // fold the events they came for. Read the history again instead, if the lease is ours.
            log.warn(
                "episode {} of run {} was written by another wake; reading again", number, runId);
            work.discardExecution();
            continue;
          }
        }
      } catch (RuntimeException | Error e) {
        work.discardExecution();
        throw e;
      }
      RunUpdate update;
      ReleaseOutcome released;
      try {
        int dispatched = Math.max(run.dispatchedThrough(), dispatchedHere);
        dispatch(run, history, dispatched);
        if (redispatch) {
          redispatchInFlight(run.runId(), history, pending, dispatched);
          redispatch = false;
        }
        dispatchedHere = history.size();
        if (!consumed.isEmpty()) {
          stores.inbox().remove(runId, consumed);
        }

        update = updateOf(history);
        released = stores.runs().release(runId, owner, run.wakeSeq(), update, clock.now());
      } catch (RuntimeException | Error e) {
        // A store or an invoker that fails here fails the wake, and its retry replays: the parked
        // code would otherwise keep its thread for good, since it is in no cache.
        work.discardExecution();
        throw e;
      }
      if (released == ReleaseOutcome.LEASE_LOST) {
        log.warn("lost the lease of run {} before releasing it", runId);
        work.discardExecution();
        return WakeOutcome.LEASE_LOST;
      }
      cache.put(runId, history, work.execution);
      if (released == ReleaseOutcome.RELEASED) {
        if (update.status() != null && update.status().isTerminal()) {
          stores.triggers().deleteAll(runId);
          stores.runs().get(runId).ifPresent(listener::onFinished);
        }
        return WakeOutcome.DONE;
      }
      log.debug("events arrived for run {} while it ran; running again", runId);
    }
  }

  /** What one wake works on: the run's history and, if kept, its parked execution. */
  private static final class Working {
    final HistoryIndex history;
    WorkflowExecution execution;

    Working(HistoryIndex history, WorkflowExecution execution) {
      this.history = history;
      this.execution = execution;
    }

    void discardExecution() {
      if (execution != null) {
        execution.discard();
        execution = null;
      }
    }
  }

  /**
   * The run's history: from the cache, reading only episodes that another process may have added
   * since, or from the store. A parked execution is kept only if no such episode exists.
   */
  private Working load(RunRecord run) {
    HistoryCache.Entry cached = cache.take(run.runId());
    if (cached == null) {
      return new Working(HistoryIndex.of(stores.history().read(run.runId(), 0)), null);
    }
    Working work = new Working(cached.history(), cached.execution());
    HistoryIndex history = work.history;
    // Always asked, not only when the run record counts more episodes: the record counts only
    // the episodes of wakes that released their lease, and a wake that appended one and then died
    // or lost its lease leaves an episode it does not count. A cached history without it took that
    // episode's results for stale ones and dropped them from the inbox.
    List<HistoryEvent> newer;
    try {
      newer = stores.history().read(run.runId(), history.lastEpisode() + 1);
    } catch (RuntimeException | Error e) {
      work.discardExecution();
      throw e;
    }
    if (!newer.isEmpty()) {
      work.discardExecution();
      history.addAll(newer);
    }
    return work;
  }

  /**
   * Builds the next episode (the run's start, or the pending events), replays the code against it,
   * and returns the episode with the new commands; empty when there is nothing new.
   */
  private List<HistoryEvent> nextEpisode(
      RunRecord run, Working work, List<Event> pending, Set<String> consumed) {
    HistoryIndex history = work.history;
    if (history.terminal() != null) {
      pending.forEach(e -> consumed.add(e.id()));
      return List.of();
    }
    Instant now = clock.now();
    int number = history.lastEpisode() + 1;
    List<HistoryEvent> episode = new ArrayList<>();
    String terminateReason = null;
    if (history.size() == 0) {
      episode.add(new RunStarted(0, run.workflow(), run.input(), now));
      // Events already in the inbox (a signal sent right after the start) belong to this episode:
      // the wake each one asked for may have found this wake holding the lease, and this wake's
      // release cannot tell, since it saw them arrive.
      Folded folded = fold(run.runId(), history, pending, number, consumed, now);
      episode.addAll(folded.events());
      terminateReason = folded.terminateReason();
    } else {
      Folded folded = fold(run.runId(), history, pending, number, consumed, now);
      if (folded.events().isEmpty() && folded.terminateReason() == null) {
        return List.of();
      }
      episode.add(new EpisodeStarted(number, now));
      episode.addAll(folded.events());
      terminateReason = folded.terminateReason();
    }
    history.addAll(episode);

    List<HistoryEvent> decided = new ArrayList<>();
    if (terminateReason != null) {
      decided.add(new RunTerminated(number, terminateReason, now));
    } else {
      decided.addAll(decide(run, work, number, now));
    }
    int length = history.size() + decided.size();
    if (length > maxHistoryEvents) {
      decided.clear();
      decided.add(
          new RunFailed(
              number,
              "HistoryLimitExceeded",
              "run '"
                  + run.runId()
                  + "' would have "
                  + length
                  + " history events, more than the limit of "
                  + maxHistoryEvents
                  + "; use continueAsNew to keep long-running or looping workflows bounded",
              now));
    }
    history.addAll(decided);
    episode.addAll(decided);
    return episode;
  }

  private List<HistoryEvent> decide(RunRecord run, Working work, int number, Instant now) {
    WorkflowDefinition<?, ?> definition = registry.workflow(run.workflow()).orElse(null);
    ReplayOutcome outcome =
        definition == null
            ? new ReplayOutcome.Failed(
                List.of(),
                "WorkflowNotRegistered",
                "no workflow named '"
                    + run.workflow()
                    + "' is registered in this deployment; known: "
                    + registry.workflowNames())
            : runCode(definition, run.runId(), work, number);
    List<HistoryEvent> decided = new ArrayList<>(outcome.commands());
    if (outcome instanceof ReplayOutcome.Suspended s && !s.joined().isEmpty()) {
      decided.add(new CallsJoined(number, s.joined()));
    }
    if (outcome instanceof ReplayOutcome.Completed c) {
      decided.add(new RunCompleted(number, c.result(), now));
    } else if (outcome instanceof ReplayOutcome.Failed f) {
      log.info("run {} failed: {}", run.runId(), f.errorType());
      decided.add(new RunFailed(number, f.errorType(), f.message(), now));
    } else if (outcome instanceof ReplayOutcome.ContinuedAsNew c) {
      decided.add(new RunContinuedAsNew(number, nextRunId(run.runId()), c.input(), now));
    }
    return decided;
  }

  /**
   * Runs the workflow's code up to the end of the history: by letting a parked execution go on when
   * it parked at the previous episode, otherwise by replaying from the top (in a thread that parks
   * when the cache keeps executions, in this thread when it does not).
   */
  private ReplayOutcome runCode(
      WorkflowDefinition<?, ?> definition, String runId, Working work, int number) {
    if (!cache.enabled()) {
      return Replayer.replay(definition, runId, work.history, payloads);
    }
    ReplayOutcome outcome;
    if (work.execution != null && work.execution.isParkedAt(number - 1)) {
      outcome = work.execution.resume(number);
    } else {
      work.discardExecution();
      WorkflowExecution.Started started =
          WorkflowExecution.start(definition, runId, work.history, payloads);
      work.execution = started.execution();
      outcome = started.outcome();
    }
    if (!(outcome instanceof ReplayOutcome.Suspended)) {
      work.discardExecution();
    }
    return outcome;
  }

  /** The id of the run a run continues as: a generation counter after the original id. */
  static String nextRunId(String runId) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(.*)-n(\\d+)$").matcher(runId);
    if (m.matches()) {
      return m.group(1) + "-n" + (Long.parseLong(m.group(2)) + 1);
    }
    String base = runId.length() > 120 ? runId.substring(0, 120) : runId;
    return base + "-n2";
  }

  /** The pending events that advance the run, as history events. */
  private record Folded(List<HistoryEvent> events, String terminateReason) {}

  private Folded fold(
      String runId,
      HistoryIndex history,
      List<Event> pending,
      int episode,
      Set<String> consumed,
      Instant now) {
    List<HistoryEvent> folded = new ArrayList<>();
    Set<String> seenNow = new HashSet<>();
    Map<Integer, String> outcomeNow = new LinkedHashMap<>();
    String terminate = null;
    for (Event e : pending) {
      consumed.add(e.id());
      if (history.hasEvent(e.id()) || !seenNow.add(e.id())) {
        log.debug("dropping duplicate event {}", e.id());
        continue;
      }
      if (EngineEvents.TERMINATE_REQUESTED.equals(e.type())) {
        terminate = e.data().path("reason").asText("terminated");
        continue;
      }
      if (EngineEvents.EXTERNAL_EVENT.equals(e.type())) {
        String name = e.data().path("name").asText("");
        folded.add(new EventReceived(episode, name, e.data().get("payload"), e.id(), e.time()));
        continue;
      }
      HistoryEvent result = foldCallEvent(runId, history, e, episode, outcomeNow, now);
      if (result != null) {
        folded.add(result);
      }
    }
    return new Folded(folded, terminate);
  }

  /** The {@code result} field of an event's data; JSON null when it is absent. */
  private static JsonNode resultOf(JsonNode data) {
    JsonNode result = data.get("result");
    return result == null ? com.fasterxml.jackson.databind.node.NullNode.getInstance() : result;
  }

  /** A call's event as a history event, or null (after dead-lettering) when it is not usable. */
  private HistoryEvent foldCallEvent(
      String runId,
      HistoryIndex history,
      Event e,
      int episode,
      Map<Integer, String> outcomeNow,
      Instant now) {
    Integer callId = e.callId().orElse(null);
    HistoryIndex.Call call = callId == null ? null : history.call(callId);
    if (call == null) {
      deadLetter(runId, e, "run '" + runId + "' has no call " + callId);
      return null;
    }
    if (call.isCompleted() || outcomeNow.containsKey(callId)) {
      log.debug("dropping event {} for call {}, which has its outcome", e.id(), callId);
      return null;
    }
    int attempt = e.attempt().orElse(1);
    CallStarted started = call.started();
    String type = e.type();
    JsonNode data = e.data();
    if (started instanceof TimerStarted && EngineEvents.TIMER_FIRED.equals(type)) {
      outcomeNow.put(callId, type);
      return new TimerFired(episode, callId, e.id(), e.time());
    }
    if (started instanceof ChildStarted
        && (EngineEvents.RUN_COMPLETED.equals(type) || EngineEvents.RUN_FAILED.equals(type))) {
      outcomeNow.put(callId, type);
      return EngineEvents.RUN_COMPLETED.equals(type)
          ? new TaskSucceeded(episode, callId, resultOf(data), e.id(), e.time())
          : new TaskFailed(
              episode,
              callId,
              data.path("errorType").asText("ChildWorkflowFailed"),
              data.path("message").asText(""),
              e.id(),
              e.time());
    }
    if (started instanceof TaskScheduled task) {
      if (EngineEvents.TIMER_FIRED.equals(type)) {
        if (call.pendingRetry() == null || attempt != call.attempt() + 1) {
          log.debug("dropping stale retry timer {} of call {}", e.id(), callId);
          return null;
        }
        outcomeNow.put(callId, "retry");
        return new TaskRetried(episode, callId, attempt, e.id(), e.time());
      }
      if (attempt != call.attempt() || call.pendingRetry() != null) {
        log.debug("dropping result {} of attempt {} of call {}: stale", e.id(), attempt, callId);
        return null;
      }
      if (EngineEvents.TASK_SUCCEEDED.equals(type)) {
        outcomeNow.put(callId, type);
        return new TaskSucceeded(episode, callId, resultOf(data), e.id(), e.time());
      }
      if (EngineEvents.TASK_FAILED.equals(type)) {
        outcomeNow.put(callId, type);
        String errorType = data.path("errorType").asText("UnknownError");
        String message = data.path("message").asText("");
        RetryPolicy retry = task.retry();
        if (retry != null && retry.retries(attempt, errorType)) {
          Instant retryAt = now.plus(retry.delayAfter(attempt));
          return new TaskAttemptFailed(
              episode, callId, attempt, errorType, message, e.id(), e.time(), retryAt);
        }
        return new TaskFailed(episode, callId, errorType, message, e.id(), e.time());
      }
    }
    deadLetter(
        runId,
        e,
        "call " + callId + " of run '" + runId + "' does not take events of type '" + type + "'");
    return null;
  }

  /**
   * Registers the join triggers of, then starts, everything committed after history position {@code
   * from}: all triggers first, so that no result can arrive before the trigger that counts it.
   */
  private void dispatch(RunRecord run, HistoryIndex history, int from) {
    List<HistoryEvent> events = history.events();
    if (from >= events.size()) {
      return;
    }
    String runId = run.runId();
    Instant now = clock.now();
    // The slice a failed wake left undispatched may hold calls whose outcomes a later wake has
    // recorded since: starting those again would re-run finished tasks, even after the run ended,
    // and bring back triggers that the run's end deleted.
    List<HistoryEvent> slice = new ArrayList<>();
    Set<Integer> pendingGroups = new LinkedHashSet<>();
    for (HistoryEvent e : events.subList(from, events.size())) {
      if (stillPending(history, e)) {
        slice.add(e);
        if (e instanceof TaskScheduled s) {
          pendingGroups.add(s.groupId());
        }
      }
    }
    // Once the run has finished, nothing waits for a result any more: no trigger is needed. A call
    // awaited on its own needs none either: its outcome wakes the run directly (see
    // TriggerProcessor), so only a map's calls get a trigger that joins them, unless the workflow
    // joined them with others.
    boolean finished = history.terminal() != null;
    for (int group : pendingGroups) {
      int size = history.groupSize(group);
      if (!finished && size > 1 && !history.joined(group)) {
        stores.triggers().create(groupTrigger(runId, group, size, now));
      }
    }
    for (HistoryEvent e : slice) {
      if (!finished) {
        registerJoin(runId, e, now);
      }
    }
    List<TaskInvocation> tasks = new ArrayList<>();
    for (HistoryEvent e : slice) {
      start(run, history, e, tasks);
    }
    if (!tasks.isEmpty()) {
      invoker.invokeTasks(tasks);
    }
  }

  /**
   * Whether a recorded command still waits for its outcome, so that dispatching it is not a rerun;
   * once the run has finished, only if it starts work (a timer would only wake a run that is over).
   */
  private static boolean stillPending(HistoryIndex history, HistoryEvent e) {
    boolean finished = history.terminal() != null;
    if (e instanceof CallStarted s) {
      HistoryIndex.Call call = history.call(s.callId());
      return !call.isCompleted()
          && call.attempt() == 1
          && call.pendingRetry() == null
          && !(finished && s instanceof TimerStarted);
    } else if (e instanceof TaskAttemptFailed f) {
      return !finished && f.equals(history.call(f.callId()).pendingRetry());
    } else if (e instanceof TaskRetried r) {
      HistoryIndex.Call call = history.call(r.callId());
      return !call.isCompleted() && call.attempt() == r.attempt() && call.pendingRetry() == null;
    }
    return true;
  }

  /**
   * Registers the trigger that joins calls the workflow waits for together. Timers, child runs and
   * the attempts of a retried task have none: each outcome wakes the run on its own.
   */
  private void registerJoin(String runId, HistoryEvent e, Instant now) {
    if (e instanceof CallsJoined j) {
      Set<String> subjects = new LinkedHashSet<>();
      for (int callId : j.callIds()) {
        subjects.add(EngineEvents.groupSubject(runId, callId));
      }
      int first = j.callIds().get(0);
      int count = j.callIds().size();
      // Calls made one after the other are counted by bit, which also refuses any other call.
      boolean contiguous = j.callIds().get(count - 1) - first == count - 1;
      stores
          .triggers()
          .create(
              Trigger.create(
                  runId,
                  "j" + j.callIds().get(0),
                  subjects,
                  Set.of(EngineEvents.TASK_SUCCEEDED, EngineEvents.TASK_FAILED),
                  Conditions.JOIN,
                  Conditions.joinParams(j.callIds().size()),
                  Actions.WAKE,
                  null,
                  true,
                  contiguous ? SeenEvents.forCalls(first, count) : SeenEvents.empty(),
                  now));
    }
  }

  private void start(
      RunRecord run, HistoryIndex history, HistoryEvent e, List<TaskInvocation> tasks) {
    String runId = run.runId();
    if (e instanceof TaskScheduled s) {
      tasks.add(new TaskInvocation(runId, s.task(), s.callId(), groupOf(history, s), 1, s.input()));
    } else if (e instanceof TimerStarted t) {
      String subject = EngineEvents.directSubject(runId);
      timers.schedule(
          timerId(runId, t.callId(), 1),
          t.fireAt(),
          EngineEvents.timerFired(runId, t.callId(), 1, subject, t.fireAt()));
    } else if (e instanceof TaskAttemptFailed f) {
      int next = f.attempt() + 1;
      TaskScheduled task = (TaskScheduled) history.call(f.callId()).started();
      String subject = EngineEvents.attemptSubject(runId, task.groupId(), f.callId(), next);
      timers.schedule(
          timerId(runId, f.callId(), next),
          f.retryAt(),
          EngineEvents.timerFired(runId, f.callId(), next, subject, f.retryAt()));
    } else if (e instanceof TaskRetried r) {
      TaskScheduled s = (TaskScheduled) history.call(r.callId()).started();
      tasks.add(
          new TaskInvocation(
              runId, s.task(), s.callId(), groupOf(history, s), r.attempt(), s.input()));
    } else if (e instanceof ChildStarted c) {
      startChild(run, c);
    } else if (e instanceof RunContinuedAsNew c) {
      RunRecord next =
          RunRecord.child(
              c.nextRunId(),
              run.workflow(),
              c.input(),
              clock.now(),
              run.parentRunId(),
              run.parentCallId());
      if (stores.runs().create(next)) {
        log.info("run {} continues as run {}", runId, c.nextRunId());
      }
      invoker.wakeOrchestrator(c.nextRunId());
    } else if (e instanceof RunCompleted || e instanceof RunFailed || e instanceof RunTerminated) {
      finish(run, history, e);
    }
  }

  private void startChild(RunRecord run, ChildStarted c) {
    if (registry.workflow(c.workflow()).isEmpty()) {
      Event failed =
          EngineEvents.childFinished(
              run.runId(),
              c.callId(),
              false,
              null,
              "WorkflowNotRegistered",
              "no workflow named '" + c.workflow() + "' is registered in this deployment",
              clock.now());
      publisher.publish(List.of(failed));
      return;
    }
    RunRecord child =
        RunRecord.child(
            c.childRunId(), c.workflow(), c.input(), clock.now(), run.runId(), c.callId());
    if (stores.runs().create(child)) {
      log.info("run {} started child run {}", run.runId(), c.childRunId());
    }
    invoker.wakeOrchestrator(c.childRunId());
  }

  /** Cancels what a finished run left pending, and tells its parent how it finished. */
  private void finish(RunRecord run, HistoryIndex history, HistoryEvent terminal) {
    List<Event> toPublish = new ArrayList<>();
    for (HistoryIndex.Call call : history.calls()) {
      if (call.isCompleted()) {
        continue;
      }
      if (call.started() instanceof TimerStarted t) {
        timers.cancel(timerId(run.runId(), t.callId(), 1));
      } else if (call.pendingRetry() != null) {
        timers.cancel(timerId(run.runId(), call.started().callId(), call.attempt() + 1));
      } else if (call.started() instanceof ChildStarted c && terminal instanceof RunTerminated) {
        toPublish.add(
            EngineEvents.terminateRequested(
                c.childRunId(), "its parent run " + run.runId() + " was terminated", clock.now()));
      }
    }
    if (run.parentRunId() != null) {
      boolean ok = terminal instanceof RunCompleted;
      JsonNode result = ok ? ((RunCompleted) terminal).result() : null;
      String errorType = null;
      String message = null;
      if (terminal instanceof RunFailed f) {
        errorType = f.errorType();
        message = f.message();
      } else if (terminal instanceof RunTerminated t) {
        errorType = "ChildWorkflowTerminated";
        message = t.reason();
      }
      toPublish.add(
          EngineEvents.childFinished(
              run.parentRunId(), run.parentCallId(), ok, result, errorType, message, clock.now()));
    }
    if (!toPublish.isEmpty()) {
      publisher.publish(toPublish);
    }
  }

  /**
   * The group an invocation of this call names: its own group when a join trigger counts its
   * outcome, else {@link EngineEvents#DIRECT_GROUP}, so that its outcome goes to the run directly
   * and the trigger processor does not look for a trigger.
   */
  private static int groupOf(HistoryIndex history, TaskScheduled s) {
    return history.countedByAJoin(s.callId()) ? s.groupId() : EngineEvents.DIRECT_GROUP;
  }

  /** The id of a call's timer: the attempt it starts, or 1 for a workflow's own timer. */
  static String timerId(String runId, int callId, int attempt) {
    return runId + "-c" + callId + "-a" + attempt;
  }

  /** The trigger that wakes the orchestrator once every call of a map has an outcome. */
  static Trigger groupTrigger(String runId, int groupId, int size, Instant now) {
    return Trigger.create(
        runId,
        "g" + groupId,
        Set.of(EngineEvents.groupSubject(runId, groupId)),
        Set.of(EngineEvents.TASK_SUCCEEDED, EngineEvents.TASK_FAILED),
        Conditions.JOIN,
        Conditions.joinParams(size),
        Actions.WAKE,
        null,
        true,
        SeenEvents.forCalls(groupId, size),
        now);
  }

  /**
   * Starts again what a dead process had started and not seen finish: every call without an outcome
   * or a pending result event, except those that this wake has just dispatched (the part of the
   * history from {@code dispatchedBefore} on).
   */
  private void redispatchInFlight(
      String runId, HistoryIndex history, List<Event> pending, int dispatchedBefore) {
    Set<String> arrived = new HashSet<>();
    for (Event e : pending) {
      arrived.add(e.callId().map(c -> c + "/" + e.attempt().orElse(1)).orElse(""));
    }
    List<HistoryEvent> events = history.events();
    for (int i = dispatchedBefore; i < events.size(); i++) {
      HistoryEvent e = events.get(i);
      if (e instanceof CallStarted c) {
        arrived.add(c.callId() + "/1");
      } else if (e instanceof TaskRetried r) {
        arrived.add(r.callId() + "/" + r.attempt());
      } else if (e instanceof TaskAttemptFailed f) {
        arrived.add(f.callId() + "/" + f.attempt());
      }
    }
    int count = 0;
    for (HistoryIndex.Call call : history.calls()) {
      CallStarted started = call.started();
      if (call.isCompleted() || arrived.contains(started.callId() + "/" + call.attempt())) {
        continue;
      }
      if (started instanceof TaskScheduled s && call.pendingRetry() == null) {
        invoker.invokeTask(
            new TaskInvocation(
                runId, s.task(), s.callId(), groupOf(history, s), call.attempt(), s.input()));
        count++;
      } else if (started instanceof TaskScheduled s) {
        TaskAttemptFailed f = call.pendingRetry();
        int next = f.attempt() + 1;
        String subject = EngineEvents.attemptSubject(runId, s.groupId(), s.callId(), next);
        timers.schedule(
            timerId(runId, s.callId(), next),
            f.retryAt(),
            EngineEvents.timerFired(runId, s.callId(), next, subject, f.retryAt()));
        count++;
      } else if (started instanceof TimerStarted t) {
        String subject = EngineEvents.directSubject(runId);
        timers.schedule(
            timerId(runId, t.callId(), 1),
            t.fireAt(),
            EngineEvents.timerFired(runId, t.callId(), 1, subject, t.fireAt()));
        count++;
      } else if (started instanceof ChildStarted c) {
        invoker.wakeOrchestrator(c.childRunId());
      }
    }
    if (count > 0) {
      log.info("started {} calls and timers of run {} again after a restart", count, runId);
    }
  }

  private static RunUpdate updateOf(HistoryIndex history) {
    HistoryEvent terminal = history.terminal();
    RunStatus status = null;
    JsonNode result = null;
    String errorType = null;
    String errorMessage = null;
    if (terminal instanceof RunCompleted c) {
      status = RunStatus.COMPLETED;
      result = c.result();
    } else if (terminal instanceof RunFailed f) {
      status = RunStatus.FAILED;
      errorType = f.errorType();
      errorMessage = f.message();
    } else if (terminal instanceof RunTerminated t) {
      status = RunStatus.TERMINATED;
      errorType = "Terminated";
      errorMessage = t.reason();
    } else if (terminal instanceof RunContinuedAsNew c) {
      status = RunStatus.CONTINUED_AS_NEW;
      result = Json.mapper().createObjectNode().put("continuedAs", c.nextRunId());
    }
    return new RunUpdate(
        status,
        result,
        errorType,
        errorMessage,
        history.size(),
        history.size(),
        history.lastEpisode() + 1,
        history.firstOpenCall());
  }

  private void deadLetter(String runId, Event event, String reason) {
    log.warn("dead-lettering event {} of run {}: {}", event.id(), runId, reason);
    stores
        .deadLetters()
        .put(
            new DeadLetter(
                UUID.randomUUID().toString(),
                clock.now(),
                reason,
                runId,
                EventCodec.toJson(event)));
  }
}

package dev.triggerflow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.api.Registry;
import dev.triggerflow.api.WorkflowDefinition;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.event.Event;
import dev.triggerflow.event.EventCodec;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.history.HistoryEvent.EpisodeStarted;
import dev.triggerflow.history.HistoryEvent.RunCompleted;
import dev.triggerflow.history.HistoryEvent.RunFailed;
import dev.triggerflow.history.HistoryEvent.RunStarted;
import dev.triggerflow.history.HistoryEvent.TaskFailed;
import dev.triggerflow.history.HistoryEvent.TaskScheduled;
import dev.triggerflow.history.HistoryEvent.TaskSucceeded;
import dev.triggerflow.spi.Clock;
import dev.triggerflow.spi.DeadLetter;
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
import dev.triggerflow.trigger.Actions;
import dev.triggerflow.trigger.Conditions;
import dev.triggerflow.trigger.SeenEvents;
import dev.triggerflow.trigger.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * the triggers for the new calls and start their tasks (dispatch). It lets go of the lease only if
 * no event arrived meanwhile; otherwise it runs again. A crash between commit and dispatch is
 * repaired by the next wake, which dispatches whatever was committed and not yet dispatched.
 */
public final class Orchestrator {
  private static final Logger log = LoggerFactory.getLogger(Orchestrator.class);

  private final Registry registry;
  private final Stores stores;
  private final PayloadStore payloads;
  private final FunctionInvoker invoker;
  private final Clock clock;
  private final Duration leaseDuration;
  private final HistoryCache cache;
  private final RunListener listener;

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
    LEASE_LOST
  }

  public Orchestrator(
      Registry registry,
      Stores stores,
      PayloadStore payloads,
      FunctionInvoker invoker,
      Clock clock,
      Duration leaseDuration,
      HistoryCache cache,
      RunListener listener) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.stores = Objects.requireNonNull(stores, "stores");
    this.payloads = Objects.requireNonNull(payloads, "payloads");
    this.invoker = Objects.requireNonNull(invoker, "invoker");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.leaseDuration = Objects.requireNonNull(leaseDuration, "leaseDuration");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.listener = listener == null ? run -> {} : listener;
  }

  /** Wakes a run: advances it as far as its recorded events allow. */
  public WakeOutcome wake(String runId) {
    MDC.put("runId", runId);
    try {
      return wakeAs(runId, newOwner(), false);
    } finally {
      MDC.remove("runId");
      MDC.remove("episode");
    }
  }

  /**
   * Recovers a run after the process that ran its tasks died: starts again every call that was
   * dispatched and has no result yet (at least once: the same attempt, the same idempotency key),
   * then wakes the run.
   */
  public WakeOutcome recover(String runId) {
    MDC.put("runId", runId);
    try {
      return wakeAs(runId, newOwner(), true);
    } finally {
      MDC.remove("runId");
      MDC.remove("episode");
    }
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
      if (run.status().isTerminal()) {
        stores.runs().release(runId, owner, run.wakeSeq(), RunUpdate.none(), clock.now());
        return WakeOutcome.FINISHED;
      }

      HistoryIndex history = loadHistory(run);
      List<Event> pending = stores.inbox().pending(runId);
      Set<String> consumed = new HashSet<>();
      List<HistoryEvent> episode = nextEpisode(run, history, pending, consumed);
      if (!episode.isEmpty()) {
        int number = episode.get(0).episode();
        MDC.put("episode", Integer.toString(number));
        try {
          stores.history().append(runId, number, episode);
        } catch (HistoryConflictException e) {
          log.warn("lost the lease of run {} while deciding episode {}", runId, number);
          return WakeOutcome.LEASE_LOST;
        }
      }
      int dispatched = Math.max(run.dispatchedThrough(), dispatchedHere);
      dispatch(runId, history, dispatched);
      if (redispatch) {
        redispatchInFlight(runId, history, pending);
        redispatch = false;
      }
      dispatchedHere = history.size();
      if (!consumed.isEmpty()) {
        stores.inbox().remove(runId, consumed);
      }

      RunUpdate update = updateOf(history);
      ReleaseOutcome released =
          stores.runs().release(runId, owner, run.wakeSeq(), update, clock.now());
      if (released == ReleaseOutcome.LEASE_LOST) {
        log.warn("lost the lease of run {} before releasing it", runId);
        return WakeOutcome.LEASE_LOST;
      }
      cache.put(runId, history);
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

  private HistoryIndex loadHistory(RunRecord run) {
    HistoryIndex cached = cache.take(run.runId());
    if (cached == null) {
      return HistoryIndex.of(stores.history().read(run.runId(), 0));
    }
    if (run.episodes() > cached.lastEpisode() + 1 || run.episodes() == 0) {
      cached.addAll(stores.history().read(run.runId(), cached.lastEpisode() + 1));
    }
    return cached;
  }

  /**
   * Builds the next episode (the run's start, or the pending results), replays the code against it,
   * and returns the episode with the new commands; empty when there is nothing new.
   */
  private List<HistoryEvent> nextEpisode(
      RunRecord run, HistoryIndex history, List<Event> pending, Set<String> consumed) {
    if (history.terminal() != null) {
      pending.forEach(e -> consumed.add(e.id()));
      return List.of();
    }
    Instant now = clock.now();
    int number = history.lastEpisode() + 1;
    List<HistoryEvent> episode = new ArrayList<>();
    if (history.size() == 0) {
      episode.add(new RunStarted(0, run.workflow(), run.input(), now));
    } else {
      List<HistoryEvent> results = results(run.runId(), history, pending, number, consumed);
      if (results.isEmpty()) {
        return List.of();
      }
      episode.add(new EpisodeStarted(number, now));
      episode.addAll(results);
    }
    history.addAll(episode);

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
            : Replayer.replay(definition, run.runId(), history, payloads);
    List<HistoryEvent> decided = new ArrayList<>(outcome.commands());
    if (outcome instanceof ReplayOutcome.Completed c) {
      decided.add(new RunCompleted(number, c.result(), now));
    } else if (outcome instanceof ReplayOutcome.Failed f) {
      log.info("run {} failed: {}", run.runId(), f.errorType());
      decided.add(new RunFailed(number, f.errorType(), f.message(), now));
    }
    history.addAll(decided);
    episode.addAll(decided);
    return episode;
  }

  /** The pending events that are new results of known calls, as history events. */
  private List<HistoryEvent> results(
      String runId, HistoryIndex history, List<Event> pending, int episode, Set<String> consumed) {
    List<HistoryEvent> results = new ArrayList<>();
    Set<Integer> completedNow = new HashSet<>();
    for (Event e : pending) {
      consumed.add(e.id());
      if (!EngineEvents.isTaskResult(e)) {
        deadLetter(runId, e, "the orchestrator does not take events of type '" + e.type() + "'");
        continue;
      }
      Integer callId = e.callId().orElse(null);
      HistoryIndex.Call call = callId == null ? null : history.call(callId);
      if (call == null) {
        deadLetter(runId, e, "run '" + runId + "' has no call " + callId);
        continue;
      }
      if (call.isCompleted() || !completedNow.add(callId)) {
        log.debug("dropping duplicate result {} of call {}", e.id(), callId);
        continue;
      }
      JsonNode data = e.data();
      if (EngineEvents.TASK_SUCCEEDED.equals(e.type())) {
        results.add(new TaskSucceeded(episode, callId, data.path("result"), e.id(), e.time()));
      } else {
        results.add(
            new TaskFailed(
                episode,
                callId,
                data.path("errorType").asText("UnknownError"),
                data.path("message").asText(""),
                e.id(),
                e.time()));
      }
    }
    return results;
  }

  /**
   * Registers the triggers of, then starts, every call committed after position {@code from}: all
   * triggers first, so that no result can arrive before the trigger that counts it.
   */
  private void dispatch(String runId, HistoryIndex history, int from) {
    List<HistoryEvent> events = history.events();
    Map<Integer, List<TaskScheduled>> groups = new LinkedHashMap<>();
    for (int i = from; i < events.size(); i++) {
      if (events.get(i) instanceof TaskScheduled s) {
        groups.computeIfAbsent(s.groupId(), g -> new ArrayList<>()).add(s);
      }
    }
    if (groups.isEmpty()) {
      return;
    }
    Instant now = clock.now();
    for (Map.Entry<Integer, List<TaskScheduled>> group : groups.entrySet()) {
      stores.triggers().create(groupTrigger(runId, group.getKey(), group.getValue().size(), now));
    }
    for (List<TaskScheduled> group : groups.values()) {
      for (TaskScheduled s : group) {
        invoker.invokeTask(
            new TaskInvocation(runId, s.task(), s.callId(), s.groupId(), 1, s.input()));
      }
    }
  }

  /** The trigger that wakes the orchestrator once every call of a group has a result. */
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

  private void redispatchInFlight(String runId, HistoryIndex history, List<Event> pending) {
    Set<Integer> arrived = new HashSet<>();
    for (Event e : pending) {
      e.callId().ifPresent(arrived::add);
    }
    int count = 0;
    for (HistoryIndex.Call call : history.calls()) {
      TaskScheduled s = call.scheduled();
      if (!call.isCompleted() && !arrived.contains(s.callId())) {
        invoker.invokeTask(
            new TaskInvocation(runId, s.task(), s.callId(), s.groupId(), 1, s.input()));
        count++;
      }
    }
    if (count > 0) {
      log.info("started {} calls of run {} again after a crash", count, runId);
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
    }
    return new RunUpdate(
        status,
        result,
        errorType,
        errorMessage,
        history.size(),
        history.size(),
        history.lastEpisode() + 1);
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

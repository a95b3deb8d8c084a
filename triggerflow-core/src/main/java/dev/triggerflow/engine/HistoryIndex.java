package dev.triggerflow.engine;

import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.history.HistoryEvent.CallCompleted;
import dev.triggerflow.history.HistoryEvent.CallStarted;
import dev.triggerflow.history.HistoryEvent.EpisodeStarted;
import dev.triggerflow.history.HistoryEvent.EventReceived;
import dev.triggerflow.history.HistoryEvent.RunCompleted;
import dev.triggerflow.history.HistoryEvent.RunContinuedAsNew;
import dev.triggerflow.history.HistoryEvent.RunFailed;
import dev.triggerflow.history.HistoryEvent.RunStarted;
import dev.triggerflow.history.HistoryEvent.RunTerminated;
import dev.triggerflow.history.HistoryEvent.TaskAttemptFailed;
import dev.triggerflow.history.HistoryEvent.TaskRetried;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run's history, indexed for replay: calls by id, each call's completion with the position at
 * which the orchestrator first observed it, external events by name, and each episode's time. Built
 * incrementally, so a process that keeps the index between wakes only adds what is new.
 */
public final class HistoryIndex {
  private final List<HistoryEvent> events = new ArrayList<>();
  private final List<Call> calls = new ArrayList<>();
  private final List<Instant> episodeTimes = new ArrayList<>();
  private final Map<String, List<Integer>> received = new HashMap<>();
  private final Set<String> eventIds = new HashSet<>();
  private final Map<Integer, Integer> groupSizes = new HashMap<>();
  private final Set<Integer> joinedCalls = new HashSet<>();
  private RunStarted started;
  private HistoryEvent terminal;
  private int firstOpen = 1;

  /** One recorded call. */
  public static final class Call {
    final CallStarted started;
    CallCompleted completion;
    int completionPosition = -1;
    int attempt = 1;
    TaskAttemptFailed pendingRetry;

    Call(CallStarted started) {
      this.started = started;
    }

    /** The command that started the call. */
    public CallStarted started() {
      return started;
    }

    /** Whether a final outcome is recorded. */
    public boolean isCompleted() {
      return completion != null;
    }

    /** The recorded outcome, or null. */
    public CallCompleted completion() {
      return completion;
    }

    /** The attempt in progress (tasks only; 1 for other calls). */
    public int attempt() {
      return attempt;
    }

    /** The failed attempt whose retry has not started yet, or null. */
    public TaskAttemptFailed pendingRetry() {
      return pendingRetry;
    }
  }

  /** An index of the given history. */
  public static HistoryIndex of(List<HistoryEvent> history) {
    HistoryIndex index = new HistoryIndex();
    index.addAll(history);
    return index;
  }

  /** Adds events that follow what the index already holds. */
  public void addAll(List<HistoryEvent> more) {
    for (HistoryEvent e : more) {
      add(e);
    }
  }

  private void add(HistoryEvent event) {
    int position = events.size();
    events.add(event);
    if (event instanceof RunStarted s) {
      started = s;
      setEpisodeTime(0, s.time());
    } else if (event instanceof EpisodeStarted s) {
      setEpisodeTime(s.episode(), s.time());
    } else if (event instanceof CallStarted s) {
      if (s.callId() != calls.size() + 1) {
        throw new IllegalStateException(
            "corrupt history: call ids must be dense, but call "
                + s.callId()
                + " follows "
                + calls.size());
      }
      calls.add(new Call(s));
      if (s instanceof HistoryEvent.TaskScheduled t) {
        groupSizes.merge(t.groupId(), 1, Integer::sum);
      }
    } else if (event instanceof HistoryEvent.CallsJoined j) {
      joinedCalls.addAll(j.callIds());
    } else if (event instanceof CallCompleted c) {
      Call call = require(c.callId());
      if (call.completion == null) {
        call.completion = c;
        call.completionPosition = position;
        call.pendingRetry = null;
      }
      remember(c);
    } else if (event instanceof TaskAttemptFailed f) {
      require(f.callId()).pendingRetry = f;
      eventIds.add(f.eventId());
    } else if (event instanceof TaskRetried r) {
      Call call = require(r.callId());
      call.attempt = r.attempt();
      call.pendingRetry = null;
      eventIds.add(r.eventId());
    } else if (event instanceof EventReceived r) {
      received.computeIfAbsent(r.name(), n -> new ArrayList<>()).add(position);
      eventIds.add(r.eventId());
    } else if (event instanceof RunCompleted
        || event instanceof RunFailed
        || event instanceof RunTerminated
        || event instanceof RunContinuedAsNew) {
      terminal = event;
    }
  }

  private void remember(CallCompleted c) {
    if (c instanceof HistoryEvent.TaskSucceeded s) {
      eventIds.add(s.eventId());
    } else if (c instanceof HistoryEvent.TaskFailed f) {
      eventIds.add(f.eventId());
    } else if (c instanceof HistoryEvent.TimerFired t) {
      eventIds.add(t.eventId());
    }
  }

  private Call require(int callId) {
    Call call = call(callId);
    if (call == null) {
      throw new IllegalStateException("corrupt history: an outcome for unknown call " + callId);
    }
    return call;
  }

  private void setEpisodeTime(int episode, Instant time) {
    while (episodeTimes.size() <= episode) {
      episodeTimes.add(time);
    }
    episodeTimes.set(episode, time);
  }

  /** The call with this id, or null. */
  public Call call(int callId) {
    return callId >= 1 && callId <= calls.size() ? calls.get(callId - 1) : null;
  }

  /** The number of recorded calls. */
  public int callCount() {
    return calls.size();
  }

  /**
   * The lowest id of a call without its final outcome, or one past the last call when every call
   * has it. Outcomes are final and new calls get higher ids, so it only grows.
   */
  public int firstOpenCall() {
    while (firstOpen <= calls.size() && calls.get(firstOpen - 1).isCompleted()) {
      firstOpen++;
    }
    return firstOpen;
  }

  /**
   * Whether a join trigger counts the first attempt's outcome of this call: it is one of a map's
   * calls, or one of calls the workflow waits for together.
   */
  public boolean countedByAJoin(int callId) {
    Call call = call(callId);
    return call != null
        && call.started() instanceof HistoryEvent.TaskScheduled t
        && (groupSize(t.groupId()) > 1 || joined(callId));
  }

  /** How many task calls the group holds: more than one for a map. */
  public int groupSize(int groupId) {
    return groupSizes.getOrDefault(groupId, 0);
  }

  /** Whether the workflow waits for this call together with others ({@code CallsJoined}). */
  public boolean joined(int callId) {
    return joinedCalls.contains(callId);
  }

  /** All recorded calls in id order. */
  public List<Call> calls() {
    return Collections.unmodifiableList(calls);
  }

  /** The history events. */
  public List<HistoryEvent> events() {
    return Collections.unmodifiableList(events);
  }

  /** The number of history events. */
  public int size() {
    return events.size();
  }

  /** The run's start, or null for an empty history. */
  public RunStarted started() {
    return started;
  }

  /** How the run finished, or null while it is running. */
  public HistoryEvent terminal() {
    return terminal;
  }

  /** The last episode recorded, or -1 for an empty history. */
  public int lastEpisode() {
    return episodeTimes.size() - 1;
  }

  /** The time at which an episode began. */
  public Instant episodeTime(int episode) {
    return episodeTimes.get(episode);
  }

  /** The episode of the event at a history position. */
  int episodeAt(int position) {
    return events.get(position).episode();
  }

  /** The event at a history position. */
  HistoryEvent at(int position) {
    return events.get(position);
  }

  /** The position of the k-th (0-based) external event named {@code name}, or -1. */
  int receivedPosition(String name, int k) {
    List<Integer> positions = received.get(name);
    return positions != null && k < positions.size() ? positions.get(k) : -1;
  }

  /** Whether an event with this id is already recorded. */
  public boolean hasEvent(String eventId) {
    return eventIds.contains(eventId);
  }
}

package dev.triggerflow.engine;

import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.history.HistoryEvent.EpisodeStarted;
import dev.triggerflow.history.HistoryEvent.RunCompleted;
import dev.triggerflow.history.HistoryEvent.RunFailed;
import dev.triggerflow.history.HistoryEvent.RunStarted;
import dev.triggerflow.history.HistoryEvent.TaskFailed;
import dev.triggerflow.history.HistoryEvent.TaskScheduled;
import dev.triggerflow.history.HistoryEvent.TaskSucceeded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A run's history, indexed for replay: calls by id, each call's completion with the position at
 * which the orchestrator first observed it, and each episode's time. Built incrementally, so a
 * process that keeps the index between wakes only adds what is new.
 */
public final class HistoryIndex {
  private final List<HistoryEvent> events = new ArrayList<>();
  private final List<Call> calls = new ArrayList<>();
  private final List<Instant> episodeTimes = new ArrayList<>();
  private RunStarted started;
  private HistoryEvent terminal;

  /** One recorded call. */
  public static final class Call {
    final TaskScheduled scheduled;
    HistoryEvent completion;
    int completionPosition = -1;

    Call(TaskScheduled scheduled) {
      this.scheduled = scheduled;
    }

    /** The command that started the call. */
    public TaskScheduled scheduled() {
      return scheduled;
    }

    /** Whether a result or failure is recorded. */
    public boolean isCompleted() {
      return completion != null;
    }

    /** The recorded result or failure, or null. */
    public HistoryEvent completion() {
      return completion;
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
    } else if (event instanceof TaskScheduled s) {
      if (s.callId() != calls.size() + 1) {
        throw new IllegalStateException(
            "corrupt history: call ids must be dense, but call "
                + s.callId()
                + " follows "
                + calls.size());
      }
      calls.add(new Call(s));
    } else if (event instanceof TaskSucceeded s) {
      complete(s.callId(), event, position);
    } else if (event instanceof TaskFailed f) {
      complete(f.callId(), event, position);
    } else if (event instanceof RunCompleted || event instanceof RunFailed) {
      terminal = event;
    }
  }

  private void setEpisodeTime(int episode, Instant time) {
    while (episodeTimes.size() <= episode) {
      episodeTimes.add(time);
    }
    episodeTimes.set(episode, time);
  }

  private void complete(int callId, HistoryEvent completion, int position) {
    Call call = call(callId);
    if (call == null) {
      throw new IllegalStateException("corrupt history: a result for unknown call " + callId);
    }
    if (call.completion == null) {
      call.completion = completion;
      call.completionPosition = position;
    }
  }

  /** The call with this id, or null. */
  public Call call(int callId) {
    return callId >= 1 && callId <= calls.size() ? calls.get(callId - 1) : null;
  }

  /** The number of recorded calls. */
  public int callCount() {
    return calls.size();
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

  /** The completion or failure of the run, or null while it is running. */
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

  /** Whether the run has a result for this call already. */
  public boolean isCompleted(int callId) {
    Call call = call(callId);
    return call != null && call.isCompleted();
  }
}

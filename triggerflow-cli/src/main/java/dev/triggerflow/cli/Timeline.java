package dev.triggerflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.history.HistoryEvent.CallCompleted;
import dev.triggerflow.history.HistoryEvent.CallStarted;
import dev.triggerflow.history.HistoryEvent.CallsJoined;
import dev.triggerflow.history.HistoryEvent.ChildStarted;
import dev.triggerflow.history.HistoryEvent.EpisodeStarted;
import dev.triggerflow.history.HistoryEvent.EventAwaited;
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
import dev.triggerflow.spi.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's history as a readable timeline: orchestrator runs (episodes), calls of every kind, their
 * results and failed attempts, external events, the triggers that fired, and how the run ended,
 * with times relative to the start. The calls of a map are folded into one line for scheduling and
 * one line per batch of outcomes, however many calls there are.
 *
 * <p>Trigger lines follow the engine's wiring: the first attempt of a task call is counted by its
 * group's trigger {@code gN} (or by {@code jN} when the workflow joined several calls), a later
 * attempt by its own trigger {@code cNaM}, the wait before it by {@code cNaMt}; timers and child
 * workflows have a trigger {@code gN} each. Only the triggers of maps and joins are stored as
 * trigger items; the others are the implicit trigger of a call awaited on its own, kept in the run
 * record. External events wake the run without a trigger.
 */
final class Timeline {

  /** Where a payload or an unknown event is cut; a timeline line is not a data dump. */
  private static final int TEXT_LIMIT = 200;

  private final List<String> lines = new ArrayList<>();
  private final Map<Integer, CallStarted> calls = new HashMap<>();
  private final Map<Integer, Integer> groupSizes = new HashMap<>();

  /** The trigger that joins a call with others of its episode, by call id. */
  private final Map<Integer, String> joinedBy = new HashMap<>();

  /** How many outcomes fire a trigger, by trigger id, where that is known from the history. */
  private final Map<String, Integer> joinSizes = new HashMap<>();

  private final Map<String, Integer> joinDone = new HashMap<>();

  /** The attempt a retried call is on, by call id: it tells which trigger counts its result. */
  private final Map<Integer, Integer> attempts = new HashMap<>();

  /** The calls that wait for an event name, in the order the workflow made them. */
  private final Map<String, List<Integer>> waitsByName = new HashMap<>();

  private final Map<String, Integer> receivedByName = new HashMap<>();
  private Instant start;

  private Timeline() {}

  static String render(RunRecord run, List<HistoryEvent> history) {
    Timeline t = new Timeline();
    t.lines.add(Render.runText(run).stripTrailing());
    t.lines.add("");
    t.index(history);
    t.walk(history);
    return String.join("\n", t.lines);
  }

  /**
   * Learns the calls, map sizes, joins and waits for events up front: an outcome's line names its
   * call, and an event may arrive before the wait that receives it is recorded.
   */
  private void index(List<HistoryEvent> history) {
    for (HistoryEvent e : history) {
      if (e instanceof CallStarted s) {
        calls.put(s.callId(), s);
      }
      if (e instanceof TaskScheduled s) {
        groupSizes.merge(s.groupId(), 1, Integer::sum);
        joinSizes.merge("g" + s.groupId(), 1, Integer::sum);
      } else if (e instanceof EventAwaited a) {
        waitsByName.computeIfAbsent(a.name(), n -> new ArrayList<>()).add(a.callId());
      } else if (e instanceof CallsJoined j && !j.callIds().isEmpty()) {
        String trigger = "j" + j.callIds().get(0);
        joinSizes.put(trigger, j.callIds().size());
        j.callIds().forEach(id -> joinedBy.put(id, trigger));
      }
    }
  }

  private void walk(List<HistoryEvent> history) {
    int i = 0;
    while (i < history.size()) {
      HistoryEvent e = history.get(i);
      int group = mapGroupOf(e);
      if (e instanceof TaskScheduled s && group != 0) {
        i = foldMapCalls(history, i, s);
        continue;
      }
      int end = group == 0 ? i + 1 : batchEnd(history, i, group);
      if (end - i > 1) {
        foldMapOutcomes(history.subList(i, end), group);
      } else {
        describe(e);
      }
      i = end;
    }
  }

  /** The group of a map of more than one call that the event schedules or answers, else 0. */
  private int mapGroupOf(HistoryEvent e) {
    Integer callId = callOf(e);
    if (callId == null || !(calls.get(callId) instanceof TaskScheduled s)) {
      return 0;
    }
    return groupSizes.getOrDefault(s.groupId(), 1) > 1 ? s.groupId() : 0;
  }

  private int foldMapCalls(List<HistoryEvent> history, int from, TaskScheduled first) {
    int n = groupSizes.get(first.groupId());
    String retry =
        first.retry() == null ? "" : ", up to " + first.retry().maxAttempts() + " attempts each";
    line(
        first.episode(),
        null,
        "map of "
            + n
            + " calls of "
            + first.task()
            + " scheduled (calls "
            + first.callId()
            + ".."
            + (first.callId() + n - 1)
            + retry
            + "), joined by trigger g"
            + first.groupId());
    int i = from;
    while (i < history.size()
        && history.get(i) instanceof TaskScheduled s
        && s.groupId() == first.groupId()) {
      i++;
    }
    return i;
  }

  /**
   * Where a batch of outcomes of one map's calls ends: outcomes one episode observed one after the
   * other, results and failed attempts in one batch, the starts of retries in another.
   */
  private int batchEnd(List<HistoryEvent> history, int from, int group) {
    HistoryEvent first = history.get(from);
    boolean retries = first instanceof TaskRetried;
    int i = from + 1;
    while (i < history.size()
        && history.get(i).episode() == first.episode()
        && !(history.get(i) instanceof TaskScheduled)
        && history.get(i) instanceof TaskRetried == retries
        && mapGroupOf(history.get(i)) == group) {
      i++;
    }
    return i;
  }

  private void foldMapOutcomes(List<HistoryEvent> batch, int group) {
    int ok = 0;
    int failed = 0;
    int attemptsFailed = 0;
    Instant last = null;
    List<String> fired = new ArrayList<>();
    for (HistoryEvent e : batch) {
      if (e instanceof TaskSucceeded) {
        ok++;
      } else if (e instanceof TaskFailed) {
        failed++;
      } else if (e instanceof TaskAttemptFailed) {
        attemptsFailed++;
      }
      Instant t = timeOf(e);
      last = last == null || t.isAfter(last) ? t : last;
      String trigger = countOutcome(e);
      if (trigger != null) {
        fired.add(trigger);
      }
    }
    int episode = batch.get(0).episode();
    if (batch.get(0) instanceof TaskRetried) {
      line(
          episode,
          null,
          batch.size()
              + " calls of map g"
              + group
              + " retried: their next attempts started (last at +"
              + offset(last)
              + ")");
    } else {
      String text =
          (ok + failed)
              + " of "
              + groupSizes.get(group)
              + " results of map g"
              + group
              + ": "
              + ok
              + " succeeded, "
              + failed
              + " failed";
      if (attemptsFailed > 0) {
        text += ", " + attemptsFailed + " failed attempt" + (attemptsFailed > 1 ? "s" : "");
        text += " to retry";
      }
      line(episode, null, text + " (last at +" + offset(last) + ")");
    }
    firedLines(episode, fired);
  }

  /** The triggers a folded batch completed: the map's own on a line, per-attempt ones summed up. */
  private void firedLines(int episode, List<String> fired) {
    List<String> single = new ArrayList<>();
    for (String trigger : fired) {
      if (joinSizes.containsKey(trigger)) {
        firedLine(episode, trigger);
      } else {
        single.add(trigger);
      }
    }
    if (single.size() == 1) {
      firedLine(episode, single.get(0));
    } else if (single.size() > 1) {
      line(
          episode,
          null,
          single.size()
              + " triggers of single attempts fired ("
              + single.get(0)
              + " .. "
              + single.get(single.size() - 1)
              + ", join 1/1 each)");
    }
  }

  private void describe(HistoryEvent e) {
    if (e instanceof RunStarted s) {
      start = s.time();
      line(0, s.time(), "run started: workflow " + s.workflow() + ", input " + compact(s.input()));
    } else if (e instanceof EpisodeStarted s) {
      line(s.episode(), s.time(), "orchestrator woke: episode " + s.episode());
    } else if (e instanceof CallStarted s) {
      scheduled(s);
    } else if (e instanceof CallsJoined j) {
      line(j.episode(), null, "calls " + callList(j.callIds()) + " joined by trigger " + join(j));
    } else if (e instanceof EventReceived r) {
      received(r);
    } else if (callOf(e) != null) {
      outcome(e);
      String trigger = countOutcome(e);
      if (trigger != null) {
        firedLine(e.episode(), trigger);
      }
    } else {
      ended(e);
    }
  }

  private void scheduled(CallStarted e) {
    String what;
    if (e instanceof TaskScheduled s) {
      String retry = s.retry() == null ? "" : ", up to " + s.retry().maxAttempts() + " attempts";
      what = s.task() + "(" + compact(s.input()) + ")" + retry;
    } else if (e instanceof TimerStarted t) {
      what = "a timer until +" + offset(t.fireAt());
    } else if (e instanceof ChildStarted c) {
      what = c.describe() + " as run " + c.childRunId() + ", input " + compact(c.input());
    } else {
      what = e.describe();
    }
    line(e.episode(), null, "call " + e.callId() + " scheduled: " + what);
  }

  private void outcome(HistoryEvent e) {
    String text;
    if (e instanceof TaskSucceeded s) {
      text = call(s.callId()) + " succeeded at +" + offset(s.time()) + ": " + compact(s.result());
    } else if (e instanceof TaskFailed f) {
      text =
          call(f.callId())
              + " FAILED at +"
              + offset(f.time())
              + ": "
              + error(f.errorType(), f.message());
    } else if (e instanceof TaskAttemptFailed f) {
      text =
          call(f.callId())
              + " attempt "
              + f.attempt()
              + " FAILED at +"
              + offset(f.time())
              + ": "
              + error(f.errorType(), f.message())
              + "; retry at +"
              + offset(f.retryAt());
    } else if (e instanceof TaskRetried r) {
      text = call(r.callId()) + " retried at +" + offset(r.time()) + ": attempt " + r.attempt();
    } else {
      TimerFired f = (TimerFired) e;
      text = call(f.callId()) + " fired at +" + offset(f.time());
    }
    line(e.episode(), null, text);
  }

  /**
   * The k-th wait for an event name receives the k-th event of that name, whichever is recorded
   * first; the line names that wait's call, or says that no call waits for the event.
   */
  private void received(EventReceived r) {
    int k = receivedByName.merge(r.name(), 1, Integer::sum) - 1;
    List<Integer> waits = waitsByName.getOrDefault(r.name(), List.of());
    String forCall = k < waits.size() ? "for call " + waits.get(k) : "no call waits for it";
    line(
        r.episode(),
        null,
        "event '"
            + r.name()
            + "' received at +"
            + offset(r.time())
            + " ("
            + forCall
            + "): "
            + compact(r.payload()));
  }

  private void ended(HistoryEvent e) {
    if (e instanceof RunCompleted c) {
      line(c.episode(), c.time(), "run completed: " + compact(c.result()));
    } else if (e instanceof RunFailed f) {
      line(f.episode(), f.time(), "run FAILED: " + error(f.errorType(), f.message()));
    } else if (e instanceof RunTerminated t) {
      line(t.episode(), t.time(), "run TERMINATED: " + t.reason());
    } else if (e instanceof RunContinuedAsNew c) {
      line(
          c.episode(),
          c.time(),
          "run continued as new: run " + c.nextRunId() + ", input " + compact(c.input()));
    } else {
      // A kind of event this timeline does not know yet is shown as recorded, never dropped.
      line(e.episode(), null, "history event " + cut(String.valueOf(e)));
    }
  }

  /**
   * Counts an outcome towards the trigger that observes it; returns that trigger's id when the
   * outcome completed its join, so that the trigger fired, else null.
   */
  private String countOutcome(HistoryEvent e) {
    String trigger = triggerOf(e);
    if (trigger == null) {
      return null;
    }
    int size = joinSizes.getOrDefault(trigger, 1);
    int done = joinDone.merge(trigger, 1, Integer::sum);
    return done == size ? trigger : null;
  }

  /** The trigger that observes an outcome, or null for a call the history does not start. */
  private String triggerOf(HistoryEvent e) {
    Integer callId = callOf(e);
    CallStarted started = callId == null ? null : calls.get(callId);
    if (started == null) {
      return null;
    }
    if (e instanceof TaskRetried r) {
      attempts.put(callId, r.attempt());
      return "c" + callId + "a" + r.attempt() + "t";
    }
    int attempt = e instanceof TaskAttemptFailed f ? f.attempt() : attempts.getOrDefault(callId, 1);
    if (attempt > 1) {
      return "c" + callId + "a" + attempt;
    }
    return joinedBy.getOrDefault(callId, "g" + started.groupId());
  }

  private void firedLine(int episode, String trigger) {
    int size = joinSizes.getOrDefault(trigger, 1);
    line(episode, null, "trigger " + trigger + " fired (join " + size + "/" + size + ")");
  }

  /**
   * The call a task's scheduling, outcome or retry, or a timer's firing belongs to (a child
   * workflow's result is recorded as a task's); null for other events.
   */
  private static Integer callOf(HistoryEvent e) {
    if (e instanceof TaskScheduled s) {
      return s.callId();
    } else if (e instanceof CallCompleted c) {
      return c.callId();
    } else if (e instanceof TaskAttemptFailed f) {
      return f.callId();
    } else if (e instanceof TaskRetried r) {
      return r.callId();
    }
    return null;
  }

  private static Instant timeOf(HistoryEvent e) {
    if (e instanceof TaskSucceeded s) {
      return s.time();
    } else if (e instanceof TaskFailed f) {
      return f.time();
    } else if (e instanceof TaskAttemptFailed f) {
      return f.time();
    }
    return ((TaskRetried) e).time();
  }

  /** A call as its result lines name it: a task by its name, other calls by what they are. */
  private String call(int callId) {
    CallStarted s = calls.get(callId);
    String what;
    if (s instanceof TaskScheduled t) {
      what = t.task();
    } else if (s != null) {
      what = s.describe();
    } else {
      what = "unknown call";
    }
    return "call " + callId + " (" + what + ")";
  }

  private static String join(CallsJoined j) {
    return j.callIds().isEmpty() ? "(none)" : "j" + j.callIds().get(0);
  }

  /** Call ids as a range when they follow one another, else listed. */
  private static String callList(List<Integer> ids) {
    if (ids.size() > 2 && ids.get(ids.size() - 1) - ids.get(0) == ids.size() - 1) {
      return ids.get(0) + ".." + ids.get(ids.size() - 1);
    }
    return cut(String.join(", ", ids.stream().map(String::valueOf).toList()));
  }

  private void line(int episode, Instant time, String text) {
    String when = time == null ? "" : "+" + offset(time);
    lines.add(String.format(Locale.ROOT, "%10s  ep %-3d %s", when, episode, text));
  }

  private String offset(Instant t) {
    return start == null || t == null ? "?" : Render.seconds(Duration.between(start, t));
  }

  private static String error(String type, String message) {
    return message == null || message.isEmpty() ? type : type + ": " + message;
  }

  private static String compact(JsonNode n) {
    return Render.compact(n);
  }

  private static String cut(String s) {
    return s.length() > TEXT_LIMIT ? s.substring(0, TEXT_LIMIT - 3) + "..." : s;
  }
}

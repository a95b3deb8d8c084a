package dev.triggerflow.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.history.HistoryEvent.CallStarted;
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
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run's history as text a person reads in a failed test: one line per event, with the episode and
 * the time since the run started, calls named by what they call, payloads abbreviated.
 */
final class Timeline {
  private final StringBuilder out = new StringBuilder();
  private final Map<Integer, String> calls = new HashMap<>();
  private Instant start;

  private Timeline() {}

  /** The timeline of a run; {@code run} may be null when the run is not known. */
  static String render(String runId, RunRecord run, List<HistoryEvent> history) {
    Timeline t = new Timeline();
    t.out.append("run ").append(runId);
    if (run != null) {
      t.out
          .append(" of workflow '")
          .append(run.workflow())
          .append("': ")
          .append(run.status())
          .append(", ")
          .append(run.episodes())
          .append(run.episodes() == 1 ? " episode" : " episodes");
      t.start = run.createdAt();
    }
    t.out.append('\n');
    if (history.isEmpty()) {
      t.out
          .append("  (no history: the run has not been started by an orchestrator,")
          .append(" or it is a native workflow)\n");
    }
    for (HistoryEvent e : history) {
      if (e instanceof CallStarted c) {
        t.calls.put(c.callId(), c.describe());
      }
    }
    history.forEach(t::line);
    return t.out.toString();
  }

  private void line(HistoryEvent e) {
    if (e instanceof RunStarted s) {
      start = s.time();
      line(s.episode(), s.time(), "started " + s.workflow() + " with " + json(s.input()));
    } else if (e instanceof EpisodeStarted s) {
      line(s.episode(), s.time(), "woke");
    } else if (e instanceof TaskScheduled s) {
      String retry = s.retry() == null ? "" : ", up to " + s.retry().maxAttempts() + " attempts";
      line(
          s.episode(),
          null,
          "call " + s.callId() + ": " + s.describe() + " with " + json(s.input()) + retry);
    } else if (e instanceof TaskSucceeded s) {
      line(s.episode(), s.time(), call(s.callId()) + " succeeded: " + json(s.result()));
    } else if (e instanceof TaskFailed f) {
      line(
          f.episode(),
          f.time(),
          call(f.callId()) + " FAILED: " + error(f.errorType(), f.message()));
    } else if (e instanceof TaskAttemptFailed f) {
      line(
          f.episode(),
          f.time(),
          call(f.callId())
              + " attempt "
              + f.attempt()
              + " failed: "
              + error(f.errorType(), f.message())
              + "; next attempt at "
              + offset(f.retryAt()));
    } else if (e instanceof TaskRetried r) {
      line(r.episode(), r.time(), call(r.callId()) + " attempt " + r.attempt() + " started");
    } else if (e instanceof TimerStarted s) {
      line(s.episode(), null, "call " + s.callId() + ": a timer until " + offset(s.fireAt()));
    } else if (e instanceof TimerFired f) {
      line(f.episode(), f.time(), call(f.callId()) + " fired");
    } else if (e instanceof EventAwaited a) {
      line(a.episode(), null, "call " + a.callId() + ": " + a.describe());
    } else if (e instanceof EventReceived r) {
      line(r.episode(), r.time(), "event '" + r.name() + "' received: " + json(r.payload()));
    } else if (e instanceof ChildStarted c) {
      line(
          c.episode(),
          null,
          "call "
              + c.callId()
              + ": "
              + c.describe()
              + " as run "
              + c.childRunId()
              + " with "
              + json(c.input()));
    } else {
      end(e);
    }
  }

  private void end(HistoryEvent e) {
    if (e instanceof RunCompleted c) {
      line(c.episode(), c.time(), "COMPLETED with " + json(c.result()));
    } else if (e instanceof RunFailed f) {
      line(f.episode(), f.time(), "FAILED: " + error(f.errorType(), f.message()));
    } else if (e instanceof RunTerminated t) {
      line(t.episode(), t.time(), "TERMINATED: " + t.reason());
    } else if (e instanceof RunContinuedAsNew c) {
      line(
          c.episode(),
          c.time(),
          "continued as new as run " + c.nextRunId() + " with " + json(c.input()));
    } else {
      line(e.episode(), null, e.toString());
    }
  }

  private void line(int episode, Instant time, String text) {
    String when = time == null ? "" : offset(time);
    out.append(String.format(Locale.ROOT, "  %12s  ep %-3d %s%n", when, episode, text));
  }

  private String call(int callId) {
    return "call " + callId + " (" + calls.getOrDefault(callId, "unknown call") + ")";
  }

  private String offset(Instant time) {
    return start == null ? time.toString() : offset(Duration.between(start, time));
  }

  /** A duration as {@code +1d2h}, {@code +30s} or {@code +1s250ms}: short, and exact. */
  static String offset(Duration d) {
    if (d.isNegative()) {
      return "-" + offset(d.negated()).substring(1);
    }
    if (d.isZero()) {
      return "+0s";
    }
    StringBuilder s = new StringBuilder("+");
    append(s, d.toDaysPart(), "d");
    append(s, d.toHoursPart(), "h");
    append(s, d.toMinutesPart(), "m");
    append(s, d.toSecondsPart(), "s");
    append(s, d.toMillisPart(), "ms");
    if (s.length() == 1) {
      s.append(d.toNanos()).append("ns");
    }
    return s.toString();
  }

  private static void append(StringBuilder s, long amount, String unit) {
    if (amount != 0) {
      s.append(amount).append(unit);
    }
  }

  private static String error(String type, String message) {
    return message == null || message.isEmpty() ? type : type + ": " + message;
  }

  private static String json(JsonNode node) {
    return Json.abbreviate(node);
  }
}

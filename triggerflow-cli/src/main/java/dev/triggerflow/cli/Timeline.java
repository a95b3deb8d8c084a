package dev.triggerflow.cli;

import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.history.HistoryEvent.EpisodeStarted;
import dev.triggerflow.history.HistoryEvent.RunCompleted;
import dev.triggerflow.history.HistoryEvent.RunFailed;
import dev.triggerflow.history.HistoryEvent.RunStarted;
import dev.triggerflow.history.HistoryEvent.TaskFailed;
import dev.triggerflow.history.HistoryEvent.TaskScheduled;
import dev.triggerflow.history.HistoryEvent.TaskSucceeded;
import dev.triggerflow.spi.RunRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's history as a readable timeline: orchestrator runs (episodes), calls, results, the
 * triggers that fired, with times relative to the start. The calls of a map are folded into one
 * line each for scheduling and for results, however many there are.
 */
final class Timeline {
  private final List<String> lines = new ArrayList<>();
  private final Map<Integer, Integer> groupSizes = new HashMap<>();
  private final Map<Integer, Integer> groupOf = new HashMap<>();
  private final Map<Integer, Integer> groupDone = new HashMap<>();
  private final Map<Integer, String> taskOf = new HashMap<>();
  private Instant start;

  static String render(RunRecord run, List<HistoryEvent> history) {
    Timeline t = new Timeline();
    t.lines.add(Render.runText(run).stripTrailing());
    t.lines.add("");
    t.walk(history);
    return String.join("\n", t.lines);
  }

  private void walk(List<HistoryEvent> history) {
    for (HistoryEvent e : history) {
      if (e instanceof TaskScheduled s) {
        groupSizes.merge(s.groupId(), 1, Integer::sum);
        groupOf.put(s.callId(), s.groupId());
        taskOf.put(s.callId(), s.task());
      }
    }
    int i = 0;
    while (i < history.size()) {
      HistoryEvent e = history.get(i);
      if (e instanceof TaskScheduled s && groupSizes.get(s.groupId()) > 1) {
        int n = groupSizes.get(s.groupId());
        line(
            s.episode(),
            null,
            "map of "
                + n
                + " calls of "
                + s.task()
                + " scheduled (calls "
                + s.callId()
                + ".."
                + (s.callId() + n - 1)
                + "), joined by trigger g"
                + s.groupId());
        i += n;
        continue;
      }
      if (isResult(e) && groupSizes.getOrDefault(groupOf.get(callOf(e)), 1) > 1) {
        i = foldMapResults(history, i);
        continue;
      }
      describe(e);
      i++;
    }
  }

  private int foldMapResults(List<HistoryEvent> history, int from) {
    int group = groupOf.get(callOf(history.get(from)));
    int episode = history.get(from).episode();
    int ok = 0;
    int failed = 0;
    Instant last = null;
    int i = from;
    while (i < history.size()
        && isResult(history.get(i))
        && history.get(i).episode() == episode
        && groupOf.get(callOf(history.get(i))) == group) {
      HistoryEvent e = history.get(i);
      Instant t = e instanceof TaskSucceeded s ? s.time() : ((TaskFailed) e).time();
      last = last == null || t.isAfter(last) ? t : last;
      if (e instanceof TaskSucceeded) {
        ok++;
      } else {
        failed++;
      }
      i++;
    }
    int n = groupSizes.get(group);
    line(
        episode,
        last,
        (ok + failed)
            + " of "
            + n
            + " results of map g"
            + group
            + ": "
            + ok
            + " succeeded, "
            + failed
            + " failed (last at +"
            + offset(last)
            + ")");
    countDone(episode, group, ok + failed);
    return i;
  }

  private void describe(HistoryEvent e) {
    if (e instanceof RunStarted s) {
      start = s.time();
      line(0, s.time(), "run started: workflow " + s.workflow() + ", input " + compact(s.input()));
    } else if (e instanceof EpisodeStarted s) {
      line(s.episode(), s.time(), "orchestrator woke: episode " + s.episode());
    } else if (e instanceof TaskScheduled s) {
      line(
          s.episode(),
          null,
          "call " + s.callId() + " scheduled: " + s.task() + "(" + compact(s.input()) + ")");
    } else if (e instanceof TaskSucceeded s) {
      line(
          s.episode(),
          null,
          "call "
              + s.callId()
              + " ("
              + taskOf.get(s.callId())
              + ") succeeded at +"
              + offset(s.time())
              + ": "
              + compact(s.result()));
      countDone(s.episode(), groupOf.get(s.callId()), 1);
    } else if (e instanceof TaskFailed f) {
      line(
          f.episode(),
          null,
          "call "
              + f.callId()
              + " ("
              + taskOf.get(f.callId())
              + ") FAILED at +"
              + offset(f.time())
              + ": "
              + f.errorType()
              + (f.message().isEmpty() ? "" : ": " + f.message()));
      countDone(f.episode(), groupOf.get(f.callId()), 1);
    } else if (e instanceof RunCompleted c) {
      line(c.episode(), c.time(), "run completed: " + compact(c.result()));
    } else if (e instanceof RunFailed f) {
      line(f.episode(), f.time(), "run FAILED: " + f.errorType() + ": " + f.message());
    }
  }

  private void countDone(int episode, int group, int n) {
    int done = groupDone.merge(group, n, Integer::sum);
    int size = groupSizes.get(group);
    if (done >= size && done - n < size) {
      line(episode, null, "trigger g" + group + " fired (join " + size + "/" + size + ")");
    }
  }

  private static boolean isResult(HistoryEvent e) {
    return e instanceof TaskSucceeded || e instanceof TaskFailed;
  }

  private static int callOf(HistoryEvent e) {
    return e instanceof TaskSucceeded s ? s.callId() : ((TaskFailed) e).callId();
  }

  private void line(int episode, Instant time, String text) {
    String when = time == null ? "" : "+" + offset(time);
    lines.add(String.format(java.util.Locale.ROOT, "%10s  ep %-3d %s", when, episode, text));
  }

  private String offset(Instant t) {
    return start == null || t == null ? "?" : Render.seconds(Duration.between(start, t));
  }

  private static String compact(com.fasterxml.jackson.databind.JsonNode n) {
    return Render.compact(n);
  }
}

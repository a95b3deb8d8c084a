package dev.triggerflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.history.HistoryEvent;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the HTML timeline draws, taken from a run's history: every call with the parts of its life
 * (attempts, waits before retries, waits on timers and on events) and every wake of the
 * orchestrator. Times are whole microseconds after the run started, so that the page does no date
 * arithmetic and the numbers stay short.
 *
 * <p>A call starts at the time of the episode that scheduled it, since the history records when the
 * orchestrator decided on a call, not when a worker picked it up; it ends at its result's time.
 */
final class TimelineData {

  /** The longest text kept from a payload or an error message; the page is not a data dump. */
  static final int TEXT_LIMIT = 160;

  /** A part of a call's life, drawn as one bar. */
  private record Part(
      String kind, long start, long end, int attempt, boolean open, String errorType, String msg) {}

  /** One durable call, or an event that arrived with no wait for it. */
  private static final class Call {
    final int id;
    final int group;
    final String kind;
    final String name;
    final int episode;
    final long start;
    final List<Part> parts = new ArrayList<>();
    String input;
    String result;
    String errorType;
    String message;
    String status;
    String childRunId;
    Long end;
    Long fireAt;
    Integer resultEpisode;
    Integer maxAttempts;
    int attempt = 1;
    long attemptStart;

    Call(int id, int group, String kind, String name, int episode, long start) {
      this.id = id;
      this.group = group;
      this.kind = kind;
      this.name = name;
      this.episode = episode;
      this.start = start;
      this.attemptStart = start;
    }
  }

  private final RunRecord run;
  private final Instant origin;
  private final Map<Integer, Long> episodes = new TreeMap<>();
  private final Map<Integer, Call> calls = new LinkedHashMap<>();
  private final Map<Integer, Integer> groupSizes = new LinkedHashMap<>();
  private final Map<String, Deque<Call>> awaiting = new LinkedHashMap<>();
  private final List<Call> strayEvents = new ArrayList<>();
  private final ObjectNode finish = Json.mapper().createObjectNode();
  private long latest;

  private TimelineData(RunRecord run, List<HistoryEvent> history) {
    this.run = run;
    this.origin =
        history.stream()
            .filter(RunStarted.class::isInstance)
            .map(e -> ((RunStarted) e).time())
            .findFirst()
            .orElse(run.createdAt());
  }

  /** The page's data for a run and its history, as a JSON object. */
  static ObjectNode of(RunRecord run, List<HistoryEvent> history) {
    TimelineData data = new TimelineData(run, history);
    for (HistoryEvent e : history) {
      data.apply(e);
    }
    return data.toJson();
  }

  private void apply(HistoryEvent e) {
    if (e instanceof RunStarted s) {
      episodes.put(0, micros(s.time()));
    } else if (e instanceof EpisodeStarted s) {
      episodes.put(s.episode(), micros(s.time()));
    } else if (e instanceof TaskScheduled s) {
      Call c = add(new Call(s.callId(), s.groupId(), "task", s.task(), s.episode(), at(s)));
      c.input = text(s.input());
      c.maxAttempts = s.retry() == null ? null : s.retry().maxAttempts();
      groupSizes.merge(s.groupId(), 1, Integer::sum);
    } else if (e instanceof TaskAttemptFailed f) {
      attemptFailed(f);
    } else if (e instanceof TaskRetried r) {
      retried(r);
    } else if (e instanceof TaskSucceeded s) {
      succeeded(s);
    } else if (e instanceof TaskFailed f) {
      failed(f);
    } else if (e instanceof TimerStarted t) {
      Call c = add(new Call(t.callId(), t.callId(), "timer", "timer", t.episode(), at(t)));
      c.fireAt = micros(t.fireAt());
    } else if (e instanceof TimerFired f) {
      Call c = calls.get(f.callId());
      if (c != null) {
        long t = micros(f.time());
        c.parts.add(new Part("timer", c.start, Math.max(c.start, t), 0, false, null, null));
        finish(c, "fired", t, f.episode());
      }
    } else if (e instanceof EventAwaited a) {
      Call c = add(new Call(a.callId(), a.callId(), "event", a.name(), a.episode(), at(a)));
      awaiting.computeIfAbsent(a.name(), n -> new ArrayDeque<>()).add(c);
      matchStrayEvent(c);
    } else if (e instanceof EventReceived r) {
      received(r);
    } else if (e instanceof ChildStarted c) {
      Call call = add(new Call(c.callId(), c.callId(), "child", c.workflow(), c.episode(), at(c)));
      call.input = text(c.input());
      call.childRunId = c.childRunId();
    } else {
      runFinished(e);
    }
  }

  private Call add(Call c) {
    calls.put(c.id, c);
    return c;
  }

  private void attemptFailed(TaskAttemptFailed f) {
    Call c = calls.get(f.callId());
    if (c == null) {
      return;
    }
    long failedAt = micros(f.time());
    long retryAt = micros(f.retryAt());
    c.parts.add(
        new Part(
            "fail",
            c.attemptStart,
            Math.max(c.attemptStart, failedAt),
            f.attempt(),
            false,
            f.errorType(),
            text(f.message())));
    // The wait is drawn until the retry is due; TaskRetried, when it comes, says when it ended.
    c.parts.add(
        new Part("wait", failedAt, Math.max(failedAt, retryAt), f.attempt() + 1, true, null, null));
    c.attempt = f.attempt() + 1;
    c.attemptStart = retryAt;
    note(failedAt);
  }

  private void retried(TaskRetried r) {
    Call c = calls.get(r.callId());
    if (c == null) {
      return;
    }
    long t = micros(r.time());
    int last = c.parts.size() - 1;
    if (last >= 0 && c.parts.get(last).kind().equals("wait")) {
      Part w = c.parts.get(last);
      c.parts.set(
          last,
          new Part("wait", w.start(), Math.max(w.start(), t), r.attempt(), false, null, null));
    }
    c.attempt = r.attempt();
    c.attemptStart = t;
    note(t);
  }

  private void succeeded(TaskSucceeded s) {
    Call c = calls.get(s.callId());
    if (c == null) {
      return;
    }
    long t = micros(s.time());
    String kind = c.kind.equals("child") ? "child" : "ok";
    c.parts.add(
        new Part(kind, c.attemptStart, Math.max(c.attemptStart, t), c.attempt, false, null, null));
    c.result = text(s.result());
    finish(c, "ok", t, s.episode());
  }

  private void failed(TaskFailed f) {
    Call c = calls.get(f.callId());
    if (c == null) {
      return;
    }
    long t = micros(f.time());
    c.errorType = f.errorType();
    c.message = text(f.message());
    c.parts.add(
        new Part(
            "fail",
            c.attemptStart,
            Math.max(c.attemptStart, t),
            c.attempt,
            false,
            c.errorType,
            c.message));
    finish(c, "failed", t, f.episode());
  }

  /**
   * The k-th wait for an event name receives the k-th event of that name, and an event may arrive
   * before the workflow waits for it: such an event is kept until a wait claims it.
   */
  private void received(EventReceived r) {
    long t = micros(r.time());
    Deque<Call> waits = awaiting.get(r.name());
    Call wait = waits == null ? null : waits.pollFirst();
    if (wait != null) {
      receive(wait, r.payload(), t, r.episode());
      return;
    }
    Call stray = new Call(0, 0, "event", r.name(), r.episode(), t);
    stray.result = text(r.payload());
    stray.end = t;
    stray.resultEpisode = r.episode();
    stray.status = "unclaimed";
    strayEvents.add(stray);
    note(t);
  }

  private void matchStrayEvent(Call wait) {
    for (int i = 0; i < strayEvents.size(); i++) {
      Call stray = strayEvents.get(i);
      if (stray.name.equals(wait.name)) {
        strayEvents.remove(i);
        awaiting.get(wait.name).pollLast();
        receive(wait, null, stray.end, stray.resultEpisode);
        wait.result = stray.result;
        return;
      }
    }
  }

  private void receive(Call wait, JsonNode payload, long t, int episode) {
    wait.parts.add(new Part("event", wait.start, Math.max(wait.start, t), 0, false, null, null));
    if (payload != null) {
      wait.result = text(payload);
    }
    finish(wait, "received", t, episode);
  }

  private void runFinished(HistoryEvent e) {
    if (e instanceof RunCompleted c) {
      finishRun("completed", c.time(), c.episode());
    } else if (e instanceof RunFailed f) {
      finishRun("failed", f.time(), f.episode());
      finish.put("errorType", f.errorType());
      finish.put("message", text(f.message()));
    } else if (e instanceof RunTerminated t) {
      finishRun("terminated", t.time(), t.episode());
      finish.put("message", text(t.reason()));
    } else if (e instanceof RunContinuedAsNew n) {
      finishRun("continued", n.time(), n.episode());
      finish.put("next", n.nextRunId());
    }
  }

  private void finishRun(String kind, Instant time, int episode) {
    finish.put("kind", kind);
    finish.put("t", micros(time));
    finish.put("ep", episode);
    note(micros(time));
  }

  private void finish(Call c, String status, long t, int episode) {
    c.status = status;
    c.end = t;
    c.resultEpisode = episode;
    note(t);
  }

  /** The time of the episode that made a call: when the orchestrator decided on it. */
  private long at(HistoryEvent e) {
    Long t = episodes.get(e.episode());
    return t != null ? t : latest;
  }

  private long micros(Instant t) {
    Duration d = Duration.between(origin, t);
    long us = d.getSeconds() * 1_000_000L + d.getNano() / 1_000;
    return us;
  }

  private void note(long t) {
    latest = Math.max(latest, t);
  }

  /** Where the drawing ends: the last thing the history records, or the run's last update. */
  private long end() {
    long end = latest;
    for (long t : episodes.values()) {
      end = Math.max(end, t);
    }
    if (!finish.has("kind")) {
      end = Math.max(end, micros(run.updatedAt()));
    }
    return Math.max(end, 1);
  }

  /** Closes what the history leaves open: drawn to the end, marked as still open. */
  private void closeOpenCalls(long end) {
    boolean runOver = run.status().isTerminal();
    for (Call c : calls.values()) {
      if (c.status != null) {
        continue;
      }
      int last = c.parts.size() - 1;
      boolean waitingToRetry = last >= 0 && c.parts.get(last).kind().equals("wait");
      if (waitingToRetry) {
        Part w = c.parts.get(last);
        long until = runOver ? Math.min(w.end(), end) : w.end();
        c.parts.set(last, new Part("wait", w.start(), until, w.attempt(), true, null, null));
      } else {
        String kind =
            switch (c.kind) {
              case "timer" -> "timer";
              case "event" -> "event";
              case "child" -> "child";
              default -> "running";
            };
        long until = c.fireAt != null ? Math.min(c.fireAt, end) : end;
        c.parts.add(
            new Part(
                kind,
                c.attemptStart,
                Math.max(c.attemptStart, until),
                c.attempt,
                true,
                null,
                null));
      }
      c.status = runOver ? "open" : "running";
    }
  }

  private ObjectNode toJson() {
    long end = end();
    closeOpenCalls(end);
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("runId", run.runId());
    o.put("status", run.status().name());
    o.put("t0", origin.toString());
    o.put("t0ms", origin.toEpochMilli());
    o.put("end", end);
    ArrayNode eps = o.putArray("episodes");
    episodes.forEach((n, t) -> eps.addArray().add(n).add(t));
    if (finish.has("kind")) {
      o.set("finish", finish);
    }
    ObjectNode maps = o.putObject("maps");
    groupSizes.forEach(
        (g, size) -> {
          if (size > 1) {
            maps.putObject(Integer.toString(g)).put("n", calls.get(g).name).put("size", size);
          }
        });
    ArrayNode out = o.putArray("calls");
    for (Call c : calls.values()) {
      out.add(callJson(c, maps.has(Integer.toString(c.group))));
    }
    for (Call c : strayEvents) {
      out.add(callJson(c, false));
    }
    return o;
  }

  /** One call; defaults are left out, since a map may hold ten thousand of them. */
  private static ObjectNode callJson(Call c, boolean inMap) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("i", c.id);
    if (c.group != c.id) {
      o.put("g", c.group);
    }
    if (!c.kind.equals("task")) {
      o.put("k", c.kind);
    }
    if (!inMap) {
      o.put("n", c.name);
    }
    o.put("st", c.status);
    o.put("ep", c.episode);
    o.put("s", c.start);
    if (c.end != null) {
      o.put("e", c.end);
    }
    if (c.resultEpisode != null) {
      o.put("rep", c.resultEpisode);
    }
    putIfSet(o, "in", c.input);
    putIfSet(o, "out", c.result);
    putIfSet(o, "et", c.errorType);
    putIfSet(o, "em", c.message);
    putIfSet(o, "child", c.childRunId);
    if (c.fireAt != null) {
      o.put("fireAt", c.fireAt);
    }
    if (c.maxAttempts != null) {
      o.put("max", c.maxAttempts);
    }
    ArrayNode parts = o.putArray("p");
    for (Part p : c.parts) {
      ObjectNode j = parts.addObject();
      j.put("k", p.kind()).put("s", p.start()).put("e", p.end());
      if (p.attempt() > 0) {
        j.put("a", p.attempt());
      }
      if (p.open()) {
        j.put("open", true);
      }
      putIfSet(j, "et", p.errorType());
      putIfSet(j, "em", p.msg());
    }
    return o;
  }

  private static void putIfSet(ObjectNode o, String field, String value) {
    if (value != null) {
      o.put(field, value);
    }
  }

  private static String text(JsonNode value) {
    return value == null ? null : abbreviate(value.toString());
  }

  private static String text(String value) {
    return value == null ? null : abbreviate(value);
  }

  /** Cuts long text, never between the two halves of a surrogate pair. */
  static String abbreviate(String s) {
    if (s.length() <= TEXT_LIMIT) {
      return s;
    }
    int cut = TEXT_LIMIT - 1;
    if (Character.isLowSurrogate(s.charAt(cut))) {
      cut--;
    }
    return s.substring(0, cut) + "\u2026";
  }
}

package dev.triggerflow.cli;

import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.history.HistoryEvent.ChildStarted;
import dev.triggerflow.history.HistoryEvent.EventAwaited;
import dev.triggerflow.history.HistoryEvent.EventReceived;
import dev.triggerflow.history.HistoryEvent.TaskAttemptFailed;
import dev.triggerflow.history.HistoryEvent.TaskFailed;
import dev.triggerflow.history.HistoryEvent.TaskScheduled;
import dev.triggerflow.history.HistoryEvent.TaskSucceeded;
import dev.triggerflow.history.HistoryEvent.TimerFired;
import dev.triggerflow.history.HistoryEvent.TimerStarted;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import dev.triggerflow.spi.Stores;
import dev.triggerflow.trigger.Trigger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How far a run has got, read from the stores while it runs: its record, the episodes of its
 * history it has not read yet, and the join triggers of the calls still open.
 *
 * <p>The history alone lags behind a map: its results enter the history only when the join fires
 * and the orchestrator wakes, once for the whole map. Until then they are counted by the map's join
 * trigger, so the count of a map's results comes from there.
 */
final class RunProgress {

  /** Open groups whose join trigger is read on every poll, the largest first; a bound on reads. */
  static final int TRIGGERS_READ = 8;

  /**
   * What a run has done, as of one read.
   *
   * @param runId the run read; a run that continued as new is followed to its successor
   * @param status the run's state
   * @param episodes how many times the orchestrator has run
   * @param scheduled calls of tasks and child workflows started
   * @param done of those, calls with a result, whether or not it is in the history yet
   * @param failed calls that failed for good
   * @param retries failed attempts that were, or will be, tried again
   * @param waiting timers and waits for events not yet over
   * @param map the largest map still open, or null
   */
  record Snapshot(
      String runId,
      RunStatus status,
      int episodes,
      int scheduled,
      int done,
      int failed,
      int retries,
      int waiting,
      MapProgress map) {

    /** The state in words, without the time, so that two reads can be compared. */
    String describe() {
      StringBuilder b = new StringBuilder();
      b.append(runId).append(' ').append(status);
      b.append(" | calls ").append(done).append('/').append(scheduled);
      if (failed > 0) {
        b.append(", ").append(failed).append(" failed");
      }
      if (retries > 0) {
        b.append(", ").append(retries).append(retries == 1 ? " retry" : " retries");
      }
      if (map != null) {
        b.append(" | map ")
            .append(map.task())
            .append(' ')
            .append(map.done())
            .append('/')
            .append(map.size())
            .append(String.format(Locale.ROOT, " %d%%", map.done() * 100L / map.size()));
      }
      if (waiting > 0) {
        b.append(" | waiting on ").append(waiting);
      }
      b.append(" | wakes ").append(episodes);
      return b.toString();
    }
  }

  /** The results a map has of its calls. */
  record MapProgress(int group, String task, int done, int size) {}

  private final Stores stores;
  private String runId;
  private int nextEpisode;
  private int scheduled;
  private int done;
  private int failed;
  private int retries;
  private final Set<Integer> waits = new HashSet<>();
  private final Map<String, Integer> eventsReceived = new HashMap<>();
  private final Map<String, List<Integer>> eventWaits = new HashMap<>();
  private final Map<Integer, Integer> groupSize = new HashMap<>();
  private final Map<Integer, Integer> groupDone = new HashMap<>();
  private final Map<Integer, Integer> groupOf = new HashMap<>();
  private final Map<Integer, String> groupTask = new HashMap<>();
  private final Set<Integer> retrying = new HashSet<>();

  RunProgress(Stores stores, String runId) {
    this.stores = stores;
    this.runId = runId;
  }

  /** Reads what is new since the last read. */
  Snapshot read() {
    Optional<RunRecord> found = stores.runs().get(runId);
    if (found.isEmpty()) {
      return new Snapshot(runId, RunStatus.RUNNING, 0, 0, 0, 0, 0, 0, null);
    }
    RunRecord run = found.get();
    if (run.status() == RunStatus.CONTINUED_AS_NEW && run.result() != null) {
      String next = run.result().path("continuedAs").asText("");
      if (!next.isEmpty()) {
        follow(next);
        return read();
      }
    }
    for (HistoryEvent e : stores.history().read(runId, nextEpisode)) {
      apply(e);
      nextEpisode = Math.max(nextEpisode, e.episode() + 1);
    }
    int arrived = 0;
    MapProgress largest = null;
    for (int group : openGroups()) {
      // A failed attempt counts in the join, and its retry's result goes to a trigger of its own.
      int seen = resultsSeenByTrigger(group) - retryingIn(group);
      int extra = Math.max(0, seen - groupDone.getOrDefault(group, 0));
      arrived += extra;
      int size = groupSize.get(group);
      if (size > 1 && (largest == null || size > largest.size())) {
        int mapDone = Math.min(size, groupDone.getOrDefault(group, 0) + extra);
        largest = new MapProgress(group, groupTask.get(group), mapDone, size);
      }
    }
    return new Snapshot(
        runId,
        run.status(),
        run.episodes(),
        scheduled,
        Math.min(scheduled, done + arrived),
        failed,
        retries,
        waits.size(),
        largest);
  }

  private void follow(String next) {
    runId = next;
    nextEpisode = 0;
    scheduled = 0;
    done = 0;
    failed = 0;
    retries = 0;
    waits.clear();
    eventsReceived.clear();
    eventWaits.clear();
    groupSize.clear();
    groupDone.clear();
    groupOf.clear();
    groupTask.clear();
    retrying.clear();
  }

  private void apply(HistoryEvent e) {
    if (e instanceof TaskScheduled s) {
      scheduled++;
      groupSize.merge(s.groupId(), 1, Integer::sum);
      groupOf.put(s.callId(), s.groupId());
      groupTask.putIfAbsent(s.groupId(), s.task());
    } else if (e instanceof ChildStarted c) {
      scheduled++;
      groupSize.merge(c.callId(), 1, Integer::sum);
      groupOf.put(c.callId(), c.callId());
      groupTask.putIfAbsent(c.callId(), c.workflow());
    } else if (e instanceof TaskSucceeded s) {
      result(s.callId());
    } else if (e instanceof TaskFailed f) {
      result(f.callId());
      failed++;
    } else if (e instanceof TaskAttemptFailed f) {
      retries++;
      retrying.add(f.callId());
    } else if (e instanceof TimerStarted t) {
      waits.add(t.callId());
    } else if (e instanceof TimerFired f) {
      waits.remove(f.callId());
    } else if (e instanceof EventAwaited a) {
      waits.add(a.callId());
      eventWaits.computeIfAbsent(a.name(), n -> new ArrayList<>()).add(a.callId());
      matchEvents(a.name());
    } else if (e instanceof EventReceived r) {
      eventsReceived.merge(r.name(), 1, Integer::sum);
      matchEvents(r.name());
    }
  }

  /** The k-th wait for a name is over once k events of that name have arrived. */
  private void matchEvents(String name) {
    List<Integer> calls = eventWaits.getOrDefault(name, List.of());
    int received = eventsReceived.getOrDefault(name, 0);
    for (int k = 0; k < Math.min(received, calls.size()); k++) {
      waits.remove(calls.get(k));
    }
  }

  private void result(int callId) {
    retrying.remove(callId);
    Integer group = groupOf.get(callId);
    if (group != null) {
      done++;
      groupDone.merge(group, 1, Integer::sum);
    }
  }

  private int retryingIn(int group) {
    int n = 0;
    for (int call : retrying) {
      if (groupOf.get(call) == group) {
        n++;
      }
    }
    return n;
  }

  private List<Integer> openGroups() {
    List<Integer> open = new ArrayList<>();
    for (Map.Entry<Integer, Integer> g : groupSize.entrySet()) {
      if (groupDone.getOrDefault(g.getKey(), 0) < g.getValue()) {
        open.add(g.getKey());
      }
    }
    open.sort(Comparator.comparing((Integer g) -> groupSize.get(g)).reversed());
    return open.size() > TRIGGERS_READ ? open.subList(0, TRIGGERS_READ) : open;
  }

  /**
   * How many results the group's join has counted. A join that fired keeps its count until the run
   * ends, which covers the moment between its firing and the wake that records the results.
   */
  private int resultsSeenByTrigger(int group) {
    Optional<Trigger> join = stores.triggers().get(runId, "g" + group);
    return join.map(t -> t.seen().size()).orElse(0);
  }
}

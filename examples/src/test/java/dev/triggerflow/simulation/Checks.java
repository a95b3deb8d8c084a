package dev.triggerflow.simulation;

import dev.triggerflow.engine.HistoryIndex;
import dev.triggerflow.event.Event;
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
import dev.triggerflow.history.HistoryEvent.TaskFailed;
import dev.triggerflow.history.HistoryEvent.TaskRetried;
import dev.triggerflow.history.HistoryEvent.TaskScheduled;
import dev.triggerflow.history.HistoryEvent.TaskSucceeded;
import dev.triggerflow.history.HistoryEvent.TimerFired;
import dev.triggerflow.spi.DeadLetter;
import dev.triggerflow.spi.RunPage;
import dev.triggerflow.spi.RunQuery;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import dev.triggerflow.spi.Stores;
import dev.triggerflow.spi.TaskInvocation;
import dev.triggerflow.trigger.Trigger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The invariants of one simulation run. The store decorators and the simulated ports report each
 * write here as it happens (so a write that should never happen is caught at once, with the trace
 * position); {@link #atEnd} checks the state once every message has been delivered.
 */
final class Checks {
  private static final int MAX_VIOLATIONS = 20;

  private final List<String> violations = new ArrayList<>();
  private final Map<String, Integer> stats = new TreeMap<>();
  private final Map<String, Integer> fired = new TreeMap<>();
  private final Set<String> broughtBack = new HashSet<>();
  private final Set<String> finished = new HashSet<>();

  private final Map<String, List<HistoryEvent>> snapshots = new HashMap<>();
  private final Map<String, Object> leaseHolders = new HashMap<>();
  private final Trace trace;
  private final Stores stores;
  private Supplier<Object> running = () -> null;

  /** Checks that read the state from {@code stores} directly, without faults. */
  Checks(Trace trace, Stores stores) {
    this.trace = trace;
    this.stores = stores;
  }

  /** Where the checks learn which delivery is running now (the one a write comes from). */
  void attach(Supplier<Object> running) {
    this.running = running;
  }

  /** The running delivery took a run's lease. */
  void onLeaseAcquired(String runId) {
    leaseHolders.put(runId, running.get());
  }

  /**
   * Whether the running delivery is a wake that lost the run's lease to a newer one while it was
   * dispatching what it had committed. Nothing can stop such a wake between its last check and its
   * next call (no call to Lambda or the scheduler can be fenced by the lease), so it may still
   * start what it committed after the run has finished; that is counted, not reported, and the end
   * checks make sure nothing of it lasts (no trigger left behind, nothing run twice).
   */
  private boolean staleDispatch(String runId) {
    Object holder = leaseHolders.get(runId);
    return holder != null && holder != running.get();
  }

  /** Records a broken invariant, with where in the trace it was seen. */
  void violation(String what) {
    String line = what + " (at trace line " + trace.size() + ")";
    if (violations.size() < MAX_VIOLATIONS && !violations.contains(line)) {
      violations.add(line);
      trace.add("VIOLATION: " + what);
    }
  }

  /** Counts something that happened, for the summary and for checks that faults were injected. */
  void count(String what) {
    count(what, 1);
  }

  void count(String what, int times) {
    stats.merge(what, times, Integer::sum);
  }

  List<String> violations() {
    return Collections.unmodifiableList(violations);
  }

  Map<String, Integer> stats() {
    return Collections.unmodifiableMap(stats);
  }

  /** Whether the run has finished: its terminal episode is stored, or its record is terminal. */
  boolean finished(String runId) {
    return finished.contains(runId);
  }

  /** An episode was appended. */
  void onAppend(String runId, int episode, List<HistoryEvent> events) {
    if (finished(runId)) {
      violation("episode " + episode + " of run " + runId + " was appended after the run finished");
    }
    for (HistoryEvent e : events) {
      if (e.episode() != episode) {
        violation(
            "episode "
                + episode
                + " of run "
                + runId
                + " holds an event of episode "
                + e.episode());
      }
      if (isTerminal(e)) {
        finished.add(runId);
      }
    }
  }

  /**
   * A trigger was written; a transient trigger that went from active to fired has fired. A trigger
   * that a stale dispatch brought back after the run finished may fire once more, when the result
   * of the task that dispatch started again reaches it: its wake finds the run finished and deletes
   * it, and the end checks make sure it is gone. Any other second firing is a violation.
   */
  void onReplace(Trigger before, Trigger after) {
    if (after.fired() && (before == null || !before.fired())) {
      String key = after.runId() + "/" + after.id();
      int times = fired.merge(key, 1, Integer::sum);
      count("trigger fired");
      if (times > 1 && broughtBack.remove(key) && finished(after.runId())) {
        count("stale trigger fired after the run finished");
      } else if (times > 1) {
        violation("trigger " + key + " fired " + times + " times");
      }
    }
  }

  /** Once a run has finished, nothing will wait for an event of it: no trigger is needed. */
  void onTriggerCreate(Trigger trigger) {
    if (finished(trigger.runId()) && staleDispatch(trigger.runId())) {
      count("stale dispatch after the run finished");
      broughtBack.add(trigger.runId() + "/" + trigger.id());
    } else if (finished(trigger.runId())) {
      violation(
          "trigger "
              + trigger.id()
              + " of run "
              + trigger.runId()
              + " was created after the run finished");
    }
  }

  /**
   * Once a run has finished, a task may still be started if its call has no outcome (work the run
   * decided on, whose first dispatch failed), but never again for an attempt that has one.
   */
  void onInvokeTask(TaskInvocation inv) {
    if (finished(inv.runId()) && staleDispatch(inv.runId())) {
      count("stale dispatch after the run finished");
    } else if (finished(inv.runId()) && hasOutcome(inv)) {
      violation(
          "task "
              + inv.task()
              + " (call "
              + inv.callId()
              + ", attempt "
              + inv.attempt()
              + ") of run "
              + inv.runId()
              + " was invoked after the run finished");
    }
  }

  void onSchedule(String timerId, Event event) {
    String runId = event.runId().orElse("?");
    if (finished(runId) && staleDispatch(runId)) {
      count("stale dispatch after the run finished");
    } else if (finished(runId)) {
      violation("timer " + timerId + " of run " + runId + " was scheduled after the run finished");
    }
  }

  private boolean hasOutcome(TaskInvocation inv) {
    HistoryIndex index = HistoryIndex.of(stores.history().read(inv.runId(), 0));
    HistoryIndex.Call call = index.call(inv.callId());
    return call != null && (call.isCompleted() || call.attempt() > inv.attempt());
  }

  /** The run record was written by a release (or anything else that may change its outcome). */
  void onRunWrite(RunRecord before, RunRecord after) {
    if (after == null) {
      return;
    }
    if (before != null && before.status().isTerminal() && !sameOutcome(before, after)) {
      violation(
          "run "
              + after.runId()
              + " finished as "
              + before.status()
              + " and then became "
              + after.status()
              + " "
              + after.result());
    }
    if (after.status().isTerminal()) {
      finished.add(after.runId());
    }
  }

  private static boolean sameOutcome(RunRecord a, RunRecord b) {
    return a.status() == b.status()
        && Objects.equals(a.result(), b.result())
        && Objects.equals(a.errorType(), b.errorType())
        && Objects.equals(a.errorMessage(), b.errorMessage());
  }

  /** The history after a delivery: it may only have grown at its end. */
  void onHistory(String runId, List<HistoryEvent> history) {
    List<HistoryEvent> before = snapshots.get(runId);
    if (before != null
        && (history.size() < before.size() || !history.subList(0, before.size()).equals(before))) {
      violation(
          "the history of run "
              + runId
              + " was rewritten: it had "
              + before.size()
              + " events and now has "
              + history.size()
              + " that do not start with them");
    }
    snapshots.put(runId, List.copyOf(history));
  }

  /**
   * The state once nothing is left to deliver, for every run the scenario made: its own run, the
   * runs it continued as, and its children. The outcome is the scenario run's, with a line for each
   * other run, so that it matches the fault-free one only if every run ended the same way.
   */
  Outcome atEnd(Scenario scenario, Ledger ledger, Outcome reference) {
    String runId = scenario.runId();
    if (stores.runs().get(runId).isEmpty()) {
      violation("run " + runId + " does not exist");
      return null;
    }
    Outcome outcome = null;
    List<String> otherRuns = new ArrayList<>();
    for (RunRecord run : allRuns()) {
      Outcome own = checkRun(run, scenario.orchestrated(), ledger);
      if (run.runId().equals(runId)) {
        outcome = own;
      } else {
        otherRuns.add(run.runId() + " " + own);
      }
    }
    ledger.conflicts().forEach(this::violation);
    for (DeadLetter letter : stores.deadLetters().list(10)) {
      violation("dead letter: " + letter.reason());
    }
    outcome = Objects.requireNonNull(outcome).withOtherRuns(otherRuns);
    if (reference != null && !outcome.equals(reference)) {
      violation("the run ended as " + outcome + " but the fault-free run ended as " + reference);
    }
    return outcome;
  }

  /** Every run in the store, by id. */
  private List<RunRecord> allRuns() {
    List<RunRecord> runs = new ArrayList<>();
    String token = null;
    do {
      RunPage page = stores.runs().list(new RunQuery(null, null, 1000, token));
      runs.addAll(page.runs());
      token = page.nextPageToken();
    } while (token != null);
    runs.sort(Comparator.comparing(RunRecord::runId));
    return runs;
  }

  /** The end checks of one run: finished, its history sound, its effects once, nothing left. */
  private Outcome checkRun(RunRecord run, boolean orchestrated, Ledger ledger) {
    String runId = run.runId();
    List<HistoryEvent> history = stores.history().read(runId, 0);
    onHistory(runId, history);
    if (!run.status().isTerminal()) {
      violation(
          "run "
              + runId
              + " is stuck: nothing is left to deliver and it is "
              + describe(stores, run, history));
    }
    HistoryIndex index = null;
    if (orchestrated) {
      index = checkHistory(runId, history);
      if (index != null) {
        checkRecordAgrees(run, history, index);
        checkEffects(runId, index, ledger);
      }
    } else if (!history.isEmpty()) {
      violation("native run " + runId + " has a history of " + history.size() + " events");
    }
    if (run.status().isTerminal() && !stores.triggers().list(runId).isEmpty()) {
      violation(
          "run "
              + runId
              + " finished but left triggers behind: "
              + stores.triggers().list(runId).stream().map(Trigger::id).toList());
    }
    return Outcome.of(run, index);
  }

  private static String describe(Stores stores, RunRecord run, List<HistoryEvent> history) {
    List<String> triggers = new ArrayList<>();
    for (Trigger t : stores.triggers().list(run.runId())) {
      triggers.add(
          t.id()
              + (t.fired() ? " (fired)" : "")
              + " seen "
              + t.seen().size()
              + " ctx "
              + t.context());
    }
    List<String> pending = new ArrayList<>();
    stores.inbox().pending(run.runId()).forEach(e -> pending.add(e.id()));
    HistoryEvent last = history.isEmpty() ? null : history.get(history.size() - 1);
    return run.status()
        + " with "
        + history.size()
        + " history events (last: "
        + last
        + "), wakeSeq "
        + run.wakeSeq()
        + ", lease "
        + run.leaseOwner()
        + " until "
        + run.leaseExpiresAt()
        + ", inbox "
        + pending
        + ", triggers "
        + triggers;
  }

  /** Dense call ids (the index refuses others), contiguous episodes, each outcome once. */
  private HistoryIndex checkHistory(String runId, List<HistoryEvent> history) {
    HistoryIndex index;
    try {
      index = HistoryIndex.of(history);
    } catch (IllegalStateException e) {
      violation("the history of run " + runId + " is corrupt: " + e.getMessage());
      return null;
    }
    if (history.isEmpty() || !(history.get(0) instanceof RunStarted)) {
      violation("the history of run " + runId + " does not begin with its start");
      return index;
    }
    int episode = 0;
    Set<String> eventIds = new HashSet<>();
    Set<Integer> completed = new HashSet<>();
    for (HistoryEvent e : history) {
      if (e.episode() != episode) {
        if (e.episode() != episode + 1 || !(e instanceof EpisodeStarted)) {
          violation(
              "episode "
                  + e.episode()
                  + " of run "
                  + runId
                  + " follows episode "
                  + episode
                  + " without a start of its own");
        }
        episode = e.episode();
      }
      String eventId = eventIdOf(e);
      if (eventId != null && !eventIds.add(eventId)) {
        violation("event " + eventId + " is in the history of run " + runId + " twice");
      }
      if (e instanceof CallCompleted c && !completed.add(c.callId())) {
        violation("call " + c.callId() + " of run " + runId + " has two outcomes");
      }
    }
    return index;
  }

  private static String eventIdOf(HistoryEvent e) {
    if (e instanceof TaskSucceeded s) {
      return s.eventId();
    } else if (e instanceof TaskFailed f) {
      return f.eventId();
    } else if (e instanceof TimerFired t) {
      return t.eventId();
    } else if (e instanceof TaskAttemptFailed f) {
      return f.eventId();
    } else if (e instanceof TaskRetried r) {
      return r.eventId();
    } else if (e instanceof EventReceived r) {
      return r.eventId();
    }
    return null;
  }

  private void checkRecordAgrees(RunRecord run, List<HistoryEvent> history, HistoryIndex index) {
    HistoryEvent terminal = index.terminal();
    RunStatus expected;
    if (terminal instanceof RunCompleted) {
      expected = RunStatus.COMPLETED;
    } else if (terminal instanceof RunFailed) {
      expected = RunStatus.FAILED;
    } else if (terminal instanceof RunContinuedAsNew) {
      expected = RunStatus.CONTINUED_AS_NEW;
    } else if (terminal instanceof RunTerminated) {
      expected = RunStatus.TERMINATED;
    } else {
      expected = RunStatus.RUNNING;
    }
    if (terminal != null && run.status() != expected) {
      violation("run " + run.runId() + " is " + run.status() + " but its history ends " + terminal);
    }
    if (terminal instanceof RunCompleted c && !Objects.equals(c.result(), run.result())) {
      violation(
          "run "
              + run.runId()
              + " records result "
              + run.result()
              + " but its history completed with "
              + c.result());
    }
    if (run.status().isTerminal()
        && (run.historyLength() != history.size() || run.episodes() != index.lastEpisode() + 1)) {
      violation(
          "run "
              + run.runId()
              + " records "
              + run.historyLength()
              + " events in "
              + run.episodes()
              + " episodes, but its history has "
              + history.size()
              + " in "
              + (index.lastEpisode() + 1));
    }
  }

  /**
   * Every task execution belongs to the recorded call its key names, and every outcome the history
   * recorded is the effect its key produced.
   */
  private void checkEffects(String runId, HistoryIndex index, Ledger ledger) {
    for (Map.Entry<String, Ledger.Effect> entry : ledger.effects().entrySet()) {
      Ledger.Effect effect = entry.getValue();
      if (!runId.equals(effect.runId())) {
        continue;
      }
      HistoryIndex.Call call = index.call(effect.callId());
      if (call == null || !(call.started() instanceof TaskScheduled s)) {
        violation(
            "key "
                + entry.getKey()
                + " ran "
                + effect.task()
                + " but the history has no such task call");
        continue;
      }
      if (!s.task().equals(effect.task()) || !Ledger.text(s.input()).equals(effect.input())) {
        violation(
            "key "
                + entry.getKey()
                + " ran "
                + effect.task()
                + "("
                + effect.input()
                + ") but call "
                + s.callId()
                + " is "
                + s.task()
                + "("
                + Ledger.text(s.input())
                + ")");
      }
      if (effect.attempt() > call.attempt()) {
        violation(
            "key "
                + entry.getKey()
                + " ran attempt "
                + effect.attempt()
                + " of call "
                + s.callId()
                + ", which only reached attempt "
                + call.attempt());
      }
    }
    for (HistoryEvent e : index.events()) {
      if (e instanceof TaskAttemptFailed f) {
        expectEffect(runId, ledger, index, f.callId(), f.attempt(), false, f.errorType());
      }
    }
    for (HistoryIndex.Call call : index.calls()) {
      if (!(call.started() instanceof TaskScheduled) || !call.isCompleted()) {
        continue;
      }
      if (call.completion() instanceof TaskSucceeded s) {
        expectEffect(
            runId, ledger, index, s.callId(), call.attempt(), true, Ledger.text(s.result()));
      } else if (call.completion() instanceof TaskFailed f) {
        expectEffect(runId, ledger, index, f.callId(), call.attempt(), false, f.errorType());
      }
    }
  }

  private void expectEffect(
      String runId,
      Ledger ledger,
      HistoryIndex index,
      int callId,
      int attempt,
      boolean ok,
      String outcome) {
    TaskScheduled s = (TaskScheduled) index.call(callId).started();
    String key =
        new TaskInvocation(runId, s.task(), callId, s.groupId(), attempt, s.input())
            .idempotencyKey();
    Ledger.Effect effect = ledger.effects().get(key);
    if (effect == null) {
      violation(
          "call "
              + callId
              + " attempt "
              + attempt
              + " has a recorded outcome but its key "
              + key
              + " never ran");
    } else if (effect.ok() != ok || !effect.outcome().equals(outcome)) {
      violation(
          "call "
              + callId
              + " attempt "
              + attempt
              + " recorded "
              + (ok ? "result " : "error ")
              + outcome
              + " but its key's effect was "
              + effect);
    }
  }

  private static boolean isTerminal(HistoryEvent e) {
    return e instanceof RunCompleted
        || e instanceof RunFailed
        || e instanceof HistoryEvent.RunTerminated
        || e instanceof HistoryEvent.RunContinuedAsNew;
  }

  /** What every correct run of a scenario must end as, whatever the faults. */
  record Outcome(
      RunStatus status,
      String result,
      String errorType,
      List<String> calls,
      List<String> otherRuns) {
    Outcome withOtherRuns(List<String> others) {
      return new Outcome(status, result, errorType, calls, List.copyOf(others));
    }

    static Outcome of(RunRecord run, HistoryIndex index) {
      List<String> calls = new ArrayList<>();
      if (index != null) {
        for (HistoryIndex.Call call : index.calls()) {
          CallStarted s = call.started();
          calls.add(s.describe() + (s instanceof TaskScheduled t ? Ledger.text(t.input()) : ""));
        }
      }
      return new Outcome(
          run.status(),
          run.result() == null ? null : Ledger.text(run.result()),
          run.errorType(),
          List.copyOf(calls),
          List.of());
    }
  }
}

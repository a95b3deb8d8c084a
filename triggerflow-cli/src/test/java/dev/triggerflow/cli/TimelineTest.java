package dev.triggerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.triggerflow.api.RetryPolicy;
import dev.triggerflow.history.HistoryEvent;
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
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final RetryPolicy RETRY = RetryPolicy.of(5, Duration.ofSeconds(1));

  private static Instant at(long millis) {
    return T0.plusMillis(millis);
  }

  /** The timeline's lines after the run's summary, without the padding of the time column. */
  private static List<String> body(List<HistoryEvent> history) {
    RunRecord run = RunRecord.started("run-1", "wf", null, T0);
    String text = Timeline.render(run, history);
    String events = text.substring(text.indexOf("\n\n") + 2);
    return events.lines().map(String::strip).toList();
  }

  @Test
  void retriedTask_showsEachFailedAttemptTheRetryAndTheTriggersThatWokeTheRun() {
    List<HistoryEvent> history =
        List.of(
            new RunStarted(0, "flaky", IntNode.valueOf(1), T0),
            new TaskScheduled(0, 1, 1, "flaky_task", IntNode.valueOf(1), RETRY),
            new EpisodeStarted(1, at(100)),
            new TaskAttemptFailed(
                1, 1, 1, "java.lang.IllegalStateException", "boom", "e1", at(80), at(1100)),
            new EpisodeStarted(2, at(1110)),
            new TaskRetried(2, 1, 2, "e2", at(1105)),
            new EpisodeStarted(3, at(1200)),
            new TaskSucceeded(3, 1, TextNode.valueOf("done"), "e3", at(1150)),
            new RunCompleted(3, TextNode.valueOf("done"), at(1200)));

    List<String> lines = body(history);

    assertThat(lines)
        .containsExactly(
            "+0.000s  ep 0   run started: workflow flaky, input 1",
            "ep 0   call 1 scheduled: flaky_task(1), up to 5 attempts",
            "+0.100s  ep 1   orchestrator woke: episode 1",
            "ep 1   call 1 (flaky_task) attempt 1 FAILED at +0.080s:"
                + " java.lang.IllegalStateException: boom; retry at +1.100s",
            "ep 1   trigger g1 fired (join 1/1)",
            "+1.110s  ep 2   orchestrator woke: episode 2",
            "ep 2   call 1 (flaky_task) retried at +1.105s: attempt 2",
            "ep 2   trigger c1a2t fired (join 1/1)",
            "+1.200s  ep 3   orchestrator woke: episode 3",
            "ep 3   call 1 (flaky_task) succeeded at +1.150s: \"done\"",
            "ep 3   trigger c1a2 fired (join 1/1)",
            "+1.200s  ep 3   run completed: \"done\"");
  }

  @Test
  void retryThatFailsForGood_showsTheFinalFailureCountedByTheAttemptsTrigger() {
    List<HistoryEvent> history =
        List.of(
            new RunStarted(0, "flaky", IntNode.valueOf(9), T0),
            new TaskScheduled(0, 1, 1, "flaky_task", IntNode.valueOf(9), RETRY),
            new EpisodeStarted(1, at(100)),
            new TaskAttemptFailed(1, 1, 1, "E", "", "e1", at(80), at(1100)),
            new EpisodeStarted(2, at(1110)),
            new TaskRetried(2, 1, 2, "e2", at(1105)),
            new EpisodeStarted(3, at(1200)),
            new TaskFailed(3, 1, "E", "", "e3", at(1150)),
            new RunFailed(3, "TaskFailedException", "call 1 failed", at(1200)));

    List<String> lines = body(history);

    assertThat(lines)
        .contains(
            "ep 1   call 1 (flaky_task) attempt 1 FAILED at +0.080s: E; retry at +1.100s",
            "ep 3   call 1 (flaky_task) FAILED at +1.150s: E",
            "ep 3   trigger c1a2 fired (join 1/1)",
            "+1.200s  ep 3   run FAILED: TaskFailedException: call 1 failed");
  }

  @Test
  void timer_showsWhenItIsDueAndWhenItFired() {
    List<HistoryEvent> history =
        List.of(
            new RunStarted(0, "sleeper", null, T0),
            new TimerStarted(0, 1, at(86_400_000)),
            new EpisodeStarted(1, at(86_400_010)),
            new TimerFired(1, 1, "t1", at(86_400_005)),
            new RunCompleted(1, null, at(86_400_010)));

    List<String> lines = body(history);

    assertThat(lines)
        .containsExactly(
            "+0.000s  ep 0   run started: workflow sleeper, input null",
            "ep 0   call 1 scheduled: a timer until +86400.000s",
            "+86400.010s  ep 1   orchestrator woke: episode 1",
            "ep 1   call 1 (a timer) fired at +86400.005s",
            "ep 1   trigger g1 fired (join 1/1)",
            "+86400.010s  ep 1   run completed: null");
  }

  @Test
  void eventWait_namesTheCallEachEventIsFor_evenWhenTheEventCameFirst() {
    List<HistoryEvent> history =
        List.of(
            new RunStarted(0, "approval", null, T0),
            new EventAwaited(0, 1, "decision"),
            new TimerStarted(0, 2, at(86_400_000)),
            new EpisodeStarted(1, at(500)),
            new EventReceived(1, "decision", TextNode.valueOf("yes"), "x1", at(400)),
            new EventReceived(1, "note", TextNode.valueOf("early"), "x2", at(450)),
            new EventReceived(1, "stray", IntNode.valueOf(1), "x3", at(460)),
            new EventAwaited(1, 3, "note"),
            new RunCompleted(1, null, at(500)));

    List<String> lines = body(history);

    assertThat(lines)
        .contains(
            "ep 0   call 1 scheduled: a wait for event 'decision'",
            "ep 0   call 2 scheduled: a timer until +86400.000s",
            "ep 1   event 'decision' received at +0.400s (for call 1): \"yes\"",
            "ep 1   event 'note' received at +0.450s (for call 3): \"early\"",
            "ep 1   event 'stray' received at +0.460s (no call waits for it): 1",
            "ep 1   call 3 scheduled: a wait for event 'note'");
    assertThat(lines).noneMatch(l -> l.contains("trigger"));
  }

  @Test
  void childWorkflow_showsTheChildRunAndItsResult_withoutCrashing() {
    List<HistoryEvent> history =
        List.of(
            new RunStarted(0, "parent", null, T0),
            new ChildStarted(0, 1, "billing", IntNode.valueOf(5), "run-1-c1"),
            new ChildStarted(0, 2, "billing", IntNode.valueOf(6), "run-1-c2"),
            new EpisodeStarted(1, at(300)),
            new TaskSucceeded(1, 1, IntNode.valueOf(50), "c1", at(250)),
            new TaskFailed(1, 2, "ChildWorkflowTerminated", "stopped", "c2", at(260)),
            new RunCompleted(1, IntNode.valueOf(50), at(300)));

    List<String> lines = body(history);

    assertThat(lines)
        .contains(
            "ep 0   call 1 scheduled: child workflow 'billing' as run run-1-c1, input 5",
            "ep 1   call 1 (child workflow 'billing') succeeded at +0.250s: 50",
            "ep 1   trigger g1 fired (join 1/1)",
            "ep 1   call 2 (child workflow 'billing') FAILED at +0.260s:"
                + " ChildWorkflowTerminated: stopped",
            "ep 1   trigger g2 fired (join 1/1)");
  }

  @Test
  void joinedCalls_fireOneTriggerForAllOfThem_notOnePerCall() {
    List<HistoryEvent> history =
        List.of(
            new RunStarted(0, "pair", null, T0),
            new TaskScheduled(0, 1, 1, "a", IntNode.valueOf(1)),
            new TaskScheduled(0, 2, 2, "b", IntNode.valueOf(2)),
            new CallsJoined(0, List.of(1, 2)),
            new EpisodeStarted(1, at(300)),
            new TaskSucceeded(1, 1, IntNode.valueOf(10), "r1", at(100)),
            new TaskSucceeded(1, 2, IntNode.valueOf(20), "r2", at(200)));

    List<String> lines = body(history);

    assertThat(lines)
        .containsSubsequence(
            "ep 0   calls 1, 2 joined by trigger j1",
            "ep 1   call 1 (a) succeeded at +0.100s: 10",
            "ep 1   call 2 (b) succeeded at +0.200s: 20",
            "ep 1   trigger j1 fired (join 2/2)");
    assertThat(lines).filteredOn(l -> l.contains("trigger") && l.contains("fired")).hasSize(1);
  }

  @Test
  void mapWithRetries_foldsFailedAttemptsAndRetriesIntoItsBatches() {
    List<HistoryEvent> history = new ArrayList<>();
    history.add(new RunStarted(0, "fanout", null, T0));
    for (int call = 1; call <= 4; call++) {
      history.add(new TaskScheduled(0, call, 1, "work", IntNode.valueOf(call), RETRY));
    }
    history.add(new EpisodeStarted(1, at(500)));
    history.add(new TaskSucceeded(1, 1, IntNode.valueOf(1), "r1", at(100)));
    history.add(new TaskAttemptFailed(1, 2, 1, "E", "x", "f2", at(110), at(1110)));
    history.add(new TaskAttemptFailed(1, 3, 1, "E", "x", "f3", at(120), at(1120)));
    history.add(new TaskSucceeded(1, 4, IntNode.valueOf(4), "r4", at(400)));
    history.add(new EpisodeStarted(2, at(1200)));
    history.add(new TaskRetried(2, 2, 2, "t2", at(1110)));
    history.add(new TaskRetried(2, 3, 2, "t3", at(1120)));
    history.add(new EpisodeStarted(3, at(1300)));
    history.add(new TaskSucceeded(3, 2, IntNode.valueOf(2), "s2", at(1250)));
    history.add(new TaskSucceeded(3, 3, IntNode.valueOf(3), "s3", at(1260)));

    List<String> lines = body(history);

    assertThat(lines)
        .containsExactly(
            "+0.000s  ep 0   run started: workflow fanout, input null",
            "ep 0   map of 4 calls of work scheduled (calls 1..4, up to 5 attempts each),"
                + " joined by trigger g1",
            "+0.500s  ep 1   orchestrator woke: episode 1",
            "ep 1   2 of 4 results of map g1: 2 succeeded, 0 failed, 2 failed attempts to retry"
                + " (last at +0.400s)",
            "ep 1   trigger g1 fired (join 4/4)",
            "+1.200s  ep 2   orchestrator woke: episode 2",
            "ep 2   2 calls of map g1 retried: their next attempts started (last at +1.120s)",
            "ep 2   2 triggers of single attempts fired (c2a2t .. c3a2t, join 1/1 each)",
            "+1.300s  ep 3   orchestrator woke: episode 3",
            "ep 3   2 of 4 results of map g1: 2 succeeded, 0 failed (last at +1.260s)",
            "ep 3   2 triggers of single attempts fired (c2a2 .. c3a2, join 1/1 each)");
  }

  @Test
  void mapResult_aloneInItsEpisode_isShownAsItsOwnLine() {
    List<HistoryEvent> history =
        List.of(
            new RunStarted(0, "fanout", null, T0),
            new TaskScheduled(0, 1, 1, "work", IntNode.valueOf(1)),
            new TaskScheduled(0, 2, 1, "work", IntNode.valueOf(2)),
            new EpisodeStarted(1, at(500)),
            new TaskSucceeded(1, 1, IntNode.valueOf(1), "r1", at(100)),
            new EpisodeStarted(2, at(600)),
            new TaskSucceeded(2, 2, IntNode.valueOf(2), "r2", at(550)));

    List<String> lines = body(history);

    assertThat(lines)
        .containsSubsequence(
            "ep 1   call 1 (work) succeeded at +0.100s: 1",
            "ep 2   call 2 (work) succeeded at +0.550s: 2",
            "ep 2   trigger g1 fired (join 2/2)");
  }

  @Test
  void terminatedAndContinuedRuns_sayHowTheyEnded() {
    List<String> terminated =
        body(
            List.of(
                new RunStarted(0, "wf", null, T0),
                new EpisodeStarted(1, at(2000)),
                new RunTerminated(1, "changed my mind", at(2000))));
    List<String> continued =
        body(
            List.of(
                new RunStarted(0, "wf", null, T0),
                new RunContinuedAsNew(0, "run-1-n2", IntNode.valueOf(7), at(10))));

    assertThat(terminated).contains("+2.000s  ep 1   run TERMINATED: changed my mind");
    assertThat(continued).contains("+0.010s  ep 0   run continued as new: run run-1-n2, input 7");
  }

  @Test
  void outcomesOfUnknownCalls_areShownWithoutATrigger_andDoNotCrash() {
    List<HistoryEvent> history =
        List.of(
            new RunStarted(0, "wf", null, T0),
            new EpisodeStarted(1, at(100)),
            new TaskSucceeded(1, 9, IntNode.valueOf(1), "r9", at(50)),
            new TaskFailed(1, 10, "E", "m", "r10", at(60)),
            new TaskAttemptFailed(1, 11, 1, "E", "m", "f11", at(70), at(1070)),
            new TaskRetried(1, 12, 2, "t12", at(80)),
            new TimerFired(1, 13, "t13", at(90)));

    List<String> lines = body(history);

    assertThat(lines)
        .contains(
            "ep 1   call 9 (unknown call) succeeded at +0.050s: 1",
            "ep 1   call 10 (unknown call) FAILED at +0.060s: E: m",
            "ep 1   call 11 (unknown call) attempt 1 FAILED at +0.070s: E: m; retry at +1.070s",
            "ep 1   call 12 (unknown call) retried at +0.080s: attempt 2",
            "ep 1   call 13 (unknown call) fired at +0.090s");
    assertThat(lines).noneMatch(l -> l.contains("trigger"));
  }

  /** Every kind of history event, present or added later, gets a line of its own wording. */
  @Test
  void everyKindOfHistoryEvent_hasItsOwnLine() throws ReflectiveOperationException {
    List<Class<?>> kinds = new ArrayList<>();
    collectRecords(HistoryEvent.class, kinds);

    for (Class<?> kind : kinds) {
      HistoryEvent e = sample(kind);
      List<HistoryEvent> history =
          e instanceof RunStarted ? List.of(e) : List.of(new RunStarted(0, "wf", null, T0), e);

      List<String> lines = body(history);

      assertThat(lines).as(kind.getSimpleName()).hasSizeGreaterThanOrEqualTo(history.size());
      assertThat(lines).as(kind.getSimpleName()).noneMatch(l -> l.contains("history event "));
    }
    assertThat(kinds).hasSizeGreaterThanOrEqualTo(17);
  }

  private static void collectRecords(Class<?> type, List<Class<?>> out) {
    if (type.isRecord()) {
      out.add(type);
      return;
    }
    for (Class<?> sub : type.getPermittedSubclasses()) {
      collectRecords(sub, out);
    }
  }

  /** An event of a kind, with plain values for its components. */
  private static HistoryEvent sample(Class<?> kind) throws ReflectiveOperationException {
    RecordComponent[] components = kind.getRecordComponents();
    Class<?>[] types =
        Arrays.stream(components).map(RecordComponent::getType).toList().toArray(new Class<?>[0]);
    Object[] values = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      values[i] = sampleValue(types[i]);
    }
    Constructor<?> canonical = kind.getDeclaredConstructor(types);
    return (HistoryEvent) canonical.newInstance(values);
  }

  private static Object sampleValue(Class<?> type) {
    if (type == int.class) {
      return 1;
    } else if (type == String.class) {
      return "x";
    } else if (JsonNode.class.isAssignableFrom(type)) {
      return IntNode.valueOf(7);
    } else if (type == Instant.class) {
      return at(1000);
    } else if (type == List.class) {
      return List.of(1, 2);
    }
    return null;
  }
}

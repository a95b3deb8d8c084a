package dev.triggerflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.triggerflow.api.DurableFuture;
import dev.triggerflow.api.NonDeterminismException;
import dev.triggerflow.api.TaskFailedException;
import dev.triggerflow.api.TaskRef;
import dev.triggerflow.api.WorkflowDefinition;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.history.HistoryEvent.EpisodeStarted;
import dev.triggerflow.history.HistoryEvent.RunStarted;
import dev.triggerflow.history.HistoryEvent.TaskFailed;
import dev.triggerflow.history.HistoryEvent.TaskScheduled;
import dev.triggerflow.history.HistoryEvent.TaskSucceeded;
import dev.triggerflow.spi.PayloadStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** History in, commands out: the replay engine with no store and no task. */
class ReplayerTest {
  private static final String RUN = "run-1";
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final TaskRef<Integer, Integer> ADD3 =
      TaskRef.of("add3", Integer.class, Integer.class);
  private static final TaskRef<Integer, Integer> DOUBLE =
      TaskRef.of("double", Integer.class, Integer.class);

  /** Calls add3 twice in a row, like the seed example. */
  private static final WorkflowDefinition<Integer, Integer> SEQUENCE =
      new WorkflowDefinition<>(
          "seq",
          (ctx, in) -> {
            int r = ctx.call(ADD3, 0).get();
            return ctx.call(ADD3, r).get();
          },
          Integer.class,
          Integer.class);

  private static ReplayOutcome replay(WorkflowDefinition<?, ?> def, List<HistoryEvent> history) {
    return Replayer.replay(def, RUN, HistoryIndex.of(history), PayloadStore.inline());
  }

  private static List<HistoryEvent> history(HistoryEvent... events) {
    return new ArrayList<>(List.of(events));
  }

  private static RunStarted started() {
    return new RunStarted(0, "seq", NullNode.getInstance(), T0);
  }

  private static TaskScheduled scheduled(int episode, int call, String task, int input) {
    return new TaskScheduled(episode, call, call, task, IntNode.valueOf(input));
  }

  private static TaskSucceeded succeeded(int episode, int call, int result) {
    return new TaskSucceeded(episode, call, IntNode.valueOf(result), "e" + call, T0);
  }

  private static EpisodeStarted episode(int n) {
    return new EpisodeStarted(n, T0.plusSeconds(n));
  }

  @Test
  void replay_firstEpisode_schedulesFirstCallAndSuspends() {
    ReplayOutcome outcome = replay(SEQUENCE, history(started()));

    assertThat(outcome).isInstanceOf(ReplayOutcome.Suspended.class);
    assertThat(outcome.commands())
        .containsExactly(new TaskScheduled(0, 1, 1, "add3", IntNode.valueOf(0)));
  }

  @Test
  void replay_withFirstCallCompleted_skipsItAndSchedulesSecond() {
    List<HistoryEvent> h =
        history(started(), scheduled(0, 1, "add3", 0), episode(1), succeeded(1, 1, 3));

    ReplayOutcome outcome = replay(SEQUENCE, h);

    assertThat(outcome).isInstanceOf(ReplayOutcome.Suspended.class);
    assertThat(outcome.commands())
        .containsExactly(new TaskScheduled(1, 2, 2, "add3", IntNode.valueOf(3)));
  }

  @Test
  void replay_withBothCallsCompleted_completesWithRecordedResult() {
    List<HistoryEvent> h =
        history(
            started(),
            scheduled(0, 1, "add3", 0),
            episode(1),
            succeeded(1, 1, 3),
            scheduled(1, 2, "add3", 3),
            episode(2),
            succeeded(2, 2, 6));

    ReplayOutcome outcome = replay(SEQUENCE, h);

    assertThat(outcome).isInstanceOf(ReplayOutcome.Completed.class);
    assertThat(((ReplayOutcome.Completed) outcome).result().asInt()).isEqualTo(6);
    assertThat(outcome.commands()).isEmpty();
  }

  @Test
  void replay_afterCodeChange_failsWithNonDeterminismNamingRunAndCall() {
    List<HistoryEvent> h =
        history(started(), scheduled(0, 1, "double", 0), episode(1), succeeded(1, 1, 0));

    ReplayOutcome outcome = replay(SEQUENCE, h);

    assertThat(outcome).isInstanceOf(ReplayOutcome.Failed.class);
    ReplayOutcome.Failed failed = (ReplayOutcome.Failed) outcome;
    assertThat(failed.errorType()).isEqualTo(NonDeterminismException.class.getName());
    assertThat(failed.message())
        .contains("run 'run-1'", "call 1", "task 'double'", "task 'add3'", "code changed");
  }

  @Test
  void replay_whenCodeDropsARecordedCall_failsWithNonDeterminism() {
    WorkflowDefinition<Integer, Integer> oneCall =
        new WorkflowDefinition<>(
            "seq", (ctx, in) -> ctx.call(ADD3, 0).get(), Integer.class, Integer.class);
    List<HistoryEvent> h =
        history(
            started(),
            scheduled(0, 1, "add3", 0),
            episode(1),
            succeeded(1, 1, 3),
            scheduled(1, 2, "add3", 3));

    ReplayOutcome outcome = replay(oneCall, h);

    assertThat(outcome).isInstanceOf(ReplayOutcome.Failed.class);
    assertThat(((ReplayOutcome.Failed) outcome).message()).contains("call 2", "task 'add3'");
  }

  @Test
  void replay_callMovedToAnotherEpisode_failsWithNonDeterminism() {
    WorkflowDefinition<Integer, Integer> eager =
        new WorkflowDefinition<>(
            "seq",
            (ctx, in) -> {
              DurableFuture<Integer> a = ctx.call(ADD3, 0);
              DurableFuture<Integer> b = ctx.call(ADD3, 3);
              return a.get() + b.get();
            },
            Integer.class,
            Integer.class);
    List<HistoryEvent> h =
        history(started(), scheduled(0, 1, "add3", 0), episode(1), succeeded(1, 1, 3));
    h.add(scheduled(1, 2, "add3", 3));

    ReplayOutcome outcome = replay(eager, h);

    assertThat(outcome).isInstanceOf(ReplayOutcome.Failed.class);
    assertThat(((ReplayOutcome.Failed) outcome).message()).contains("call 2", "episode 1");
  }

  /** Races two calls and returns which finished first. */
  private static final WorkflowDefinition<Integer, Integer> RACE =
      new WorkflowDefinition<>(
          "race",
          (ctx, in) -> {
            DurableFuture<Integer> a = ctx.call(ADD3, 1);
            DurableFuture<Integer> b = ctx.call(DOUBLE, 1);
            return ctx.anyOf(List.of(a, b)).get();
          },
          Integer.class,
          Integer.class);

  @Test
  void anyOf_replayedAfterBothCompleted_picksTheOneObservedFirst() {
    List<HistoryEvent> secondFirst =
        history(
            started(),
            scheduled(0, 1, "add3", 1),
            new TaskScheduled(0, 2, 2, "double", IntNode.valueOf(1)),
            episode(1),
            succeeded(1, 2, 2));
    ReplayOutcome first = replay(RACE, secondFirst);
    secondFirst.add(episode(2));
    secondFirst.add(succeeded(2, 1, 4));

    ReplayOutcome again = replay(RACE, secondFirst);

    assertThat(((ReplayOutcome.Completed) first).result().asInt()).isEqualTo(2);
    assertThat(((ReplayOutcome.Completed) again).result().asInt()).isEqualTo(2);
  }

  @Test
  void anyOf_bothInOneEpisode_picksTheOneRecordedFirstInTheEpisode() {
    List<HistoryEvent> h =
        history(
            started(),
            scheduled(0, 1, "add3", 1),
            new TaskScheduled(0, 2, 2, "double", IntNode.valueOf(1)),
            episode(1),
            succeeded(1, 1, 4),
            succeeded(1, 2, 2));

    ReplayOutcome outcome = replay(RACE, h);

    assertThat(((ReplayOutcome.Completed) outcome).result().asInt()).isEqualTo(4);
  }

  @Test
  void isDone_answersAsOfTheEpisodeTheCodeHasReached() {
    List<Boolean> seen = new ArrayList<>();
    WorkflowDefinition<Integer, Integer> poll =
        new WorkflowDefinition<>(
            "poll",
            (ctx, in) -> {
              DurableFuture<Integer> a = ctx.call(ADD3, 0);
              DurableFuture<Integer> b = ctx.call(DOUBLE, 1);
              a.get();
              seen.add(b.isDone());
              return b.get();
            },
            Integer.class,
            Integer.class);
    List<HistoryEvent> h =
        history(
            started(),
            scheduled(0, 1, "add3", 0),
            new TaskScheduled(0, 2, 2, "double", IntNode.valueOf(1)),
            episode(1),
            succeeded(1, 1, 3),
            episode(2),
            succeeded(2, 2, 2));

    replay(poll, h);

    assertThat(seen).containsExactly(false);
  }

  @Test
  void suspension_isNotSwallowedByCatchException() {
    WorkflowDefinition<Integer, Integer> catching =
        new WorkflowDefinition<>(
            "catching",
            (ctx, in) -> {
              try {
                return ctx.call(ADD3, 0).get();
              } catch (Exception e) {
                return -1;
              }
            },
            Integer.class,
            Integer.class);

    ReplayOutcome outcome = replay(catching, history(started()));

    assertThat(outcome).isInstanceOf(ReplayOutcome.Suspended.class);
    assertThat(outcome.commands()).hasSize(1);
  }

  @Test
  void suspension_swallowedByCatchThrowable_isStillTreatedAsSuspended() {
    WorkflowDefinition<Integer, Integer> swallowing =
        new WorkflowDefinition<>(
            "swallowing",
            (ctx, in) -> {
              try {
                return ctx.call(ADD3, 0).get();
              } catch (Throwable t) {
                return -1;
              }
            },
            Integer.class,
            Integer.class);

    ReplayOutcome outcome = replay(swallowing, history(started()));

    assertThat(outcome).isInstanceOf(ReplayOutcome.Suspended.class);
  }

  @Test
  void taskFailure_surfacesWithTypeAndMessage_andCanBeCaught() {
    List<String> caught = new ArrayList<>();
    WorkflowDefinition<Integer, String> recovering =
        new WorkflowDefinition<>(
            "recovering",
            (ctx, in) -> {
              try {
                return "ok " + ctx.call(ADD3, 0).get();
              } catch (TaskFailedException e) {
                caught.add(e.errorType() + "|" + e.errorMessage() + "|" + e.task());
                return "recovered";
              }
            },
            Integer.class,
            String.class);
    List<HistoryEvent> h =
        history(
            started(),
            scheduled(0, 1, "add3", 0),
            episode(1),
            new TaskFailed(1, 1, "java.lang.IllegalStateException", "disk full", "e1", T0));

    ReplayOutcome outcome = replay(recovering, h);

    assertThat(((ReplayOutcome.Completed) outcome).result()).isEqualTo(new TextNode("recovered"));
    assertThat(caught).containsExactly("java.lang.IllegalStateException|disk full|add3");
  }

  @Test
  void uncaughtTaskFailure_failsTheRunWithTheTaskError() {
    List<HistoryEvent> h =
        history(
            started(),
            scheduled(0, 1, "add3", 0),
            episode(1),
            new TaskFailed(1, 1, "java.io.IOException", "gone", "e1", T0));

    ReplayOutcome outcome = replay(SEQUENCE, h);

    ReplayOutcome.Failed failed = (ReplayOutcome.Failed) outcome;
    assertThat(failed.errorType()).isEqualTo(TaskFailedException.class.getName());
    assertThat(failed.message()).contains("java.io.IOException", "gone");
  }

  @Test
  void map_schedulesOneGroupForAllInputs() {
    WorkflowDefinition<Integer, Integer> map =
        new WorkflowDefinition<>(
            "map",
            (ctx, in) -> {
              List<DurableFuture<Integer>> fs = ctx.map(DOUBLE, List.of(1, 2, 3));
              return ctx.<Integer>allOf(fs).get().stream().mapToInt(Integer::intValue).sum();
            },
            Integer.class,
            Integer.class);

    ReplayOutcome outcome = replay(map, history(started()));

    assertThat(outcome.commands())
        .extracting(HistoryEvent.CallStarted::callId, HistoryEvent.CallStarted::groupId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, 1),
            org.assertj.core.groups.Tuple.tuple(2, 1),
            org.assertj.core.groups.Tuple.tuple(3, 1));
  }

  @Test
  void nowRandomAndIds_areTheSameOnEveryReplay() {
    List<String> observed = new ArrayList<>();
    WorkflowDefinition<Integer, Integer> det =
        new WorkflowDefinition<>(
            "det",
            (ctx, in) -> {
              String before = ctx.now() + "|" + ctx.random().nextInt() + "|" + ctx.randomUUID();
              int r = ctx.call(ADD3, 0).get();
              observed.add(before + "|" + ctx.now());
              return r;
            },
            Integer.class,
            Integer.class);
    List<HistoryEvent> h =
        history(started(), scheduled(0, 1, "add3", 0), episode(1), succeeded(1, 1, 3));

    replay(det, h);
    replay(det, h);

    assertThat(observed).hasSize(2);
    assertThat(observed.get(0)).isEqualTo(observed.get(1)).endsWith("|" + T0.plusSeconds(1));
  }
}

package dev.triggerflow.benchmarks.replay;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.triggerflow.api.WorkflowDefinition;
import dev.triggerflow.benchmarks.StepClock;
import dev.triggerflow.benchmarks.triggerflow.NoOpWorkflows;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.history.HistoryEvent.EpisodeStarted;
import dev.triggerflow.history.HistoryEvent.RunStarted;
import dev.triggerflow.history.HistoryEvent.TaskScheduled;
import dev.triggerflow.history.HistoryEvent.TaskSucceeded;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Histories of the benchmark workflows written event by event, as the orchestrator would have
 * recorded them after every call succeeded: what a replay of a run of that length reads, without
 * running the run.
 */
public final class SyntheticHistories {
  /** The run id the histories belong to. */
  public static final String RUN_ID = "replay-bench";

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private SyntheticHistories() {}

  /**
   * The sequential workflow after {@code calls} calls: episode 0 starts the run and makes call 1;
   * episode k observes the result of call k and makes call k + 1. That is 3 × calls + 1 events.
   */
  public static List<HistoryEvent> sequential(int calls) {
    List<HistoryEvent> events = new ArrayList<>(3 * calls + 1);
    events.add(new RunStarted(0, NoOpWorkflows.SEQUENTIAL, IntNode.valueOf(calls), T0));
    events.add(scheduled(0, 1, 1));
    for (int k = 1; k <= calls; k++) {
      events.add(new EpisodeStarted(k, T0.plusMillis(k)));
      events.add(succeeded(k, k));
      if (k < calls) {
        events.add(scheduled(k, k + 1, k + 1));
      }
    }
    return events;
  }

  /**
   * The map workflow after its {@code calls} calls: episode 0 starts the run and makes every call;
   * episode 1 observes every result, in call order. That is 2 × calls + 2 events.
   */
  public static List<HistoryEvent> map(int calls) {
    List<HistoryEvent> events = new ArrayList<>(2 * calls + 2);
    events.add(new RunStarted(0, NoOpWorkflows.MAP, IntNode.valueOf(calls), T0));
    for (int call = 1; call <= calls; call++) {
      events.add(scheduled(0, call, 1));
    }
    events.add(new EpisodeStarted(1, T0.plusMillis(1)));
    for (int call = 1; call <= calls; call++) {
      events.add(succeeded(1, call));
    }
    return events;
  }

  /** The registered definition of a benchmark workflow. */
  public static WorkflowDefinition<?, ?> definition(String workflow) {
    return NoOpWorkflows.registry(new StepClock()).workflow(workflow).orElseThrow();
  }

  private static TaskScheduled scheduled(int episode, int call, int group) {
    return new TaskScheduled(
        episode, call, group, NoOpWorkflows.NOOP.name(), IntNode.valueOf(call), null);
  }

  private static TaskSucceeded succeeded(int episode, int call) {
    return new TaskSucceeded(
        episode,
        call,
        IntNode.valueOf(call),
        EngineEvents.taskResultId(RUN_ID, call, 1),
        T0.plusMillis(episode));
  }
}

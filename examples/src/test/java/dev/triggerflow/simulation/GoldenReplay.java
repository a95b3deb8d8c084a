package dev.triggerflow.simulation;

import dev.triggerflow.api.WorkflowDefinition;
import dev.triggerflow.engine.HistoryIndex;
import dev.triggerflow.engine.ReplayOutcome;
import dev.triggerflow.engine.Replayer;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.history.HistoryEvent.CallStarted;
import dev.triggerflow.history.HistoryEvent.RunCompleted;
import dev.triggerflow.history.HistoryEvent.RunContinuedAsNew;
import dev.triggerflow.history.HistoryEvent.RunFailed;
import dev.triggerflow.history.HistoryEvent.RunTerminated;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.PayloadStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a golden history episode by episode with the current code. For each episode it gives the
 * replayer the history up to what that episode observed, and compares what the code decides with
 * what the fixture recorded next: the same commands (kind, call id, name, input, retry policy), and
 * the same outcome (still waiting, completed with the same result, failed with the same error). Any
 * difference means runs recorded by the old code would go another way, or fail with a
 * non-determinism error, under the new one.
 */
final class GoldenReplay {
  private GoldenReplay() {}

  /** The differences between the fixture and the current code; empty when they agree. */
  static List<String> differences(WorkflowDefinition<?, ?> definition, GoldenHistory golden) {
    List<String> problems = new ArrayList<>();
    List<HistoryEvent> history = golden.history();
    int start = 0;
    while (start < history.size()) {
      int episode = history.get(start).episode();
      int end = start;
      while (end < history.size() && history.get(end).episode() == episode) {
        end++;
      }
      int decided = start;
      while (decided < end && !isDecision(history.get(decided))) {
        decided++;
      }
      List<HistoryEvent> recorded = history.subList(decided, end);
      ReplayOutcome outcome =
          Replayer.replay(
              definition,
              golden.runId(),
              HistoryIndex.of(new ArrayList<>(history.subList(0, decided))),
              PayloadStore.inline());
      compare(episode, outcome, recorded, problems);
      start = end;
    }
    return problems;
  }

  private static void compare(
      int episode, ReplayOutcome outcome, List<HistoryEvent> recorded, List<String> problems) {
    List<HistoryEvent> recordedCommands = new ArrayList<>();
    HistoryEvent recordedEnd = null;
    for (HistoryEvent e : recorded) {
      if (e instanceof CallStarted) {
        recordedCommands.add(e);
      } else {
        recordedEnd = e;
      }
    }
    if (outcome instanceof ReplayOutcome.Failed f && !(recordedEnd instanceof RunFailed)) {
      problems.add(
          "episode " + episode + ": the code now fails with " + f.errorType() + ": " + f.message());
      return;
    }
    String made = Json.write(outcome.commands());
    String expected = Json.write(recordedCommands);
    if (!made.equals(expected)) {
      problems.add(
          "episode "
              + episode
              + ": the code now makes "
              + made
              + " where the history recorded "
              + expected);
    }
    String end = describe(outcome);
    String expectedEnd = describe(recordedEnd);
    if (!end.equals(expectedEnd)) {
      problems.add(
          "episode "
              + episode
              + ": the code now ends "
              + end
              + " where the history recorded "
              + expectedEnd);
    }
  }

  private static boolean isDecision(HistoryEvent e) {
    return e instanceof CallStarted
        || e instanceof RunCompleted
        || e instanceof RunFailed
        || e instanceof RunTerminated
        || e instanceof RunContinuedAsNew;
  }

  private static String describe(ReplayOutcome outcome) {
    if (outcome instanceof ReplayOutcome.Completed c) {
      return "completed with " + Json.write(c.result());
    } else if (outcome instanceof ReplayOutcome.Failed f) {
      return "failed with " + f.errorType();
    } else if (outcome instanceof ReplayOutcome.ContinuedAsNew c) {
      return "continued as new with " + Json.write(c.input());
    }
    return "waiting";
  }

  private static String describe(HistoryEvent end) {
    if (end instanceof RunCompleted c) {
      return "completed with " + Json.write(c.result());
    } else if (end instanceof RunFailed f) {
      return "failed with " + f.errorType();
    } else if (end instanceof RunContinuedAsNew c) {
      return "continued as new with " + Json.write(c.input());
    }
    return "waiting";
  }
}

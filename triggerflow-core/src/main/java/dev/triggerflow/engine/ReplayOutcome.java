package dev.triggerflow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.history.HistoryEvent.TaskScheduled;
import java.util.List;

/** What one replay of a workflow's code produced. */
public sealed interface ReplayOutcome {

  /** The new commands, recorded in the current episode. */
  List<TaskScheduled> commands();

  /** The code is waiting for results. */
  record Suspended(List<TaskScheduled> commands) implements ReplayOutcome {}

  /** The code returned. */
  record Completed(List<TaskScheduled> commands, JsonNode result) implements ReplayOutcome {}

  /** The code threw, or did not match its history. */
  record Failed(List<TaskScheduled> commands, String errorType, String message)
      implements ReplayOutcome {}
}

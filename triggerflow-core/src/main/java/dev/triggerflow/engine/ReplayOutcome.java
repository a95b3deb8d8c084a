package dev.triggerflow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.history.HistoryEvent.CallStarted;
import java.util.List;

/** What one replay of a workflow's code produced. */
public sealed interface ReplayOutcome {

  /** The new commands, recorded in the current episode. */
  List<CallStarted> commands();

  /** The code is waiting for results. */
  record Suspended(List<CallStarted> commands) implements ReplayOutcome {}

  /** The code returned. */
  record Completed(List<CallStarted> commands, JsonNode result) implements ReplayOutcome {}

  /** The code threw, or did not match its history. */
  record Failed(List<CallStarted> commands, String errorType, String message)
      implements ReplayOutcome {}

  /** The code asked to continue as a new run with {@code input}. */
  record ContinuedAsNew(List<CallStarted> commands, JsonNode input) implements ReplayOutcome {}
}

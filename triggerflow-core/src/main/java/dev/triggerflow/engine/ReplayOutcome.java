package dev.triggerflow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.history.HistoryEvent.CallStarted;
import java.util.List;

/** What one replay of a workflow's code produced. */
public sealed interface ReplayOutcome {

  /** The new commands, recorded in the current episode. */
  List<CallStarted> commands();

  /**
   * The code is waiting for results. {@code joined} lists the calls made in this episode that the
   * code waits on all together (an {@code allOf} of plain task calls): one trigger can wake the run
   * when the last of them finishes, instead of one wake per result. Empty otherwise.
   */
  record Suspended(List<CallStarted> commands, List<Integer> joined) implements ReplayOutcome {
    public Suspended {
      commands = List.copyOf(commands);
      joined = List.copyOf(joined);
    }
  }

  /** The code returned. */
  record Completed(List<CallStarted> commands, JsonNode result) implements ReplayOutcome {}

  /** The code threw, or did not match its history. */
  record Failed(List<CallStarted> commands, String errorType, String message)
      implements ReplayOutcome {}

  /** The code asked to continue as a new run with {@code input}. */
  record ContinuedAsNew(List<CallStarted> commands, JsonNode input) implements ReplayOutcome {}
}

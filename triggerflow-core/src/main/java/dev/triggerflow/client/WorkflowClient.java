package dev.triggerflow.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.spi.DeadLetter;
import dev.triggerflow.spi.RunPage;
import dev.triggerflow.spi.RunQuery;
import dev.triggerflow.spi.RunRecord;
import java.util.List;
import java.util.Optional;

/** What applications and the CLI do with runs, whichever runtime the runs live on. */
public interface WorkflowClient {

  /**
   * Starts a run.
   *
   * @param workflow the registered workflow name
   * @param input the input as JSON
   * @param runId the run id to use, or null for a new one
   * @return the run id
   * @throws UnknownWorkflowException if no workflow has that name
   * @throws InvalidInputException if the input does not fit the workflow's input type
   * @throws RunExistsException if a run with that id exists already
   */
  String start(String workflow, JsonNode input, String runId);

  /** A run's record. */
  Optional<RunRecord> run(String runId);

  /**
   * A run's history.
   *
   * @throws UnknownRunException if there is no such run
   */
  List<HistoryEvent> history(String runId);

  /** Runs, newest first. */
  RunPage list(RunQuery query);

  /** The most recent dead letters. */
  List<DeadLetter> deadLetters(int limit);

  /**
   * Sends an external event named {@code name} to a running run; its k-th {@code waitForEvent} for
   * that name receives the k-th such event.
   *
   * @param eventId an id that makes retries of this call harmless, or null for a new one
   * @throws UnknownRunException if there is no such run
   */
  void signal(String runId, String name, JsonNode payload, String eventId);

  /**
   * Terminates a run: its pending triggers and timers are removed, its running children are
   * terminated, and events that arrive for it later are ignored.
   *
   * @throws UnknownRunException if there is no such run
   */
  void terminate(String runId, String reason);
}

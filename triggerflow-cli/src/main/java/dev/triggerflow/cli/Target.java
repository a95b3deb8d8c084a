package dev.triggerflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.client.ClientException;
import dev.triggerflow.client.UnknownRunException;
import dev.triggerflow.client.WorkflowClient;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.Stores;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Where the CLI's commands act: the embedded runtime on the local SQLite store, or a deployment on
 * AWS. Commands see one interface and need not know which.
 */
abstract class Target implements AutoCloseable {

  /** The client that starts and reads runs. */
  abstract WorkflowClient client();

  /**
   * Waits at most {@code slice} for a run to finish.
   *
   * @throws TimeoutException if it is still running after {@code slice}
   */
  abstract RunRecord awaitFor(String runId, Duration slice)
      throws TimeoutException, InterruptedException;

  /** Lets the work this command started settle before the process exits. */
  abstract void settle() throws InterruptedException;

  /**
   * Continues running runs that nothing carries on any more.
   *
   * @param runIds the runs to continue; empty for every running run
   * @return the ids of the runs continued
   */
  abstract List<String> resume(List<String> runIds);

  /**
   * Whether the runs a command continues go on after the command exits: on AWS they do; the
   * embedded runtime runs only while the command does.
   */
  abstract boolean runsWithoutThisProcess();

  /**
   * Checks that a run named for resuming exists and is running.
   *
   * @throws UnknownRunException if there is no such run
   * @throws ClientException if the run has finished
   */
  static void requireRunning(WorkflowClient client, String runId) {
    RunRecord run = client.run(runId).orElseThrow(() -> new UnknownRunException(runId));
    if (run.status().isTerminal()) {
      throw new ClientException(
          "run '" + runId + "' has finished (" + run.status() + "); there is nothing to resume");
    }
  }

  /** The stores progress is read from, when they can be read cheaply. */
  Optional<Stores> progressStores() {
    return Optional.empty();
  }

  /** A run's result as user code would see it, reading a payload stored by reference. */
  JsonNode result(RunRecord run) {
    return run.result();
  }

  /** The run with its result read back if it travelled by reference. */
  RunRecord withResolvedResult(RunRecord run) {
    if (run.result() == null || !dev.triggerflow.spi.PayloadStore.isReference(run.result())) {
      return run;
    }
    JsonNode result = result(run);
    return new RunRecord(
        run.runId(),
        run.workflow(),
        run.input(),
        run.status(),
        result,
        run.errorType(),
        run.errorMessage(),
        run.createdAt(),
        run.updatedAt(),
        run.wakeSeq(),
        run.leaseOwner(),
        run.leaseExpiresAt(),
        run.historyLength(),
        run.dispatchedThrough(),
        run.episodes(),
        run.firstOpenCall(),
        run.parentRunId(),
        run.parentCallId());
  }

  @Override
  public abstract void close();
}

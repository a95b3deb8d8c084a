package dev.triggerflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.client.ClientException;
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

  /** Continues runs left unfinished by a stopped process: the embedded runtime only. */
  List<String> resume() {
    throw new ClientException(
        "resume continues runs of the embedded runtime after its process stopped; on AWS,"
            + " Lambda retries failed invocations and runs go on by themselves");
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
        run.parentRunId(),
        run.parentCallId());
  }

  @Override
  public abstract void close();
}

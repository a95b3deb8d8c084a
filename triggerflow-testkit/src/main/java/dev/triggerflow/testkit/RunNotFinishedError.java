package dev.triggerflow.testkit;

import dev.triggerflow.spi.RunStatus;

/**
 * A run that a test waited for did not finish: it is blocked on something that only the test can
 * send (an event, with no timer left to skip to), or it kept the runtime busy past the wait's
 * wall-clock limit. The message says which, and prints the run's timeline.
 */
public final class RunNotFinishedError extends AssertionError {
  private static final long serialVersionUID = 1L;

  private final String runId;
  private final RunStatus status;

  RunNotFinishedError(String runId, RunStatus status, String message) {
    super(message);
    this.runId = runId;
    this.status = status;
  }

  /** The run waited for (after following continue-as-new, the last run of the chain). */
  public String runId() {
    return runId;
  }

  /** The run's status when the wait gave up. */
  public RunStatus status() {
    return status;
  }
}

package dev.triggerflow.api;

/**
 * The workflow's code no longer matches the history of a run: on replay it made a different call
 * than the one recorded at the same point. The likely cause is a change to the workflow's code
 * while runs were in flight. The run fails with this error; runs started after the change are not
 * affected.
 */
public final class NonDeterminismException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String runId;
  private final int callId;
  private final String recorded;
  private final String attempted;

  public NonDeterminismException(String runId, int callId, String recorded, String attempted) {
    super(
        "non-deterministic workflow: run '"
            + runId
            + "', call "
            + callId
            + ": history recorded "
            + recorded
            + ", but the code now attempted "
            + attempted
            + ". Likely cause: the workflow's code changed while this run was in flight. "
            + "Deploy changes that alter the sequence of calls under a new workflow name, "
            + "or let in-flight runs finish first.");
    this.runId = runId;
    this.callId = callId;
    this.recorded = recorded;
    this.attempted = attempted;
  }

  /** The run whose history did not match. */
  public String runId() {
    return runId;
  }

  /** The call id at which the code and the history parted. */
  public int callId() {
    return callId;
  }

  /** What the history recorded at that call. */
  public String recorded() {
    return recorded;
  }

  /** What the code attempted instead. */
  public String attempted() {
    return attempted;
  }
}

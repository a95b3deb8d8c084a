package dev.triggerflow.api;

/**
 * A task's failure as the orchestrator sees it: the type and message of what the task threw. The
 * workflow may catch it and go on.
 */
public class TaskFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String task;
  private final int callId;
  private final String errorType;
  private final String errorMessage;

  public TaskFailedException(String task, int callId, String errorType, String errorMessage) {
    super(
        "task '"
            + task
            + "' (call "
            + callId
            + ") failed with "
            + errorType
            + (errorMessage == null || errorMessage.isEmpty() ? "" : ": " + errorMessage));
    this.task = task;
    this.callId = callId;
    this.errorType = errorType;
    this.errorMessage = errorMessage;
  }

  /** The task's registered name. */
  public String task() {
    return task;
  }

  /** The failed call's id. */
  public int callId() {
    return callId;
  }

  /** The fully qualified class name of what the task threw. */
  public String errorType() {
    return errorType;
  }

  /** The message of what the task threw, possibly empty. */
  public String errorMessage() {
    return errorMessage;
  }
}

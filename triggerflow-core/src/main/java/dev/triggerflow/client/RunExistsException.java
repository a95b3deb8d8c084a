package dev.triggerflow.client;

/** A run with the requested id exists already. */
public final class RunExistsException extends ClientException {
  private static final long serialVersionUID = 1L;

  public RunExistsException(String runId) {
    super("a run with id '" + runId + "' exists already; choose another id or omit it");
  }
}

package dev.triggerflow.client;

/** There is no run with the requested id. */
public final class UnknownRunException extends ClientException {
  private static final long serialVersionUID = 1L;

  public UnknownRunException(String runId) {
    super("no run with id '" + runId + "'; 'list' shows the known runs");
  }
}

package dev.triggerflow.aws.logging;

/**
 * The keys of the logging context (SLF4J's MDC) that the functions set, and that {@link
 * JsonLineEncoder} writes as fields of every line, so that one run's lines can be found across
 * functions with one query.
 */
public final class LogFields {
  /** The run a line is about. The orchestrator sets it for a wake, the handlers for the rest. */
  public static final String RUN_ID = "runId";

  /** The call a line is about: the task call a task function runs or a trigger counts. */
  public static final String CALL_ID = "callId";

  /** The episode an orchestrator wake is deciding. */
  public static final String EPISODE = "episode";

  /**
   * Whether the line comes from workflow code that is running past a point it reached before, as
   * "true" or "false"; absent where it is not known.
   */
  public static final String REPLAYING = "replaying";

  /** Lambda's request id of the invocation. */
  public static final String REQUEST_ID = "requestId";

  private LogFields() {}
}

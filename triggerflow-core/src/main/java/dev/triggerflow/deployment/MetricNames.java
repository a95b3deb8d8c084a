package dev.triggerflow.deployment;

/**
 * The one definition of the engine's CloudWatch metrics: what the Lambda runtime publishes in
 * Embedded Metric Format and what the CDK construct's dashboard and alarms read.
 */
public final class MetricNames {
  private MetricNames() {}

  /** The metrics' namespace. */
  public static final String NAMESPACE = "Triggerflow";

  /** The one dimension every metric has: the workflow's name. */
  public static final String WORKFLOW = "Workflow";

  /** Runs whose first episode was committed. */
  public static final String RUNS_STARTED = "RunsStarted";

  /** Runs that completed with a result. */
  public static final String RUNS_COMPLETED = "RunsCompleted";

  /** Runs that failed or were terminated. */
  public static final String RUNS_FAILED = "RunsFailed";

  /**
   * Milliseconds from the start of the episode that scheduled a task to the start of the episode
   * that consumed its result.
   */
  public static final String STEP_LATENCY = "StepLatency";

  /** History events of a run at the end of a wake. */
  public static final String REPLAY_LENGTH = "ReplayLength";

  /** Milliseconds one orchestrator wake took. */
  public static final String WAKE_DURATION = "WakeDuration";
}

package dev.triggerflow.cdk;

/**
 * The names of the metrics the Lambda runtime publishes in CloudWatch's embedded metric format,
 * which the engine's dashboard and alarms read. Every metric carries one dimension, {@value
 * #WORKFLOW}, so each workflow has its own series; the dashboard shows them side by side and the
 * alarms add them up.
 *
 * <p>These names are shared with the runtime, which writes them; they belong beside {@code
 * AwsContract} so that both sides read one definition.
 */
final class EngineMetrics {
  /** The CloudWatch namespace of every engine metric. */
  static final String NAMESPACE = "Triggerflow";

  /** The one dimension of every engine metric: the workflow's name. */
  static final String WORKFLOW = "Workflow";

  /** Runs started (count). */
  static final String RUNS_STARTED = "RunsStarted";

  /** Runs that completed with a result (count). */
  static final String RUNS_COMPLETED = "RunsCompleted";

  /** Runs that failed or were terminated (count). */
  static final String RUNS_FAILED = "RunsFailed";

  /** How long one step of a run took, in milliseconds. */
  static final String STEP_LATENCY = "StepLatency";

  /** The number of history events one wake replayed. */
  static final String REPLAY_LENGTH = "ReplayLength";

  private EngineMetrics() {}

  /**
   * A dashboard search for one engine metric at one statistic: one series per workflow, whichever
   * workflows have published it.
   */
  static String search(String metric, String statistic, int periodSeconds) {
    return "SEARCH('{"
        + NAMESPACE
        + ","
        + WORKFLOW
        + "} MetricName=\""
        + metric
        + "\"', '"
        + statistic
        + "', "
        + periodSeconds
        + ")";
  }

  /**
   * A CloudWatch Metrics Insights query for the sum of one engine metric over every workflow. An
   * alarm can evaluate such a query (it cannot evaluate a search), so a workflow deployed later is
   * covered without changing the alarm.
   */
  static String sumOverWorkflows(String metric) {
    return "SELECT SUM(" + metric + ") FROM SCHEMA(\"" + NAMESPACE + "\", " + WORKFLOW + ")";
  }
}

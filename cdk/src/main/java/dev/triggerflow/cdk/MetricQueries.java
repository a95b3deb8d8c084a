package dev.triggerflow.cdk;

import dev.triggerflow.deployment.MetricNames;

/**
 * CloudWatch queries over the metrics the Lambda runtime publishes in embedded metric format, named
 * by {@link MetricNames}, the constants the runtime writes them with. Every metric carries one
 * dimension, {@value MetricNames#WORKFLOW}, so each workflow has its own series; the dashboard
 * shows them side by side and the alarms add them up.
 */
final class MetricQueries {
  private MetricQueries() {}

  /**
   * A dashboard search for one engine metric at one statistic: one series per workflow, whichever
   * workflows have published it.
   */
  static String search(String metric, String statistic, int periodSeconds) {
    return "SEARCH('{"
        + MetricNames.NAMESPACE
        + ","
        + MetricNames.WORKFLOW
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
    return "SELECT SUM("
        + metric
        + ") FROM SCHEMA(\""
        + MetricNames.NAMESPACE
        + "\", "
        + MetricNames.WORKFLOW
        + ")";
  }
}

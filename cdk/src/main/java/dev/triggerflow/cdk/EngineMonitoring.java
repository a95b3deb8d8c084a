package dev.triggerflow.cdk;

import dev.triggerflow.deployment.MetricNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.AlarmStatusWidget;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * The engine's dashboard and alarms. The dashboard shows runs, steps, replays and wakes from the
 * metrics the runtime publishes (named by {@link MetricNames}), and the AWS metrics of every
 * function, table, rule and dead-letter queue. The alarms cover what needs an operator: anything
 * parked in a dead-letter queue, any failed run, and any event a rule could not deliver to the
 * trigger function.
 *
 * <p>Task functions are added to the function graphs as the engine adds them.
 */
final class EngineMonitoring extends Construct {
  /** The period of every graph and alarm: short enough to notice, long enough to be steady. */
  static final int PERIOD_SECONDS = 300;

  private static final Duration PERIOD = Duration.seconds(PERIOD_SECONDS);
  private static final int THIRD = 8;
  private static final int QUARTER = 6;
  private static final int GRAPH_HEIGHT = 6;

  /** What the monitoring watches, each by the label it carries on the dashboard. */
  record Sources(
      EventBus bus,
      Map<String, Rule> rules,
      Map<String, Queue> deadLetterQueues,
      Map<String, Table> tables,
      ITopic alarmTopic) {}

  private final Sources sources;
  private final Dashboard dashboard;
  private final List<Alarm> deadLetterQueueAlarms = new ArrayList<>();
  private final List<Alarm> ruleAlarms = new ArrayList<>();
  private final Alarm failedRunsAlarm;
  private final GraphWidget functionErrors;
  private final GraphWidget functionDurations;
  private final GraphWidget functionThrottles;

  EngineMonitoring(Construct scope, String id, Sources sources) {
    super(scope, id);
    this.sources = sources;

    sources
        .deadLetterQueues()
        .forEach((label, queue) -> deadLetterQueueAlarms.add(depth(label, queue)));
    failedRunsAlarm = failedRuns();
    sources.rules().forEach((label, rule) -> ruleAlarms.add(failedDeliveries(label, rule)));

    functionErrors = graph("Lambda errors (sum)", List.of());
    functionDurations = graph("Lambda duration (max, ms)", List.of());
    functionThrottles = graph("Lambda throttles (sum)", List.of());

    // No fixed dashboard name: CloudFormation names it, so two engines in one account never
    // collide.
    dashboard =
        Dashboard.Builder.create(this, "Dashboard").defaultInterval(Duration.hours(3)).build();
    dashboard.addWidgets(
        AlarmStatusWidget.Builder.create()
            .title("Alarms")
            .alarms(new ArrayList<>(alarms()))
            .width(3 * THIRD)
            .height(3)
            .build());
    dashboard.addWidgets(runs(), stepLatency(), replayLength(), wakeDuration());
    dashboard.addWidgets(functionErrors, functionDurations, functionThrottles);
    dashboard.addWidgets(tableThrottles(), ruleFailures(), queueDepths());
  }

  /** Adds a function's errors, longest duration and throttles to the function graphs. */
  void addFunction(String label, IFunction function) {
    functionErrors.addLeftMetric(function.metricErrors(options(label, "Sum")));
    functionDurations.addLeftMetric(function.metricDuration(options(label, "Maximum")));
    functionThrottles.addLeftMetric(function.metricThrottles(options(label, "Sum")));
  }

  Dashboard dashboard() {
    return dashboard;
  }

  /** Every alarm: dead-letter queues, then failed runs, then rules. */
  List<Alarm> alarms() {
    List<Alarm> all = new ArrayList<>(deadLetterQueueAlarms);
    all.add(failedRunsAlarm);
    all.addAll(ruleAlarms);
    return List.copyOf(all);
  }

  List<Alarm> deadLetterQueueAlarms() {
    return List.copyOf(deadLetterQueueAlarms);
  }

  Alarm failedRunsAlarm() {
    return failedRunsAlarm;
  }

  List<Alarm> ruleAlarms() {
    return List.copyOf(ruleAlarms);
  }

  // ----- alarms -----

  private Alarm depth(String label, Queue queue) {
    return alarm(
        queue.getNode().getId() + "DepthAlarm",
        // No label: it would make the alarm a metric query, where a plain metric says it all.
        queue.metricApproximateNumberOfMessagesVisible(
            MetricOptions.builder().statistic("Maximum").period(PERIOD).build()),
        "Messages are waiting in the engine's "
            + label
            + " queue: an event or an invocation the engine could not deliver or run is parked"
            + " there, and the run it belongs to waits for it. Read the messages (each holds the"
            + " event or the request, and the error), fix the cause, then redrive them. A message"
            + " from the run expiry function is a batch of deleted runs it could not purge: it"
            + " names the batch's place in the runs table's stream, which keeps the run ids for"
            + " 24 hours, and those runs' history and pending events stay until deleted.");
  }

  private Alarm failedRuns() {
    return alarm(
        "FailedRunsAlarm",
        MathExpression.Builder.create()
            .expression(MetricQueries.sumOverWorkflows(MetricNames.RUNS_FAILED))
            .usingMetrics(Map.of())
            .period(PERIOD)
            .label("failed runs, all workflows")
            .build(),
        "A run failed. List the failed runs (triggerflow list --status FAILED) and read a run's"
            + " history (triggerflow history RUN_ID): the failed call names the error.");
  }

  private Alarm failedDeliveries(String label, Rule rule) {
    return alarm(
        rule.getNode().getId() + "FailedInvocationsAlarm",
        ruleMetric(rule, "FailedInvocations", label),
        "The "
            + label
            + " rule failed to hand events to the trigger function after all its retries; the"
            + " runs waiting for those events do not wake. Look in the rule's dead-letter queue"
            + " and in the trigger function's errors.");
  }

  /** An alarm on any value above zero in one period; no data (nothing happened) is not a breach. */
  private Alarm alarm(String id, IMetric metric, String description) {
    Alarm alarm =
        Alarm.Builder.create(this, id)
            .metric(metric)
            .threshold(0)
            .comparisonOperator(ComparisonOperator.GREATER_THAN_THRESHOLD)
            .evaluationPeriods(1)
            .treatMissingData(TreatMissingData.NOT_BREACHING)
            .alarmDescription(description)
            .build();
    if (sources.alarmTopic() != null) {
      alarm.addAlarmAction(new SnsAction(sources.alarmTopic()));
    }
    return alarm;
  }

  // ----- graphs -----

  private GraphWidget runs() {
    return graph(
        "Runs (sum per workflow)",
        List.of(
            search(MetricNames.RUNS_STARTED, "Sum", "started"),
            search(MetricNames.RUNS_COMPLETED, "Sum", "completed"),
            search(MetricNames.RUNS_FAILED, "Sum", "failed")),
        QUARTER);
  }

  private GraphWidget stepLatency() {
    return graph(
        "Step latency (ms)",
        List.of(
            search(MetricNames.STEP_LATENCY, "Average", "average"),
            search(MetricNames.STEP_LATENCY, "p99", "p99")),
        QUARTER);
  }

  private GraphWidget replayLength() {
    return graph(
        "Replay length (events)",
        List.of(
            search(MetricNames.REPLAY_LENGTH, "Average", "average"),
            search(MetricNames.REPLAY_LENGTH, "Maximum", "max")),
        QUARTER);
  }

  /** How long the orchestrator's wakes take, beside the function's own duration further down. */
  private GraphWidget wakeDuration() {
    return graph(
        "Wake duration (ms)",
        List.of(
            search(MetricNames.WAKE_DURATION, "Average", "average"),
            search(MetricNames.WAKE_DURATION, "p99", "p99")),
        QUARTER);
  }

  private GraphWidget tableThrottles() {
    List<IMetric> metrics = new ArrayList<>();
    sources
        .tables()
        .forEach(
            (label, table) -> {
              // Ids are unique within a graph, so each table's pair is numbered.
              String reads = "reads" + metrics.size();
              String writes = "writes" + metrics.size();
              metrics.add(
                  MathExpression.Builder.create()
                      .expression(reads + " + " + writes)
                      .usingMetrics(
                          ordered(
                              reads,
                              table.metric("ReadThrottleEvents", options(label, "Sum")),
                              writes,
                              table.metric("WriteThrottleEvents", options(label, "Sum"))))
                      .period(PERIOD)
                      .label(label)
                      .build());
            });
    return graph("DynamoDB throttled events (sum)", metrics);
  }

  private GraphWidget ruleFailures() {
    List<IMetric> metrics = new ArrayList<>();
    sources
        .rules()
        .forEach((label, rule) -> metrics.add(ruleMetric(rule, "FailedInvocations", label)));
    return graph("Rule failed invocations (sum)", metrics);
  }

  private GraphWidget queueDepths() {
    List<IMetric> metrics = new ArrayList<>();
    sources
        .deadLetterQueues()
        .forEach(
            (label, queue) ->
                metrics.add(
                    queue.metricApproximateNumberOfMessagesVisible(options(label, "Maximum"))));
    return graph("Dead-letter queue depth (max)", metrics);
  }

  /** A rule's metric: rules on a bus other than the default one report under bus and rule. */
  private Metric ruleMetric(Rule rule, String name, String label) {
    return Metric.Builder.create()
        .namespace("AWS/Events")
        .metricName(name)
        .dimensionsMap(
            ordered(
                "EventBusName", sources.bus().getEventBusName(), "RuleName", rule.getRuleName()))
        .statistic("Sum")
        .period(PERIOD)
        .label(label)
        .build();
  }

  private static MathExpression search(String metric, String statistic, String label) {
    return MathExpression.Builder.create()
        .expression(MetricQueries.search(metric, statistic, PERIOD_SECONDS))
        .usingMetrics(Map.of())
        .period(PERIOD)
        // CloudWatch fills in each series' workflow.
        .label("${PROP('Dim." + MetricNames.WORKFLOW + "')} " + label)
        .build();
  }

  private static GraphWidget graph(String title, List<? extends IMetric> metrics) {
    return graph(title, metrics, THIRD);
  }

  private static GraphWidget graph(String title, List<? extends IMetric> metrics, int width) {
    return GraphWidget.Builder.create()
        .title(title)
        .left(new ArrayList<IMetric>(metrics))
        .width(width)
        .height(GRAPH_HEIGHT)
        .build();
  }

  /**
   * A map of two entries in the order given. The dashboard's body is one string, so its metrics
   * must come out in the same order on every synth, which {@code Map.of} does not promise.
   */
  private static <V> Map<String, V> ordered(String key1, V value1, String key2, V value2) {
    Map<String, V> map = new LinkedHashMap<>();
    map.put(key1, value1);
    map.put(key2, value2);
    return map;
  }

  private static MetricOptions options(String label, String statistic) {
    return MetricOptions.builder().label(label).statistic(statistic).period(PERIOD).build();
  }
}

package dev.triggerflow.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.deployment.MetricNames;
import dev.triggerflow.json.Json;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.IConstruct;

/** The engine's dashboard and alarms, in the examples stack unless a test builds its own. */
class MonitoringTest {
  private static TriggerflowEngine engine;
  private static Map<String, Object> json;
  private static JsonNode dashboard;

  @BeforeAll
  static void synth() throws JsonProcessingException {
    Stack stack = TestStacks.examples();
    engine = (TriggerflowEngine) stack.getNode().findChild("Engine");
    json = TestStacks.json(stack);
    dashboard = dashboardBody(json, engine);
  }

  // ----- alarms -----

  @Test
  void alarms_areOnePerDeadLetterQueue_oneForFailedRuns_andOnePerRule() {
    EngineMonitoring monitoring = engine.monitoring();

    assertThat(Cfn.resources(json, "AWS::CloudWatch::Alarm")).hasSize(5);
    assertThat(engine.getAlarms())
        .hasSize(5)
        .containsAll(monitoring.deadLetterQueueAlarms())
        .contains(monitoring.failedRunsAlarm())
        .containsAll(monitoring.ruleAlarms());
  }

  @Test
  void deadLetterQueueAlarms_fireOnAnyVisibleMessage_ofTheirQueue() {
    List<IConstruct> queues =
        List.of(engine.getRuleDeadLetterQueue(), engine.getFailedInvocationsQueue());
    List<Alarm> alarms = engine.monitoring().deadLetterQueueAlarms();

    assertThat(alarms).hasSize(queues.size());
    for (int i = 0; i < queues.size(); i++) {
      Map<String, Object> p = alarmProps(alarms.get(i));

      assertFiresAboveZero(p);
      assertThat(p.get("Namespace")).isEqualTo("AWS/SQS");
      assertThat(p.get("MetricName")).isEqualTo("ApproximateNumberOfMessagesVisible");
      assertThat(p.get("Statistic")).isEqualTo("Maximum");
      assertThat(p.get("Period")).isEqualTo(300);
      List<Object> dimensions = Cfn.list(p.get("Dimensions"));
      assertThat(dimensions).hasSize(1);
      assertThat(Cfn.at(dimensions.get(0), "Name")).isEqualTo("QueueName");
      assertThat(Cfn.render(Cfn.at(dimensions.get(0), "Value")))
          .isEqualTo("<" + Cfn.logicalId(queues.get(i)) + ".QueueName>");
    }
  }

  @Test
  void failedRunsAlarm_sumsRunsFailedOverEveryWorkflow_inFiveMinutes() {
    Map<String, Object> p = alarmProps(engine.monitoring().failedRunsAlarm());
    List<Object> queries = Cfn.list(p.get("Metrics"));

    assertFiresAboveZero(p);
    assertThat(queries).hasSize(1);
    assertThat(Cfn.at(queries.get(0), "Expression"))
        .isEqualTo(
            "SELECT SUM("
                + MetricNames.RUNS_FAILED
                + ") FROM SCHEMA(\""
                + MetricNames.NAMESPACE
                + "\", "
                + MetricNames.WORKFLOW
                + ")");
    assertThat(Cfn.at(queries.get(0), "Period")).isEqualTo(300);
    assertThat(Cfn.at(queries.get(0), "ReturnData")).isEqualTo(true);
  }

  @Test
  void ruleAlarms_watchFailedInvocations_ofEachRuleOnTheEnginesBus() {
    List<IConstruct> rules = List.of(engine.getEngineRule(), engine.getLambdaDestinationsRule());
    List<Alarm> alarms = engine.monitoring().ruleAlarms();

    assertThat(alarms).hasSize(rules.size());
    for (int i = 0; i < rules.size(); i++) {
      Map<String, Object> p = alarmProps(alarms.get(i));
      List<Object> queries = Cfn.list(p.get("Metrics"));

      assertFiresAboveZero(p);
      assertThat(queries).hasSize(1);
      Object metric = Cfn.at(queries.get(0), "MetricStat", "Metric");
      assertThat(Cfn.at(metric, "Namespace")).isEqualTo("AWS/Events");
      assertThat(Cfn.at(metric, "MetricName")).isEqualTo("FailedInvocations");
      assertThat(dimensions(metric))
          .containsExactly(
              "EventBusName=<" + Cfn.logicalId(engine.getEventBus()) + ">",
              "RuleName=<" + Cfn.logicalId(rules.get(i)) + ">");
      assertThat(Cfn.at(queries.get(0), "MetricStat", "Stat")).isEqualTo("Sum");
      assertThat(Cfn.at(queries.get(0), "MetricStat", "Period")).isEqualTo(300);
    }
  }

  @Test
  void alarms_withoutATopic_haveNoActions_andNoFixedNames() {
    Cfn.resources(json, "AWS::CloudWatch::Alarm")
        .forEach(
            (id, alarm) -> {
              assertThat(Cfn.props(alarm).get("AlarmActions")).as(id).isNull();
              assertThat(Cfn.props(alarm).get("AlarmName")).as(id).isNull();
              assertThat(String.valueOf(Cfn.props(alarm).get("AlarmDescription")))
                  .as(id)
                  .hasSizeGreaterThan(100);
            });
  }

  @Test
  void alarms_withATopic_notifyIt() {
    Stack stack = new Stack(new App(), "Test");
    Topic topic = new Topic(stack, "Pager");
    new TriggerflowEngine(
        stack,
        "Engine",
        TriggerflowEngineProps.builder()
            .registryProvider(TestStacks.REGISTRY)
            .codePath(TestStacks.PLACEHOLDER_CODE)
            .alarmTopic(topic)
            .build());

    Map<String, Map<String, Object>> alarms =
        Cfn.resources(TestStacks.json(stack), "AWS::CloudWatch::Alarm");

    assertThat(alarms).hasSize(5);
    alarms.forEach(
        (id, alarm) ->
            assertThat(Cfn.props(alarm).get("AlarmActions"))
                .as(id)
                .isEqualTo(List.of(Map.of("Ref", Cfn.logicalId(topic)))));
  }

  // ----- dashboard -----

  @Test
  void dashboard_isTheEnginesOnly_withoutAFixedName() {
    Map<String, Map<String, Object>> dashboards = Cfn.resources(json, "AWS::CloudWatch::Dashboard");

    assertThat(dashboards).hasSize(1);
    assertThat(Cfn.props(dashboards.values().iterator().next()).get("DashboardName")).isNull();
  }

  @Test
  void dashboard_showsEveryAlarmFirst() {
    JsonNode first = dashboard.path("widgets").get(0);

    assertThat(first.path("type").asText()).isEqualTo("alarm");
    assertThat(texts(first.path("properties").path("alarms")))
        .containsExactlyElementsOf(
            engine.getAlarms().stream().map(a -> "<" + Cfn.logicalId(a) + ".Arn>").toList());
  }

  @Test
  void dashboard_graphsRunsStepsReplaysAndWakes_perWorkflow_fromTheRuntimesMetrics() {
    assertThat(expressions(widget("Runs (sum per workflow)")))
        .containsExactly(
            search(MetricNames.RUNS_STARTED, "Sum"),
            search(MetricNames.RUNS_COMPLETED, "Sum"),
            search(MetricNames.RUNS_FAILED, "Sum"));
    assertThat(expressions(widget("Step latency (ms)")))
        .containsExactly(
            search(MetricNames.STEP_LATENCY, "Average"), search(MetricNames.STEP_LATENCY, "p99"));
    assertThat(expressions(widget("Replay length (events)")))
        .containsExactly(
            search(MetricNames.REPLAY_LENGTH, "Average"),
            search(MetricNames.REPLAY_LENGTH, "Maximum"));
    assertThat(expressions(widget("Wake duration (ms)")))
        .containsExactly(
            search(MetricNames.WAKE_DURATION, "Average"), search(MetricNames.WAKE_DURATION, "p99"));
  }

  @Test
  void dashboard_graphsEveryMetricOfTheContract_byItsNameNamespaceAndDimension()
      throws IllegalAccessException {
    Set<String> graphed = new TreeSet<>();
    for (JsonNode widget : dashboard.path("widgets")) {
      for (String expression : expressions(widget)) {
        if (expression.startsWith("SEARCH(")) {
          graphed.add(searchedMetric(expression));
        }
      }
    }

    assertThat(graphed).containsExactlyInAnyOrderElementsOf(contractMetrics());
  }

  @Test
  void dashboard_graphsErrorsDurationAndThrottles_ofEveryEngineFunction() {
    List<String> functions = new ArrayList<>();
    functions.add(ref(engine.orchestratorFunction().function()));
    functions.add(ref(engine.triggerFunction().function()));
    functions.add(ref(engine.runExpiryFunction().function()));
    for (TaskFunction task : engine.getTaskFunctions()) {
      functions.add(ref(task.getFunction()));
    }

    assertThat(metrics(widget("Lambda errors (sum)")))
        .containsExactlyElementsOf(lambdaMetrics("Errors", functions));
    assertThat(metrics(widget("Lambda duration (max, ms)")))
        .containsExactlyElementsOf(lambdaMetrics("Duration", functions));
    assertThat(metrics(widget("Lambda throttles (sum)")))
        .containsExactlyElementsOf(lambdaMetrics("Throttles", functions));
  }

  @Test
  void dashboard_graphsForeignTaskFunctions_asTheyAreAdded() throws JsonProcessingException {
    List<TriggerflowEngine> engines = new ArrayList<>();
    List<Function> foreign = new ArrayList<>();
    Stack stack =
        TestStacks.engine(
            p -> {},
            e -> {
              engines.add(e);
              foreign.add(LeastPrivilegeTest.foreignFunction(e));
              e.addForeignTask("py_task", foreign.get(0));
            });

    JsonNode body = dashboardBody(TestStacks.json(stack), engines.get(0));

    JsonNode errors = widget(body, "Lambda errors (sum)");
    assertThat(metrics(errors)).contains("AWS/Lambda Errors FunctionName=" + ref(foreign.get(0)));
  }

  @Test
  void dashboard_graphsTableThrottles_ruleFailures_andQueueDepths() {
    List<String> tables =
        List.of(
            ref(engine.getRunsTable()),
            ref(engine.getHistoryTable()),
            ref(engine.getTriggersTable()),
            ref(engine.getDeadLetterTable()));
    List<String> tableMetrics = new ArrayList<>();
    for (String table : tables) {
      tableMetrics.add("AWS/DynamoDB ReadThrottleEvents TableName=" + table);
      tableMetrics.add("AWS/DynamoDB WriteThrottleEvents TableName=" + table);
    }
    String bus = "EventBusName=" + ref(engine.getEventBus());

    assertThat(metrics(widget("DynamoDB throttled events (sum)")))
        .containsExactlyInAnyOrderElementsOf(tableMetrics);
    assertThat(expressions(widget("DynamoDB throttled events (sum)")))
        .containsExactly(
            "reads0 + writes0", "reads1 + writes1", "reads2 + writes2", "reads3 + writes3");
    assertThat(metrics(widget("Rule failed invocations (sum)")))
        .containsExactly(
            "AWS/Events FailedInvocations " + bus + " RuleName=" + ref(engine.getEngineRule()),
            "AWS/Events FailedInvocations "
                + bus
                + " RuleName="
                + ref(engine.getLambdaDestinationsRule()));
    assertThat(metrics(widget("Dead-letter queue depth (max)")))
        .containsExactly(
            "AWS/SQS ApproximateNumberOfMessagesVisible QueueName=<"
                + Cfn.logicalId(engine.getRuleDeadLetterQueue())
                + ".QueueName>",
            "AWS/SQS ApproximateNumberOfMessagesVisible QueueName=<"
                + Cfn.logicalId(engine.getFailedInvocationsQueue())
                + ".QueueName>");
  }

  // ----- helpers -----

  private static void assertFiresAboveZero(Map<String, Object> alarm) {
    assertThat(alarm.get("ComparisonOperator")).isEqualTo("GreaterThanThreshold");
    assertThat(alarm.get("Threshold")).isEqualTo(0);
    assertThat(alarm.get("EvaluationPeriods")).isEqualTo(1);
    // The metrics are sent only when something happened: no data is no failure.
    assertThat(alarm.get("TreatMissingData")).isEqualTo("notBreaching");
  }

  private static Map<String, Object> alarmProps(Alarm alarm) {
    return Cfn.props(Cfn.resource(json, Cfn.logicalId(alarm)));
  }

  private static List<String> dimensions(Object metric) {
    return Cfn.list(Cfn.at(metric, "Dimensions")).stream()
        .map(d -> Cfn.at(d, "Name") + "=" + Cfn.render(Cfn.at(d, "Value")))
        .toList();
  }

  /** The dashboard's body, with references written as cdk-nag does ({@code <Id>}). */
  private static JsonNode dashboardBody(Map<String, Object> template, TriggerflowEngine engine)
      throws JsonProcessingException {
    Map<String, Object> props =
        Cfn.props(Cfn.resource(template, Cfn.logicalId(engine.getDashboard())));
    return Json.mapper().readTree(Cfn.render(props.get("DashboardBody")));
  }

  private static JsonNode widget(String title) {
    return widget(dashboard, title);
  }

  private static JsonNode widget(JsonNode body, String title) {
    return StreamSupport.stream(body.path("widgets").spliterator(), false)
        .filter(w -> w.path("properties").path("title").asText().equals(title))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no widget titled " + title));
  }

  /** The expressions a graph draws. */
  private static List<String> expressions(JsonNode widget) {
    List<String> out = new ArrayList<>();
    for (JsonNode line : widget.path("properties").path("metrics")) {
      JsonNode options = line.get(line.size() - 1);
      if (options.has("expression")) {
        out.add(options.get("expression").asText());
      }
    }
    return out;
  }

  /** The plain metrics of a graph, as "namespace name dimension=value...". */
  private static List<String> metrics(JsonNode widget) {
    List<String> out = new ArrayList<>();
    for (JsonNode line : widget.path("properties").path("metrics")) {
      if (!line.get(0).isTextual()) {
        continue;
      }
      StringBuilder metric = new StringBuilder(line.get(0).asText() + " " + line.get(1).asText());
      for (int i = 2; i + 1 < line.size() && line.get(i).isTextual(); i += 2) {
        metric
            .append(' ')
            .append(line.get(i).asText())
            .append('=')
            .append(line.get(i + 1).asText());
      }
      out.add(metric.toString());
    }
    return out;
  }

  private static List<String> lambdaMetrics(String name, List<String> functions) {
    return functions.stream().map(f -> "AWS/Lambda " + name + " FunctionName=" + f).toList();
  }

  /** A search for one metric of the contract, in its namespace, with its one dimension. */
  private static String search(String metric, String statistic) {
    return "SEARCH('{"
        + MetricNames.NAMESPACE
        + ","
        + MetricNames.WORKFLOW
        + "} MetricName=\""
        + metric
        + "\"', '"
        + statistic
        + "', 300)";
  }

  /** The metric a search expression finds, checking that it is in the contract's schema. */
  private static String searchedMetric(String expression) {
    String schema = "SEARCH('{" + MetricNames.NAMESPACE + "," + MetricNames.WORKFLOW + "}";
    assertThat(expression).startsWith(schema + " MetricName=\"");
    int from = (schema + " MetricName=\"").length();
    return expression.substring(from, expression.indexOf('"', from));
  }

  /**
   * Every metric name {@link MetricNames} defines: its constants but the namespace and dimension.
   */
  private static Set<String> contractMetrics() throws IllegalAccessException {
    Set<String> names = new TreeSet<>();
    for (Field f : MetricNames.class.getFields()) {
      boolean constant = Modifier.isStatic(f.getModifiers()) && f.getType() == String.class;
      if (constant && !f.getName().equals("NAMESPACE") && !f.getName().equals("WORKFLOW")) {
        names.add((String) f.get(null));
      }
    }
    assertThat(names).as("the contract's metrics").hasSizeGreaterThanOrEqualTo(6);
    return names;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(node -> out.add(node.asText()));
    return out;
  }

  private static String ref(IConstruct construct) {
    return "<" + Cfn.logicalId(construct) + ">";
  }
}

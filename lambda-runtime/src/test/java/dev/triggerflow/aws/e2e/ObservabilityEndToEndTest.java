package dev.triggerflow.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.triggerflow.aws.client.AwsWorkflowClient;
import dev.triggerflow.aws.fakes.FeatureRegistry;
import dev.triggerflow.aws.fakes.Testbed;
import dev.triggerflow.aws.logging.JsonLineEncoder;
import dev.triggerflow.aws.metrics.Emf;
import dev.triggerflow.deployment.MetricNames;
import dev.triggerflow.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * What the functions write for operators, end to end: metric lines in embedded metric format from
 * the orchestrator and trigger functions, and JSON log lines that name the run, call, episode and
 * replay state.
 */
class ObservabilityEndToEndTest {

  @Test
  void metrics_everyLineIsValidEmf_andCountsRunsStepsAndReplays() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    try (Testbed aws =
            Testbed.builder()
                .dynamo(true)
                .registryProvider(FeatureRegistry.class)
                .metrics(lines::add)
                .build();
        AwsWorkflowClient client = aws.client(true)) {
      client.start("sequence", null, "metrics-sequence");
      aws.awaitIdle();
      client.start("parent", IntNode.valueOf(0), "metrics-parent");
      aws.awaitIdle();
      client.start("dag", IntNode.valueOf(1), "metrics-dag");
      aws.awaitIdle();

      List<JsonNode> emf = lines.stream().map(Emf::assertValid).toList();
      System.out.println("a metric line: " + lines.get(lines.size() - 1));

      assertThat(sum(emf, "sequence", MetricNames.RUNS_STARTED)).isEqualTo(1);
      assertThat(sum(emf, "sequence", MetricNames.RUNS_COMPLETED)).isEqualTo(1);
      assertThat(values(emf, "sequence", MetricNames.STEP_LATENCY))
          .as("one sample per task result consumed")
          .hasSize(2)
          .allSatisfy(ms -> assertThat(ms).isGreaterThanOrEqualTo(0));
      assertThat(values(emf, "sequence", MetricNames.WAKE_DURATION))
          .as("a wake that finds the lease held leaves the events to the holder, uncounted")
          .hasSizeBetween(1, aws.lambda().invokes(Testbed.ORCHESTRATOR));
      assertThat(values(emf, "sequence", MetricNames.REPLAY_LENGTH))
          .as("history events after each wake")
          .isSorted()
          .last()
          .isEqualTo((double) client.history("metrics-sequence").size());
      assertThat(sum(emf, "parent", MetricNames.RUNS_STARTED)).isEqualTo(1);
      assertThat(sum(emf, "child", MetricNames.RUNS_COMPLETED)).isEqualTo(1);
      assertThat(sum(emf, "failing-child", MetricNames.RUNS_STARTED)).isEqualTo(1);
      assertThat(sum(emf, "failing-child", MetricNames.RUNS_FAILED)).isEqualTo(1);
      assertThat(sum(emf, "dag", MetricNames.RUNS_STARTED)).as("native, on creation").isEqualTo(1);
      assertThat(sum(emf, "dag", MetricNames.RUNS_COMPLETED)).as("by the trigger").isEqualTo(1);
      assertThat(sum(emf, "dag", MetricNames.WAKE_DURATION)).as("no wake").isZero();
    }
  }

  @Test
  void logs_everyLineIsJsonWithRunCallEpisodeAndReplaying() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger engineLog = context.getLogger("dev.triggerflow");
    Level before = engineLog.getLevel();
    JsonLineEncoder encoder = new JsonLineEncoder();
    encoder.setContext(context);
    encoder.start();
    AppenderBase<ILoggingEvent> capture =
        new AppenderBase<>() {
          @Override
          protected void append(ILoggingEvent event) {
            lines.add(new String(encoder.encode(event), StandardCharsets.UTF_8));
          }
        };
    capture.setContext(context);
    capture.start();
    engineLog.addAppender(capture);
    engineLog.setLevel(Level.DEBUG);
    try (Testbed aws =
            Testbed.builder().dynamo(true).registryProvider(FeatureRegistry.class).build();
        AwsWorkflowClient client = aws.client(true)) {
      client.start("parent", IntNode.valueOf(0), "logged-parent");
      aws.awaitIdle();
    } finally {
      engineLog.detachAppender(capture);
      engineLog.setLevel(before);
    }

    List<JsonNode> json = new ArrayList<>();
    for (String line : lines) {
      assertThat(line).hasLineCount(1);
      json.add(Json.parse(line));
    }
    assertThat(json)
        .isNotEmpty()
        .allSatisfy(j -> assertThat(j.has("runId") && j.has("callId") && j.has("episode")).isTrue())
        .allSatisfy(j -> assertThat(j.has("replaying")).isTrue());
    assertThat(json)
        .filteredOn(j -> j.path("logger").asText().endsWith("TaskHandler"))
        .isNotEmpty()
        .allSatisfy(
            j -> {
              assertThat(j.path("runId").asText()).startsWith("logged-parent");
              assertThat(j.path("callId").isInt()).isTrue();
              assertThat(j.path("replaying").asBoolean(true)).isFalse();
            });
    assertThat(json)
        .filteredOn(j -> j.path("logger").asText().endsWith("TriggerHandler"))
        .allSatisfy(j -> assertThat(j.path("callId").isInt()).isTrue());
    assertThat(json)
        .filteredOn(j -> j.path("episode").isInt())
        .isNotEmpty()
        .allSatisfy(j -> assertThat(j.path("runId").asText()).startsWith("logged-parent"));
    System.out.println(
        "a log line: "
            + lines.stream().filter(l -> l.contains("\"episode\":0")).findFirst().orElseThrow());
  }

  private static List<Double> values(List<JsonNode> lines, String workflow, String metric) {
    List<Double> values = new ArrayList<>();
    lines.stream()
        .filter(l -> workflow.equals(l.path(MetricNames.WORKFLOW).asText()))
        .forEach(l -> values.addAll(Emf.values(l, metric)));
    return values;
  }

  private static double sum(List<JsonNode> lines, String workflow, String metric) {
    return values(lines, workflow, metric).stream().mapToDouble(Double::doubleValue).sum();
  }
}

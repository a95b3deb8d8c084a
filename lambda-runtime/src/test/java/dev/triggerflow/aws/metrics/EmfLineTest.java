package dev.triggerflow.aws.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.deployment.MetricNames;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmfLineTest {
  private static final Instant T = Instant.parse("2026-06-01T09:00:00Z");

  @Test
  void render_declaresTheMetricsAndHoldsTheirValuesAndTheDimension() {
    EmfLine line =
        new EmfLine(MetricNames.NAMESPACE)
            .dimension(MetricNames.WORKFLOW, "sequence")
            .add(MetricNames.WAKE_DURATION, EngineMetrics.MILLISECONDS, 12.5)
            .add(MetricNames.STEP_LATENCY, EngineMetrics.MILLISECONDS, 30)
            .add(MetricNames.STEP_LATENCY, EngineMetrics.MILLISECONDS, 40)
            .property("runId", "run-1");

    List<String> lines = line.render(T);

    JsonNode root = Emf.assertValid(lines.get(0));
    assertThat(lines).hasSize(1);
    assertThat(root.path("_aws").path("Timestamp").asLong()).isEqualTo(T.toEpochMilli());
    assertThat(root.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").toString())
        .isEqualTo("[[\"Workflow\"]]");
    assertThat(root.path("Workflow").asText()).isEqualTo("sequence");
    assertThat(root.path("WakeDuration").asDouble()).isEqualTo(12.5);
    assertThat(root.path("StepLatency").toString()).isEqualTo("[30,40]");
    assertThat(root.path("runId").asText()).isEqualTo("run-1");
  }

  @Test
  void render_moreThanAHundredValues_spreadsThemOverLines() {
    EmfLine line = new EmfLine(MetricNames.NAMESPACE).dimension(MetricNames.WORKFLOW, "pi");
    for (int i = 0; i < 250; i++) {
      line.add(MetricNames.STEP_LATENCY, EngineMetrics.MILLISECONDS, i);
    }
    line.add(MetricNames.RUNS_STARTED, EngineMetrics.COUNT, 1);

    List<String> lines = line.render(T);

    assertThat(lines).hasSize(3);
    List<JsonNode> roots = lines.stream().map(Emf::assertValid).toList();
    assertThat(roots)
        .extracting(r -> Emf.values(r, MetricNames.STEP_LATENCY).size())
        .containsExactly(100, 100, 50);
    assertThat(roots)
        .extracting(r -> Emf.values(r, MetricNames.RUNS_STARTED).size())
        .containsExactly(1, 0, 0);
  }
}

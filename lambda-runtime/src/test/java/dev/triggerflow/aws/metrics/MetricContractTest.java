package dev.triggerflow.aws.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.triggerflow.aws.client.AwsWorkflowClient;
import dev.triggerflow.aws.fakes.FeatureRegistry;
import dev.triggerflow.aws.fakes.Testbed;
import dev.triggerflow.deployment.MetricNames;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The metric lines the functions write, held against {@link MetricNames}, which the CDK construct's
 * dashboard and alarms read: the names, the namespace, the one dimension and the units. A metric
 * added to the contract fails this test until the runtime writes it.
 */
class MetricContractTest {
  /** The unit of each metric: durations in milliseconds, everything else a count. */
  private static final Map<String, String> UNITS =
      Map.of(
          MetricNames.RUNS_STARTED, EngineMetrics.COUNT,
          MetricNames.RUNS_COMPLETED, EngineMetrics.COUNT,
          MetricNames.RUNS_FAILED, EngineMetrics.COUNT,
          MetricNames.STEP_LATENCY, EngineMetrics.MILLISECONDS,
          MetricNames.REPLAY_LENGTH, EngineMetrics.COUNT,
          MetricNames.WAKE_DURATION, EngineMetrics.MILLISECONDS);

  @Test
  void functions_writeEveryMetricOfTheContract_andNoOther() throws Exception {
    List<JsonNode> lines = linesOfSequenceParentAndDag();
    Set<String> written = new TreeSet<>();

    for (JsonNode line : lines) {
      for (JsonNode directive : line.path("_aws").path("CloudWatchMetrics")) {
        directive.path("Metrics").forEach(m -> written.add(m.path("Name").asText()));
      }
    }

    assertThat(written).containsExactlyInAnyOrderElementsOf(contractMetrics());
  }

  @Test
  void everyLine_isInTheContractsNamespace_withTheWorkflowAsItsOneDimension() throws Exception {
    List<JsonNode> lines = linesOfSequenceParentAndDag();

    assertThat(lines).isNotEmpty();
    for (JsonNode line : lines) {
      JsonNode directives = line.path("_aws").path("CloudWatchMetrics");
      assertThat(directives).hasSize(1);
      JsonNode directive = directives.get(0);
      assertThat(directive.path("Namespace").asText()).isEqualTo(MetricNames.NAMESPACE);
      assertThat(directive.path("Dimensions").toString())
          .isEqualTo("[[\"" + MetricNames.WORKFLOW + "\"]]");
      assertThat(line.path(MetricNames.WORKFLOW).asText()).isNotBlank();
    }
  }

  @Test
  void everyMetric_hasItsUnit_durationsInMilliseconds() throws Exception {
    List<JsonNode> lines = linesOfSequenceParentAndDag();
    Map<String, Set<String>> units = new HashMap<>();

    for (JsonNode line : lines) {
      for (JsonNode m : line.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics")) {
        units
            .computeIfAbsent(m.path("Name").asText(), n -> new HashSet<>())
            .add(m.path("Unit").asText());
      }
    }

    assertThat(UNITS.keySet()).containsExactlyInAnyOrderElementsOf(contractMetrics());
    assertThat(UNITS.get(MetricNames.STEP_LATENCY)).isEqualTo("Milliseconds");
    assertThat(UNITS.get(MetricNames.WAKE_DURATION)).isEqualTo("Milliseconds");
    units.forEach((name, seen) -> assertThat(seen).as(name).containsExactly(UNITS.get(name)));
  }

  /**
   * What the functions write for an orchestrated run with two tasks, a parent whose second child
   * fails, and a native run: between them, a sample of every metric.
   */
  private static List<JsonNode> linesOfSequenceParentAndDag() throws InterruptedException {
    List<String> lines = new CopyOnWriteArrayList<>();
    try (Testbed aws =
            Testbed.builder().registryProvider(FeatureRegistry.class).metrics(lines::add).build();
        AwsWorkflowClient client = aws.client(true)) {
      client.start("sequence", null, "contract-sequence");
      client.start("parent", IntNode.valueOf(0), "contract-parent");
      client.start("dag", IntNode.valueOf(1), "contract-dag");
      aws.awaitIdle();
    }
    return lines.stream().map(Emf::assertValid).toList();
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
}

package dev.triggerflow.aws.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.deployment.MetricNames;
import dev.triggerflow.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Checks lines against CloudWatch's embedded metric format specification, and reads them. */
public final class Emf {
  /** The units CloudWatch accepts. */
  private static final Set<String> UNITS =
      Set.of(
          "Seconds",
          "Microseconds",
          "Milliseconds",
          "Bytes",
          "Kilobytes",
          "Megabytes",
          "Gigabytes",
          "Terabytes",
          "Bits",
          "Kilobits",
          "Megabits",
          "Gigabits",
          "Terabits",
          "Percent",
          "Count",
          "Bytes/Second",
          "Kilobytes/Second",
          "Megabytes/Second",
          "Gigabytes/Second",
          "Terabytes/Second",
          "Bits/Second",
          "Kilobits/Second",
          "Megabits/Second",
          "Gigabits/Second",
          "Terabits/Second",
          "Count/Second",
          "None");

  private Emf() {}

  /**
   * Asserts that a line is one valid EMF object in the Triggerflow namespace and returns it: an
   * {@code _aws} member with an integer {@code Timestamp} and a non-empty {@code CloudWatchMetrics}
   * array; each directive with a {@code Namespace}, {@code Dimensions} (arrays of at most 30 names,
   * each a top-level text member) and 1 to 100 {@code Metrics} (a name that is a top-level number
   * or array of at most 100 numbers, and a valid unit).
   */
  public static JsonNode assertValid(String line) {
    assertThat(line).as("one line").doesNotContain("\n");
    JsonNode root = Json.parse(line);
    assertThat(root.isObject()).as("an object").isTrue();
    JsonNode aws = root.path("_aws");
    assertThat(aws.isObject()).as("_aws").isTrue();
    assertThat(aws.path("Timestamp").isIntegralNumber()).as("_aws.Timestamp").isTrue();
    JsonNode directives = aws.path("CloudWatchMetrics");
    assertThat(directives.isArray() && directives.size() > 0).as("CloudWatchMetrics").isTrue();
    for (JsonNode d : directives) {
      assertThat(d.path("Namespace").asText()).isEqualTo(MetricNames.NAMESPACE);
      assertThat(d.path("Dimensions").isArray()).as("Dimensions").isTrue();
      for (JsonNode set : d.path("Dimensions")) {
        assertThat(set.isArray() && set.size() <= 30).as("a dimension set").isTrue();
        for (JsonNode name : set) {
          assertThat(root.path(name.asText()).isTextual()).as("dimension " + name).isTrue();
        }
      }
      JsonNode metrics = d.path("Metrics");
      assertThat(metrics.isArray() && metrics.size() >= 1 && metrics.size() <= 100)
          .as("Metrics")
          .isTrue();
      for (JsonNode m : metrics) {
        String name = m.path("Name").asText();
        assertThat(name).isNotEmpty();
        assertThat(UNITS).as("unit of " + name).contains(m.path("Unit").asText());
        JsonNode value = root.path(name);
        if (value.isArray()) {
          assertThat(value.size()).isBetween(1, 100);
          value.forEach(v -> assertThat(v.isNumber()).as(name + " values").isTrue());
        } else {
          assertThat(value.isNumber()).as("value of " + name).isTrue();
        }
      }
    }
    return root;
  }

  /** The values of a metric in a line: none, one, or an array's. */
  public static List<Double> values(JsonNode line, String metric) {
    List<Double> values = new ArrayList<>();
    JsonNode value = line.path(metric);
    if (value.isArray()) {
      value.forEach(v -> values.add(v.asDouble()));
    } else if (value.isNumber()) {
      values.add(value.asDouble());
    }
    return values;
  }
}

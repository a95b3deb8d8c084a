package dev.triggerflow.aws.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One line in CloudWatch's embedded metric format: a JSON object whose {@code _aws} member declares
 * the metrics (namespace, one dimension set, each metric's name and unit) and whose top-level
 * members hold the dimension values, the metric values, and properties that are kept in the log but
 * are not metrics (a run id, searchable without the cost of a dimension).
 *
 * <p>A metric takes at most {@value #MAX_VALUES} values in one line, so a metric with more is
 * spread over several lines.
 */
final class EmfLine {
  /** The most values of one metric in one line that CloudWatch accepts. */
  static final int MAX_VALUES = 100;

  private final String namespace;
  private final Map<String, String> dimensions = new LinkedHashMap<>();
  private final Map<String, Series> metrics = new LinkedHashMap<>();
  private final Map<String, String> properties = new LinkedHashMap<>();

  /** A metric's unit and values. */
  private record Series(String unit, List<Double> values) {}

  EmfLine(String namespace) {
    this.namespace = Objects.requireNonNull(namespace, "namespace");
  }

  EmfLine dimension(String name, String value) {
    dimensions.put(name, value);
    return this;
  }

  EmfLine add(String metric, String unit, double value) {
    metrics.computeIfAbsent(metric, m -> new Series(unit, new ArrayList<>())).values().add(value);
    return this;
  }

  /** Replaces the metric's values by one value. */
  EmfLine set(String metric, String unit, double value) {
    metrics.remove(metric);
    return add(metric, unit, value);
  }

  EmfLine property(String name, String value) {
    if (value != null) {
      properties.put(name, value);
    }
    return this;
  }

  boolean isEmpty() {
    return metrics.isEmpty();
  }

  /** The line, or several when a metric has more values than one line takes. */
  List<String> render(Instant time) {
    List<String> lines = new ArrayList<>();
    for (int from = 0; ; from += MAX_VALUES) {
      ObjectNode line = render(time, from);
      if (line == null) {
        return lines;
      }
      lines.add(line.toString());
    }
  }

  /** The line holding each metric's values from position {@code from}; null when none is left. */
  private ObjectNode render(Instant time, int from) {
    ObjectNode root = Json.mapper().createObjectNode();
    ObjectNode aws = root.putObject("_aws");
    aws.put("Timestamp", time.toEpochMilli());
    ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
    directive.put("Namespace", namespace);
    ArrayNode set = directive.putArray("Dimensions").addArray();
    dimensions.keySet().forEach(set::add);
    ArrayNode declared = directive.putArray("Metrics");
    dimensions.forEach(root::put);
    boolean any = false;
    for (Map.Entry<String, Series> m : metrics.entrySet()) {
      List<Double> values = m.getValue().values();
      if (values.size() <= from) {
        continue;
      }
      any = true;
      declared.addObject().put("Name", m.getKey()).put("Unit", m.getValue().unit());
      List<Double> part = values.subList(from, Math.min(values.size(), from + MAX_VALUES));
      if (part.size() == 1) {
        root.set(m.getKey(), number(part.get(0)));
      } else {
        ArrayNode array = root.putArray(m.getKey());
        part.forEach(v -> array.add(number(v)));
      }
    }
    if (!any) {
      return null;
    }
    properties.forEach(root::put);
    return root;
  }

  /** Whole numbers without a fraction, so that the line reads as it was meant. */
  private static JsonNode number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15
        ? Json.mapper().getNodeFactory().numberNode((long) v)
        : Json.mapper().getNodeFactory().numberNode(v);
  }
}

package dev.triggerflow.aws.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.json.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A history without what legitimately differs between two runs of the same workflow with the same
 * id: the times, and the order in which the results of one episode arrived (a map's results race).
 */
final class HistoryShape {
  private HistoryShape() {}

  static List<JsonNode> of(List<HistoryEvent> history) {
    List<JsonNode> shape = new ArrayList<>();
    for (HistoryEvent e : history) {
      ObjectNode node = (ObjectNode) Json.toTree(e);
      node.remove("time");
      node.put("kind", e.getClass().getSimpleName());
      shape.add(node);
    }
    shape.sort(
        Comparator.<JsonNode>comparingInt(n -> n.path("episode").asInt())
            .thenComparing(n -> n.path("kind").asText())
            .thenComparingInt(n -> n.path("callId").asInt(-1)));
    return shape;
  }
}

package dev.triggerflow.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * JSON equality as a test means it: numbers are equal when their values are, whatever node type the
 * parser chose (an int and a long, 1.0 and 1.00).
 */
final class JsonValues {
  private JsonValues() {}

  static boolean equal(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return isNull(a) && isNull(b);
    }
    return a.equals(JsonValues::compare, b);
  }

  static boolean equal(List<JsonNode> a, List<JsonNode> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!equal(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static int compare(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue());
    }
    return a.equals(b) ? 0 : 1;
  }

  private static boolean isNull(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode();
  }
}

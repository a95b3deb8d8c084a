package dev.triggerflow.store.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.json.Json;
import java.time.Instant;

/** Conversions between column values and the values the stores hand out. */
final class Columns {
  private Columns() {}

  /** JSON text for a column; SQL NULL for an absent value, so it stays apart from JSON null. */
  static String json(JsonNode node) {
    return node == null ? null : Json.write(node);
  }

  static JsonNode json(String text) {
    return text == null ? null : Json.parse(text);
  }

  /** ISO-8601 text, which keeps every nanosecond. */
  static String instant(Instant instant) {
    return instant == null ? null : instant.toString();
  }

  static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }
}

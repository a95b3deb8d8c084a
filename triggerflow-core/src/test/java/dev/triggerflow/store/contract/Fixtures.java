package dev.triggerflow.store.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.event.Event;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.trigger.SeenEvents;
import dev.triggerflow.trigger.Trigger;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Values the contracts store: realistic, and awkward where a store could lose precision. */
final class Fixtures {
  /** A time with nanoseconds, so that a store that truncates instants fails. */
  static final Instant T0 = Instant.parse("2025-03-01T10:15:30.123456789Z");

  /**
   * JSON that exercises every node type the parser produces, escapes, and characters outside the
   * basic plane.
   */
  static final String AWKWARD_JSON =
      "{\"text\":\"h\\u00e9llo \\u2713 \\ud83d\\ude00 \\\"quoted\\\" \\\\ \\u0000 \\n end\","
          + "\"int\":42,\"long\":9007199254740993,"
          + "\"big\":123456789012345678901234567890,"
          + "\"double\":0.1,\"tiny\":-1.5e-300,\"bool\":true,\"nil\":null,"
          + "\"arr\":[1,\"two\",[3],{\"four\":4}],\"nested\":{\"a\":{\"b\":{\"c\":[]}}}}";

  private Fixtures() {}

  static JsonNode json(String text) {
    return Json.parse(text);
  }

  static JsonNode awkwardJson() {
    return Json.parse(AWKWARD_JSON);
  }

  /** A JSON object of roughly {@code bytes} characters, in many fields. */
  static JsonNode bigJson(int bytes, int seed) {
    ObjectNode node = Json.mapper().createObjectNode();
    StringBuilder chunk = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      chunk.append((char) ('a' + (i + seed) % 26));
    }
    for (int i = 0; i * 110 < bytes; i++) {
      node.put("f" + i, chunk.toString() + i);
    }
    node.put("seed", seed);
    return node;
  }

  static RunRecord run(String runId, String workflow, Instant createdAt) {
    return RunRecord.started(runId, workflow, json("{\"n\":1}"), createdAt);
  }

  static Event event(String id, String subject, JsonNode data) {
    return new Event(
        id,
        "triggerflow",
        "triggerflow.task.succeeded",
        subject,
        T0,
        data,
        Map.of("runid", "run-1", "callid", "3"));
  }

  static Trigger trigger(String runId, String id, Set<String> subjects) {
    return Trigger.create(
        runId,
        id,
        subjects,
        Set.of("triggerflow.task.succeeded", "triggerflow.task.failed"),
        "join",
        json("{\"expected\":3}"),
        "wake",
        null,
        true,
        SeenEvents.empty(),
        T0);
  }

  /** The trigger as a trigger processor would store it after counting one more event. */
  static Trigger nextVersion(Trigger t, String marker) {
    ObjectNode context = t.context().deepCopy();
    context.put("marker", marker);
    return new Trigger(
        t.runId(),
        t.id(),
        t.subjects(),
        t.types(),
        t.condition(),
        t.conditionParams(),
        t.action(),
        t.actionParams(),
        context,
        t.isTransient(),
        t.seen(),
        t.fired(),
        t.firedBy(),
        t.actionDone(),
        t.version() + 1,
        t.createdAt());
  }

  /** The trigger with other activation subjects, at the next version. */
  static Trigger withSubjects(Trigger t, Set<String> subjects) {
    return new Trigger(
        t.runId(),
        t.id(),
        subjects,
        t.types(),
        t.condition(),
        t.conditionParams(),
        t.action(),
        t.actionParams(),
        t.context(),
        t.isTransient(),
        t.seen(),
        t.fired(),
        t.firedBy(),
        t.actionDone(),
        t.version() + 1,
        t.createdAt());
  }
}

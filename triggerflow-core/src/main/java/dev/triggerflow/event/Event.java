package dev.triggerflow.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An event as the trigger engine sees it: the attributes of a CloudEvent 1.0 with its JSON data.
 *
 * @param id the event id; duplicates (same id) are never counted twice
 * @param source the producer
 * @param type the kind of event, matched against a trigger's activation types
 * @param subject what the event is about, matched against a trigger's activation subjects
 * @param time when it happened
 * @param data the JSON payload, {@code null} node when absent
 * @param extensions CloudEvent extension attributes (lower-case names)
 */
public record Event(
    String id,
    String source,
    String type,
    String subject,
    Instant time,
    JsonNode data,
    Map<String, String> extensions) {

  /** The extension naming the run (the trigger scope) an event belongs to. */
  public static final String RUN_ID = "runid";

  /** The extension naming the call an event is about. */
  public static final String CALL_ID = "callid";

  /** The extension naming the attempt of the call. */
  public static final String ATTEMPT = "attempt";

  public Event {
    requireText("id", id);
    requireText("source", source);
    requireText("type", type);
    requireText("subject", subject);
    Objects.requireNonNull(time, "event time is missing");
    data = data == null ? NullNode.getInstance() : data;
    extensions = extensions == null ? Map.of() : Map.copyOf(new TreeMap<>(extensions));
  }

  private static void requireText(String attribute, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("event attribute '" + attribute + "' is missing or empty");
    }
  }

  /** An extension attribute, if present. */
  public Optional<String> extension(String name) {
    return Optional.ofNullable(extensions.get(name));
  }

  /** The run this event belongs to, from the {@value #RUN_ID} extension. */
  public Optional<String> runId() {
    return extension(RUN_ID);
  }

  /** The call this event is about, from the {@value #CALL_ID} extension. */
  public Optional<Integer> callId() {
    return extension(CALL_ID).flatMap(Event::parseInt);
  }

  /** The attempt, from the {@value #ATTEMPT} extension. */
  public Optional<Integer> attempt() {
    return extension(ATTEMPT).flatMap(Event::parseInt);
  }

  private static Optional<Integer> parseInt(String s) {
    try {
      return Optional.of(Integer.parseInt(s));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}

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

  /** The longest id, source or type accepted. */
  public static final int MAX_ATTRIBUTE_LENGTH = 256;

  /** The longest subject accepted. */
  public static final int MAX_SUBJECT_LENGTH = 512;

  /** The most extension attributes accepted. */
  public static final int MAX_EXTENSIONS = 16;

  private static final java.util.regex.Pattern EXTENSION_NAME =
      java.util.regex.Pattern.compile("[a-z0-9]{1,20}");

  public Event {
    requireText("id", id, MAX_ATTRIBUTE_LENGTH);
    requireText("source", source, MAX_ATTRIBUTE_LENGTH);
    requireText("type", type, MAX_ATTRIBUTE_LENGTH);
    requireText("subject", subject, MAX_SUBJECT_LENGTH);
    Objects.requireNonNull(time, "event time is missing");
    data = data == null ? NullNode.getInstance() : data;
    extensions = extensions == null ? Map.of() : Map.copyOf(new TreeMap<>(extensions));
    if (extensions.size() > MAX_EXTENSIONS) {
      throw new IllegalArgumentException(
          "event has " + extensions.size() + " extension attributes; at most " + MAX_EXTENSIONS);
    }
    for (Map.Entry<String, String> x : extensions.entrySet()) {
      if (!EXTENSION_NAME.matcher(x.getKey()).matches()) {
        throw new IllegalArgumentException(
            "event extension name is not 1 to 20 lower-case letters or digits");
      }
      requireText("extension " + x.getKey(), x.getValue(), MAX_ATTRIBUTE_LENGTH);
    }
  }

  /**
   * Requires printable ASCII text of bounded length: these attributes end up in storage keys and
   * log lines, where control characters and unbounded lengths do harm.
   */
  private static void requireText(String attribute, String value, int maxLength) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("event attribute '" + attribute + "' is missing or empty");
    }
    if (value.length() > maxLength) {
      throw new IllegalArgumentException(
          "event attribute '"
              + attribute
              + "' is "
              + value.length()
              + " characters long; at most "
              + maxLength);
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException(
            "event attribute '"
                + attribute
                + "' contains a character outside printable ASCII at position "
                + i);
      }
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

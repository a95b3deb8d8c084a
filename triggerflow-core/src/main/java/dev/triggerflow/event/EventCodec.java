package dev.triggerflow.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.json.Json;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

/**
 * Converts events to and from CloudEvents 1.0 JSON (structured mode), and wraps them in the
 * EventBridge envelope: {@code Source} the CloudEvent source, {@code DetailType} its type, {@code
 * Detail} the CloudEvent itself.
 */
public final class EventCodec {
  private static final JsonFormat FORMAT = new JsonFormat();

  private EventCodec() {}

  /** The event as a CloudEvent. */
  public static CloudEvent toCloudEvent(Event event) {
    CloudEventBuilder builder =
        CloudEventBuilder.v1()
            .withId(event.id())
            .withSource(URI.create(event.source()))
            .withType(event.type())
            .withSubject(event.subject())
            .withTime(event.time().atOffset(ZoneOffset.UTC))
            .withDataContentType("application/json")
            .withData(JsonCloudEventData.wrap(event.data()));
    event.extensions().forEach(builder::withExtension);
    return builder.build();
  }

  /**
   * A CloudEvent as an engine event.
   *
   * @throws MalformedEventException saying which attribute is missing or wrong
   */
  public static Event fromCloudEvent(CloudEvent ce) {
    if (ce.getTime() == null) {
      throw new MalformedEventException("CloudEvent '" + ce.getId() + "' has no 'time'");
    }
    if (ce.getSubject() == null) {
      throw new MalformedEventException("CloudEvent '" + ce.getId() + "' has no 'subject'");
    }
    Map<String, String> extensions = new HashMap<>();
    for (String name : ce.getExtensionNames()) {
      Object value = ce.getExtension(name);
      if (value != null) {
        extensions.put(name, value.toString());
      }
    }
    try {
      return new Event(
          ce.getId(),
          ce.getSource().toString(),
          ce.getType(),
          ce.getSubject(),
          ce.getTime().toInstant(),
          dataOf(ce.getData()),
          extensions);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new MalformedEventException(e.getMessage(), e);
    }
  }

  private static JsonNode dataOf(CloudEventData data) {
    if (data == null) {
      return null;
    }
    if (data instanceof JsonCloudEventData json) {
      return json.getNode();
    }
    try {
      return Json.mapper().readTree(data.toBytes());
    } catch (IOException e) {
      throw new MalformedEventException("CloudEvent data is not JSON: " + e.getMessage(), e);
    }
  }

  /** The event as CloudEvents JSON text. */
  public static String toJson(Event event) {
    return new String(FORMAT.serialize(toCloudEvent(event)), StandardCharsets.UTF_8);
  }

  /**
   * Reads CloudEvents JSON text.
   *
   * @throws MalformedEventException saying what is wrong
   */
  public static Event fromJson(String json) {
    try {
      return fromCloudEvent(FORMAT.deserialize(json.getBytes(StandardCharsets.UTF_8)));
    } catch (EventDeserializationException | IllegalStateException | IllegalArgumentException e) {
      throw new MalformedEventException("not a valid CloudEvent: " + rootMessage(e), e);
    }
  }

  /**
   * Reads a CloudEvent from a JSON tree (an EventBridge {@code detail}).
   *
   * @throws MalformedEventException saying what is wrong
   */
  public static Event fromTree(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw new MalformedEventException(
          "expected a CloudEvent JSON object but got " + Json.abbreviate(node));
    }
    return fromJson(node.toString());
  }

  /** The event as a JSON tree. */
  public static ObjectNode toTree(Event event) {
    return (ObjectNode) Json.parse(toJson(event));
  }

  /**
   * The event in the EventBridge envelope, as EventBridge delivers it to a rule target; the form
   * that event patterns are matched against.
   */
  public static ObjectNode toEnvelope(Event event) {
    ObjectNode envelope = Json.mapper().createObjectNode();
    envelope.put("version", "0");
    envelope.put("id", event.id());
    envelope.put("detail-type", event.type());
    envelope.put("source", event.source());
    envelope.put("time", event.time().toString());
    envelope.putArray("resources");
    envelope.set("detail", toTree(event));
    return envelope;
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** An event that cannot be read; it goes to the dead-letter store with this message. */
  public static final class MalformedEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedEventException(String message) {
      super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}

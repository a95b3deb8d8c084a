package dev.triggerflow.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.json.Json;

/**
 * Where payloads too large to travel inline go (S3 on AWS). The engine passes every input and
 * result through {@link #offload} before it leaves the process, and through {@link #resolve} before
 * user code sees it, so large values travel by reference without user code noticing.
 */
public interface PayloadStore {

  /** The field that marks a JSON object as a reference to a stored payload. */
  String REFERENCE_FIELD = "$triggerflowPayload";

  /**
   * Returns {@code value} itself when it is small enough to travel inline, otherwise stores it
   * under {@code key} and returns a reference to it.
   *
   * @param key a name for the payload, unique within the deployment (built from run and call ids)
   */
  JsonNode offload(String key, JsonNode value);

  /** Returns the payload a reference points to; any other value is returned as it is. */
  JsonNode resolve(JsonNode value);

  /** Whether a value is a reference made by {@link #offload}. */
  static boolean isReference(JsonNode value) {
    return value != null && value.isObject() && value.has(REFERENCE_FIELD) && value.size() <= 2;
  }

  /** A reference to a payload at {@code location} of {@code bytes} bytes. */
  static ObjectNode reference(String location, long bytes) {
    ObjectNode ref = Json.mapper().createObjectNode();
    ref.put(REFERENCE_FIELD, location);
    ref.put("bytes", bytes);
    return ref;
  }

  /** The store that keeps every payload inline: the embedded runtime's. */
  static PayloadStore inline() {
    return new PayloadStore() {
      @Override
      public JsonNode offload(String key, JsonNode value) {
        return value;
      }

      @Override
      public JsonNode resolve(JsonNode value) {
        if (isReference(value)) {
          throw new IllegalStateException(
              "payload reference "
                  + value.get(REFERENCE_FIELD).asText()
                  + " cannot be resolved: this runtime keeps payloads inline");
        }
        return value;
      }
    };
  }
}

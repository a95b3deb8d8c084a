package dev.triggerflow.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.lang.reflect.Type;

/** The one JSON mapper of the engine: inputs, results, history and events all go through it. */
public final class Json {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .addModule(new Jdk8Module())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .build();

  private Json() {}

  /** The shared mapper. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** A value as a JSON tree. */
  public static JsonNode toTree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /**
   * A JSON tree as a value of the given type.
   *
   * @throws JsonMappingFailure saying what did not match
   */
  public static Object fromTree(JsonNode node, Type type) {
    JavaType javaType = MAPPER.getTypeFactory().constructType(type);
    try {
      return MAPPER.treeToValue(node, javaType);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new JsonMappingFailure(
          "cannot read " + abbreviate(node) + " as " + type.getTypeName() + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * Parses JSON text.
   *
   * @throws JsonMappingFailure saying where the text is not JSON
   */
  public static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new JsonMappingFailure("not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Writes a tree or value as compact JSON text. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new JsonMappingFailure("cannot write value as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** A short rendering of a JSON value for error messages: never a whole payload. */
  public static String abbreviate(JsonNode node) {
    String text = node == null ? "null" : node.toString();
    return text.length() > 80 ? text.substring(0, 77) + "..." : text;
  }

  /** A JSON value that could not be read or written. */
  public static final class JsonMappingFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    JsonMappingFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }
}

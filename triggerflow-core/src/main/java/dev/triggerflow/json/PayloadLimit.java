package dev.triggerflow.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The largest JSON value the engine takes as one input, result or event payload. Larger values fail
 * with an error that says how large they were; on AWS, values above the payload store's threshold
 * (far below this limit) travel by reference.
 */
public final class PayloadLimit {
  /** The limit: 8 MiB of JSON text. */
  public static final int MAX_BYTES = 8 * 1024 * 1024;

  private PayloadLimit() {}

  /** The size of a value as compact JSON text, in bytes. */
  public static long sizeOf(JsonNode value) {
    try {
      return Json.mapper().writeValueAsBytes(value).length;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value cannot be written as JSON", e);
    }
  }

  /**
   * Returns {@code value} if it is within the limit.
   *
   * @param what what the value is, for the message: "the input of workflow 'pi'"
   * @throws PayloadTooLargeException saying how large it is and what the limit is
   */
  public static JsonNode require(String what, JsonNode value) {
    if (value == null) {
      return null;
    }
    long size = sizeOf(value);
    if (size > MAX_BYTES) {
      throw new PayloadTooLargeException(
          what
              + " is "
              + size
              + " bytes of JSON, more than the limit of "
              + MAX_BYTES
              + " bytes; pass large data by reference (for example an S3 key) instead");
    }
    return value;
  }

  /** A value larger than {@link #MAX_BYTES}. */
  public static final class PayloadTooLargeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    PayloadTooLargeException(String message) {
      super(message);
    }
  }
}

package dev.triggerflow.aws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.aws.logging.LogFields;
import dev.triggerflow.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.MDC;

/** Reading requests and writing responses of the stream handlers. */
final class HandlerIo {
  static final String REQUEST_ID = LogFields.REQUEST_ID;

  private HandlerIo() {}

  static String readText(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  /**
   * Parses a request that must be a JSON object.
   *
   * @throws InvalidRequestException if it is not
   */
  static JsonNode readObject(String text, String expected) {
    JsonNode node;
    try {
      node = Json.parse(text);
    } catch (RuntimeException e) {
      throw new InvalidRequestException("the request is not JSON; expected " + expected, e);
    }
    if (node == null || !node.isObject()) {
      throw new InvalidRequestException("the request is not a JSON object; expected " + expected);
    }
    return node;
  }

  static void write(OutputStream out, JsonNode response) throws IOException {
    out.write(Json.write(response).getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  static void putRequestId(Context context) {
    if (context != null && context.getAwsRequestId() != null) {
      MDC.put(REQUEST_ID, context.getAwsRequestId());
    }
  }
}

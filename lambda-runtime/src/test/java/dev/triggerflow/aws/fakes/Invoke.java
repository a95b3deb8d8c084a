package dev.triggerflow.aws.fakes;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Calls a handler directly, as the Lambda runtime does. */
public final class Invoke {
  private Invoke() {}

  /** Runs the handler on {@code input} and returns its output as JSON. */
  public static JsonNode handler(RequestStreamHandler handler, String input) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
        out,
        new FakeContext("direct", "req-1"));
    return Json.parse(out.toString(StandardCharsets.UTF_8));
  }
}

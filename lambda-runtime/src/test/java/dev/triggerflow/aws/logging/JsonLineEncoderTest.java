package dev.triggerflow.aws.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonLineEncoderTest {
  private final LoggerContext context = new LoggerContext();
  private final Logger logger = context.getLogger("dev.triggerflow.engine.Orchestrator");
  private final JsonLineEncoder encoder = new JsonLineEncoder();

  private String encode(LoggingEvent event, Map<String, String> mdc) {
    event.setMDCPropertyMap(mdc);
    return new String(encoder.encode(event), StandardCharsets.UTF_8);
  }

  @Test
  void encode_writesOneObjectPerLineWithTheRunCallEpisodeAndReplayState() {
    LoggingEvent event =
        new LoggingEvent(
            "x", logger, Level.INFO, "run {} failed: {}", null, new Object[] {"r-1", "Boom"});

    String line =
        encode(
            event,
            Map.of(
                LogFields.RUN_ID, "r-1",
                LogFields.CALL_ID, "3",
                LogFields.EPISODE, "2",
                LogFields.REPLAYING, "false",
                LogFields.REQUEST_ID, "req-9"));

    assertThat(line).endsWith("\n").hasLineCount(1);
    JsonNode json = Json.parse(line);
    assertThat(json.path("level").asText()).isEqualTo("INFO");
    assertThat(json.path("logger").asText()).isEqualTo("dev.triggerflow.engine.Orchestrator");
    assertThat(json.path("message").asText()).isEqualTo("run r-1 failed: Boom");
    assertThat(json.path("runId").asText()).isEqualTo("r-1");
    assertThat(json.path("callId").isInt()).isTrue();
    assertThat(json.path("callId").asInt()).isEqualTo(3);
    assertThat(json.path("episode").asInt()).isEqualTo(2);
    assertThat(json.path("replaying").isBoolean()).isTrue();
    assertThat(json.path("replaying").asBoolean()).isFalse();
    assertThat(json.path("requestId").asText()).isEqualTo("req-9");
    assertThat(json.path("timestamp").asText()).endsWith("Z");
    assertThat(json.has("error")).isFalse();
  }

  @Test
  void encode_lineAboutNoRun_stillHasTheKeys_asNull() {
    LoggingEvent event = new LoggingEvent("x", logger, Level.WARN, "starting", null, null);

    JsonNode json = Json.parse(encode(event, Map.of()));

    assertThat(json.has("runId") && json.get("runId").isNull()).isTrue();
    assertThat(json.has("callId") && json.get("callId").isNull()).isTrue();
    assertThat(json.has("episode") && json.get("episode").isNull()).isTrue();
    assertThat(json.has("replaying") && json.get("replaying").isNull()).isTrue();
  }

  @Test
  void encode_exception_isOneFieldOnTheSameLine() {
    IllegalStateException cause =
        new IllegalStateException("lease lost", new RuntimeException("x"));
    LoggingEvent event = new LoggingEvent("x", logger, Level.ERROR, "wake failed", cause, null);

    String line = encode(event, Map.of(LogFields.RUN_ID, "r-1"));

    assertThat(line).hasLineCount(1);
    JsonNode error = Json.parse(line).path("error");
    assertThat(error.path("type").asText()).isEqualTo("java.lang.IllegalStateException");
    assertThat(error.path("message").asText()).isEqualTo("lease lost");
    assertThat(error.path("stackTrace").asText())
        .contains("JsonLineEncoderTest")
        .contains("Caused by: java.lang.RuntimeException: x");
  }

  @Test
  void encode_textThatNeedsEscaping_staysValidJson() {
    LoggingEvent event =
        new LoggingEvent("x", logger, Level.INFO, "quote \" and\nnewline", null, null);

    String line = encode(event, Map.of(LogFields.RUN_ID, "123"));

    assertThat(line).hasLineCount(1);
    JsonNode json = Json.parse(line);
    assertThat(json.path("message").asText()).isEqualTo("quote \" and\nnewline");
    assertThat(json.path("runId").isTextual()).as("run ids stay text").isTrue();
  }
}

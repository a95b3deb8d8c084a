package dev.triggerflow.aws.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes each log event as one JSON object on one line, which CloudWatch Logs keeps as one record
 * and Logs Insights reads field by field: {@code timestamp}, {@code level}, {@code logger}, {@code
 * message}, then {@code runId}, {@code callId}, {@code episode} and {@code replaying} on every line
 * (null where the line is about no run, call or episode, or where replaying is not known), then the
 * rest of the logging context ({@code requestId}, ...), the thread, and an {@code error} object
 * with the exception's type, message and stack trace.
 *
 * <p>{@code callId} and {@code episode} are numbers and {@code replaying} a boolean when the
 * logging context holds them in those forms; otherwise they are written as the text they are.
 */
public final class JsonLineEncoder extends EncoderBase<ILoggingEvent> {
  private static final JsonFactory JSON = new JsonFactory();
  private static final List<String> ALWAYS =
      List.of(LogFields.RUN_ID, LogFields.CALL_ID, LogFields.EPISODE, LogFields.REPLAYING);

  @Override
  public byte[] headerBytes() {
    return null;
  }

  @Override
  public byte[] encode(ILoggingEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("timestamp", event.getInstant().toString());
      json.writeStringField("level", event.getLevel().toString());
      json.writeStringField("logger", event.getLoggerName());
      json.writeStringField("message", event.getFormattedMessage());
      Map<String, String> context = new TreeMap<>(event.getMDCPropertyMap());
      for (String key : ALWAYS) {
        writeField(json, key, context.remove(key));
      }
      for (Map.Entry<String, String> e : context.entrySet()) {
        json.writeStringField(e.getKey(), e.getValue());
      }
      json.writeStringField("thread", event.getThreadName());
      IThrowableProxy error = event.getThrowableProxy();
      if (error != null) {
        json.writeObjectFieldStart("error");
        json.writeStringField("type", error.getClassName());
        json.writeStringField("message", error.getMessage());
        json.writeStringField("stackTrace", ThrowableProxyUtil.asString(error));
        json.writeEndObject();
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  private static void writeField(JsonGenerator json, String key, String value) throws IOException {
    if (value == null) {
      json.writeNullField(key);
    } else if (LogFields.REPLAYING.equals(key) && isBoolean(value)) {
      json.writeBooleanField(key, Boolean.parseBoolean(value));
    } else if (!LogFields.RUN_ID.equals(key) && isWholeNumber(value)) {
      json.writeNumberField(key, Long.parseLong(value));
    } else {
      json.writeStringField(key, value);
    }
  }

  private static boolean isBoolean(String value) {
    return "true".equals(value) || "false".equals(value);
  }

  private static boolean isWholeNumber(String value) {
    if (value.isEmpty() || value.length() > 18) {
      return false;
    }
    for (int i = 0; i < value.length(); i++) {
      if (!Character.isDigit(value.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public byte[] footerBytes() {
    return null;
  }
}

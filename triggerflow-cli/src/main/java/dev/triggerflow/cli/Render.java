package dev.triggerflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.RunRecord;
import java.time.Duration;

/** How runs are printed, for people and for scripts. */
final class Render {
  private Render() {}

  static ObjectNode runJson(RunRecord run) {
    ObjectNode o = Json.mapper().createObjectNode();
    o.put("runId", run.runId());
    o.put("workflow", run.workflow());
    o.put("status", run.status().name());
    o.set("result", run.result());
    if (run.errorType() != null) {
      ObjectNode error = o.putObject("error");
      error.put("type", run.errorType());
      error.put("message", run.errorMessage());
    }
    o.put("orchestratorInvocations", run.episodes());
    o.put("createdAt", run.createdAt().toString());
    o.put("updatedAt", run.updatedAt().toString());
    o.put("durationMillis", Duration.between(run.createdAt(), run.updatedAt()).toMillis());
    return o;
  }

  static String runText(RunRecord run) {
    StringBuilder b = new StringBuilder();
    b.append("run ")
        .append(run.runId())
        .append(" (")
        .append(run.workflow())
        .append(") ")
        .append(run.status());
    if (run.status().isTerminal()) {
      b.append(" after ").append(seconds(Duration.between(run.createdAt(), run.updatedAt())));
    }
    b.append('\n');
    if (run.result() != null) {
      b.append("  result: ").append(compact(run.result())).append('\n');
    }
    if (run.errorType() != null) {
      b.append("  error:  ").append(run.errorType());
      if (run.errorMessage() != null && !run.errorMessage().isEmpty()) {
        b.append(": ").append(run.errorMessage());
      }
      b.append('\n');
    }
    b.append("  orchestrator invocations: ").append(run.episodes()).append('\n');
    return b.toString();
  }

  static String seconds(Duration d) {
    return String.format(java.util.Locale.ROOT, "%.3fs", d.toNanos() / 1e9);
  }

  static String compact(JsonNode value) {
    String text = value == null ? "null" : value.toString();
    return text.length() > 200 ? text.substring(0, 197) + "..." : text;
  }
}

package dev.triggerflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.history.HistoryEvent.ChildStarted;
import dev.triggerflow.history.HistoryEvent.EventAwaited;
import dev.triggerflow.history.HistoryEvent.RunStarted;
import dev.triggerflow.history.HistoryEvent.TaskAttemptFailed;
import dev.triggerflow.history.HistoryEvent.TaskScheduled;
import dev.triggerflow.history.HistoryEvent.TimerStarted;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A run as one self-contained HTML page: a header with the run's outcome, a legend, and a timeline
 * of its calls, waits and orchestrator wakes that the page's own script draws from data embedded in
 * it. The page loads nothing: its style and script are inline and its content security policy
 * forbids every fetch, so it can be mailed or attached to a ticket as it is.
 *
 * <p>Text from the run (ids, names, payloads, error messages) is escaped in the header and written
 * into the data as JSON whose markup characters are escaped too; the script sets it only as text.
 * The policy also admits only this page's own script, by its hash, as a second line of defence.
 */
final class HtmlTimeline {
  private static final String CSS = resource("timeline.css");
  private static final String JS = resource("timeline.js");

  private HtmlTimeline() {}

  /** The page for a run and its history. */
  static String render(RunRecord run, List<HistoryEvent> history) {
    ObjectNode data = TimelineData.of(run, history);
    StringBuilder b = new StringBuilder(4096 + CSS.length() + JS.length());
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    b.append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ")
        .append("script-src '")
        .append(sha256(JS))
        .append("'; style-src '")
        .append(sha256(CSS))
        .append("'; img-src data:\">\n");
    b.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    b.append("<title>")
        .append(escape(run.runId()))
        .append(" \u00b7 triggerflow timeline</title>\n");
    b.append("<style>").append(CSS).append("</style>\n</head>\n<body>\n");
    header(b, run, history);
    legend(b);
    b.append("<div class=\"toolbar\">")
        .append("<button type=\"button\" id=\"reset-zoom\">Reset zoom</button>")
        .append("<button type=\"button\" id=\"expand-all\">Unfold all maps</button>")
        .append("<button type=\"button\" id=\"fold-all\">Fold all maps</button>")
        .append("<span>Drag across the time axis to zoom in, double-click it to zoom out. ")
        .append("Hover a bar for its details.</span></div>\n");
    b.append("<div id=\"timeline\"><noscript><p class=\"empty\">The timeline is drawn by this ")
        .append("page's script; with scripts off, <code>triggerflow history ")
        .append(escape(run.runId()))
        .append("</code> prints it as text.</p></noscript></div>\n");
    b.append("<div id=\"tip\" class=\"tip\" role=\"tooltip\" hidden></div>\n");
    b.append("<script type=\"application/json\" id=\"tf-data\">")
        .append(scriptSafeJson(data))
        .append("</script>\n");
    b.append("<script>").append(JS).append("</script>\n</body>\n</html>\n");
    return b.toString();
  }

  private static void header(StringBuilder b, RunRecord run, List<HistoryEvent> history) {
    b.append("<header>\n<h1>Run <code>")
        .append(escape(run.runId()))
        .append("</code><span class=\"status s-")
        .append(run.status().name())
        .append("\">")
        .append(run.status().name().replace('_', ' '))
        .append("</span></h1>\n<dl class=\"facts\">\n");
    fact(b, "Workflow", escape(run.workflow()), null);
    fact(b, "Started", escape(run.createdAt().toString()), null);
    Duration took = Duration.between(run.createdAt(), run.updatedAt());
    fact(
        b,
        run.status().isTerminal() ? "Duration" : "Running for",
        Render.seconds(took) + (run.status().isTerminal() ? "" : " (as of the last update)"),
        null);
    fact(b, "Orchestrator wakes", Integer.toString(run.episodes()), null);
    fact(b, "Calls", escape(callCounts(history)), null);
    JsonNode input = run.input();
    for (HistoryEvent e : history) {
      if (e instanceof RunStarted s) {
        input = s.input();
        break;
      }
    }
    fact(b, "Input", escape(TimelineData.abbreviate(String.valueOf(input))), "value");
    if (run.status() == RunStatus.COMPLETED) {
      fact(b, "Result", escape(TimelineData.abbreviate(String.valueOf(run.result()))), "value");
    } else if (run.status() == RunStatus.CONTINUED_AS_NEW && run.result() != null) {
      fact(b, "Continued as", escape(run.result().path("continuedAs").asText()), "value");
    }
    if (run.errorType() != null) {
      String message = run.errorMessage() == null ? "" : ": " + run.errorMessage();
      fact(b, "Error", escape(TimelineData.abbreviate(run.errorType() + message)), "error");
    }
    if (run.parentRunId() != null) {
      fact(
          b,
          "Parent",
          "call " + run.parentCallId() + " of run " + escape(run.parentRunId()),
          "value");
    }
    b.append("</dl>\n</header>\n");
  }

  private static void fact(StringBuilder b, String name, String html, String cls) {
    b.append("<dt>").append(name).append("</dt><dd");
    if (cls != null) {
      b.append(" class=\"").append(cls).append('"');
    }
    b.append('>').append(html).append("</dd>\n");
  }

  private static String callCounts(List<HistoryEvent> history) {
    Map<Integer, Integer> groups = new HashMap<>();
    int tasks = 0;
    int timers = 0;
    int waits = 0;
    int children = 0;
    int retries = 0;
    for (HistoryEvent e : history) {
      if (e instanceof TaskScheduled s) {
        tasks++;
        groups.merge(s.groupId(), 1, Integer::sum);
      } else if (e instanceof TimerStarted) {
        timers++;
      } else if (e instanceof EventAwaited) {
        waits++;
      } else if (e instanceof ChildStarted) {
        children++;
      } else if (e instanceof TaskAttemptFailed) {
        retries++;
      }
    }
    long maps = groups.values().stream().filter(n -> n > 1).count();
    StringBuilder s = new StringBuilder();
    s.append(tasks).append(tasks == 1 ? " task" : " tasks");
    if (maps > 0) {
      s.append(" (").append(maps).append(maps == 1 ? " map" : " maps").append(')');
    }
    s.append(", ").append(retries).append(retries == 1 ? " retry" : " retries");
    s.append(", ").append(timers).append(timers == 1 ? " timer" : " timers");
    s.append(", ").append(waits).append(waits == 1 ? " wait for an event" : " waits for events");
    s.append(", ").append(children).append(children == 1 ? " child workflow" : " child workflows");
    return s.toString();
  }

  private static void legend(StringBuilder b) {
    b.append("<div class=\"legend\" aria-label=\"legend\">");
    swatch(b, "k-ok", "attempt that succeeded");
    swatch(b, "k-fail", "attempt that failed");
    swatch(b, "k-wait", "wait before a retry");
    swatch(b, "k-running", "attempt without a result yet");
    swatch(b, "k-timer", "timer");
    swatch(b, "k-event", "wait for an event");
    swatch(b, "k-child", "child workflow");
    swatch(b, "sw-ep", "orchestrator wake (episode)");
    swatch(b, "k-ok open", "open when the run ended or as of now");
    b.append("<span>map rows: calls in each state per slice of time</span>");
    b.append("</div>\n");
  }

  private static void swatch(StringBuilder b, String cls, String text) {
    b.append("<span><i class=\"").append(cls).append("\"></i>").append(text).append("</span>");
  }

  /** HTML-escapes text for element content and quoted attribute values. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * JSON that cannot end the script element holding it: markup characters are written as JSON
   * escapes, which {@code JSON.parse} turns back into the same text.
   */
  static String scriptSafeJson(JsonNode data) {
    String json = data.toString();
    StringBuilder b = new StringBuilder(json.length() + 64);
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      switch (c) {
        case '<' -> b.append("\\u003c");
        case '>' -> b.append("\\u003e");
        case '&' -> b.append("\\u0026");
        case '\u2028' -> b.append("\\u2028");
        case '\u2029' -> b.append("\\u2029");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "sha256-" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  private static String resource(String name) {
    try (InputStream in = HtmlTimeline.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the CLI jar lacks its resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

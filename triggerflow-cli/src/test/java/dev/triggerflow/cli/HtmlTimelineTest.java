package dev.triggerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.triggerflow.api.RetryPolicy;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.history.HistoryEvent.EpisodeStarted;
import dev.triggerflow.history.HistoryEvent.EventAwaited;
import dev.triggerflow.history.HistoryEvent.EventReceived;
import dev.triggerflow.history.HistoryEvent.RunCompleted;
import dev.triggerflow.history.HistoryEvent.RunFailed;
import dev.triggerflow.history.HistoryEvent.RunStarted;
import dev.triggerflow.history.HistoryEvent.TaskAttemptFailed;
import dev.triggerflow.history.HistoryEvent.TaskRetried;
import dev.triggerflow.history.HistoryEvent.TaskScheduled;
import dev.triggerflow.history.HistoryEvent.TaskSucceeded;
import dev.triggerflow.history.HistoryEvent.TimerStarted;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlTimelineTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  static Instant at(long millis) {
    return T0.plusMillis(millis);
  }

  static RunRecord run(String id, String workflow, RunStatus status, long endMillis) {
    return run(id, workflow, status, endMillis, null, null, null);
  }

  static RunRecord run(
      String id,
      String workflow,
      RunStatus status,
      long endMillis,
      JsonNode result,
      String errorType,
      String errorMessage) {
    return new RunRecord(
        id,
        workflow,
        null,
        status,
        result,
        errorType,
        errorMessage,
        T0,
        at(endMillis),
        0,
        null,
        null,
        0,
        0,
        1,
        0,
        null,
        0);
  }

  /** A task that fails once, waits a second, and succeeds on its second attempt. */
  static List<HistoryEvent> retriedOnce() {
    return List.of(
        new RunStarted(0, "flaky", IntNode.valueOf(1), T0),
        new TaskScheduled(
            0, 1, 1, "flaky_task", IntNode.valueOf(1), RetryPolicy.of(5, Duration.ofSeconds(1))),
        new EpisodeStarted(1, at(100)),
        new TaskAttemptFailed(
            1, 1, 1, "java.lang.IllegalStateException", "attempt 1 failed", "e1", at(80), at(1100)),
        new EpisodeStarted(2, at(1110)),
        new TaskRetried(2, 1, 2, "e2", at(1105)),
        new EpisodeStarted(3, at(1200)),
        new TaskSucceeded(3, 1, TextNode.valueOf("done"), "e3", at(1150)),
        new RunCompleted(3, TextNode.valueOf("done"), at(1200)));
  }

  @Test
  void retriedTask_drawsFailedAttemptThenRetryWaitThenSuccess() {
    RunRecord run = run("flaky-1", "flaky", RunStatus.COMPLETED, 1210);

    ObjectNode data = TimelineData.of(run, retriedOnce());

    JsonNode call = data.get("calls").get(0);
    JsonNode parts = call.get("p");
    assertThat(call.get("n").asText()).isEqualTo("flaky_task");
    assertThat(call.get("st").asText()).isEqualTo("ok");
    assertThat(call.get("max").asInt()).isEqualTo(5);
    assertThat(parts).hasSize(3);
    assertThat(parts.get(0).toString())
        .isEqualTo(
            "{\"k\":\"fail\",\"s\":0,\"e\":80000,\"a\":1,"
                + "\"et\":\"java.lang.IllegalStateException\",\"em\":\"attempt 1 failed\"}");
    assertThat(parts.get(1).toString())
        .isEqualTo("{\"k\":\"wait\",\"s\":80000,\"e\":1105000,\"a\":2}");
    assertThat(parts.get(2).toString())
        .isEqualTo("{\"k\":\"ok\",\"s\":1105000,\"e\":1150000,\"a\":2}");
    assertThat(data.get("episodes").toString())
        .isEqualTo("[[0,0],[1,100000],[2,1110000],[3,1200000]]");
    assertThat(data.get("finish").get("kind").asText()).isEqualTo("completed");
  }

  @Test
  void attemptStillWaitingToRetry_isOpenUntilTheRetryIsDue() {
    List<HistoryEvent> history = new ArrayList<>(retriedOnce().subList(0, 4));
    RunRecord run = run("flaky-2", "flaky", RunStatus.RUNNING, 100);

    JsonNode call = TimelineData.of(run, history).get("calls").get(0);

    assertThat(call.get("st").asText()).isEqualTo("running");
    assertThat(call.get("p").get(1).toString())
        .isEqualTo("{\"k\":\"wait\",\"s\":80000,\"e\":1100000,\"a\":2,\"open\":true}");
  }

  @Test
  void eventWaits_takeTheEventsOfTheirNameInOrder_evenOneThatCameFirst() {
    List<HistoryEvent> history =
        List.of(
            new RunStarted(0, "approval", null, T0),
            new EventAwaited(0, 1, "decision"),
            new TimerStarted(0, 2, at(86_400_000)),
            new EpisodeStarted(1, at(500)),
            new EventReceived(1, "decision", TextNode.valueOf("first"), "x1", at(400)),
            new EventReceived(1, "note", TextNode.valueOf("early"), "x2", at(450)),
            new EventAwaited(1, 3, "note"),
            new RunCompleted(1, null, at(500)));
    RunRecord run = run("approval-1", "approval", RunStatus.COMPLETED, 500);

    JsonNode calls = TimelineData.of(run, history).get("calls");

    assertThat(calls.get(0).get("out").asText()).isEqualTo("\"first\"");
    assertThat(calls.get(0).get("p").get(0).toString())
        .isEqualTo("{\"k\":\"event\",\"s\":0,\"e\":400000}");
    assertThat(calls.get(1).get("k").asText()).isEqualTo("timer");
    assertThat(calls.get(1).get("st").asText()).isEqualTo("open");
    assertThat(calls.get(1).get("p").get(0).get("e").asLong())
        .as("a timer left unfired is drawn only to the end of the run")
        .isEqualTo(500_000);
    assertThat(calls.get(2).get("out").asText()).isEqualTo("\"early\"");
    assertThat(calls.get(2).get("st").asText()).isEqualTo("received");
    assertThat(calls).hasSize(3);
  }

  @Test
  void mapOfCalls_isDescribedOnce_andItsCallsLeaveTheTaskNameOut() {
    List<HistoryEvent> history = new ArrayList<>();
    history.add(new RunStarted(0, "pi", null, T0));
    for (int i = 1; i <= 3; i++) {
      history.add(new TaskScheduled(0, i, 1, "monte_carlo", IntNode.valueOf(i)));
    }
    RunRecord run = run("pi-1", "pi", RunStatus.RUNNING, 10);

    ObjectNode data = TimelineData.of(run, history);

    assertThat(data.get("maps").toString()).isEqualTo("{\"1\":{\"n\":\"monte_carlo\",\"size\":3}}");
    assertThat(data.get("calls").get(2).has("n")).isFalse();
    assertThat(data.get("calls").get(2).get("g").asInt()).isEqualTo(1);
    assertThat(data.get("calls").get(2).get("p").get(0).get("k").asText()).isEqualTo("running");
  }

  @Test
  void payloadWithMarkup_isTextInTheHeaderAndEscapedInTheData() {
    String evil = "<script>document.body.dataset.pwned=1</script><img src=x onerror=alert(1)>";
    List<HistoryEvent> history =
        List.of(
            new RunStarted(0, "approval", TextNode.valueOf(evil), T0),
            new TaskScheduled(0, 1, 1, "notify_approver", TextNode.valueOf(evil)),
            new EpisodeStarted(1, at(10)),
            new TaskSucceeded(1, 1, TextNode.valueOf(evil), "e1", at(5)),
            new RunFailed(1, "Boom</script>", evil, at(10)));
    RunRecord run =
        run("approval-2", "approval", RunStatus.FAILED, 10, null, "Boom</script>", evil);

    String page = HtmlTimeline.render(run, history);

    assertThat(page).doesNotContain("<img", "</script><", "onerror=alert(1)>");
    assertThat(occurrences(page, "<script")).isEqualTo(2);
    assertThat(page).contains("&lt;script&gt;document.body.dataset.pwned=1&lt;/script&gt;");
    assertThat(page).contains("\\u003cscript\\u003edocument.body.dataset.pwned=1\\u003c/script");
    assertThat(page).contains("Boom&lt;/script&gt;");
  }

  @Test
  void runWithoutInput_saysNull() {
    List<HistoryEvent> history = List.of(new RunStarted(0, "pi", null, T0));

    String page = HtmlTimeline.render(run("pi-2", "pi", RunStatus.RUNNING, 10), history);

    assertThat(page).contains("<dt>Input</dt><dd class=\"value\">null</dd>", "Running for");
  }

  @Test
  void contentSecurityPolicy_admitsExactlyTheInlineScriptAndStyle() throws Exception {
    String page = HtmlTimeline.render(run("flaky-3", "flaky", RunStatus.COMPLETED, 10), List.of());

    String script = between(page, "<script>", "</script>");
    String style = between(page, "<style>", "</style>");

    assertThat(page).contains("default-src 'none'; script-src '" + sha256(script) + "'");
    assertThat(page).contains("style-src '" + sha256(style) + "'");
    assertThat(page.replace("'http://www.w3.org/2000/svg'", "namespace"))
        .as("nothing to fetch; the SVG namespace is a name, not an address")
        .doesNotContain("http://", "https://", "@import", "url(", "src=");
  }

  @Test
  void longPayloads_areAbbreviated_withoutSplittingACharacter() {
    String emoji = "\uD83D\uDE00";
    String text = "a".repeat(TimelineData.TEXT_LIMIT - 2) + emoji + "b".repeat(50);

    String cut = TimelineData.abbreviate(text);

    assertThat(cut).hasSizeLessThanOrEqualTo(TimelineData.TEXT_LIMIT).endsWith("a\u2026");
    assertThat(Json.parse(Json.mapper().createObjectNode().put("t", cut).toString())).isNotNull();
  }

  private static int occurrences(String text, String part) {
    Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static String between(String text, String open, String close) {
    int start = text.lastIndexOf(open) + open.length();
    return text.substring(start, text.indexOf(close, start));
  }

  private static String sha256(String text) throws Exception {
    byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    return "sha256-" + Base64.getEncoder().encodeToString(d);
  }
}

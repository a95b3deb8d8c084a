package dev.triggerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.history.HistoryEvent.EpisodeStarted;
import dev.triggerflow.history.HistoryEvent.RunCompleted;
import dev.triggerflow.history.HistoryEvent.RunStarted;
import dev.triggerflow.history.HistoryEvent.TaskScheduled;
import dev.triggerflow.history.HistoryEvent.TaskSucceeded;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.RunStatus;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens timeline pages of real runs in headless Chromium and checks what the page shows once its
 * script has run: the DOM after load, and a screenshot's pixels. Skipped where Chromium is not
 * installed.
 */
class HtmlTimelineBrowserTest {
  private static final String INSTALL =
      "Chromium is not installed, so the HTML timeline's browser checks are skipped; on Debian or"
          + " Ubuntu: apt-get install -y chromium";

  private static final Pattern PATH_SEPARATOR = Pattern.compile(Pattern.quote(File.pathSeparator));

  @TempDir static Path dir;
  private static Path chromium;
  private static Path flakyPage;
  private static int flakyEpisodes;

  @BeforeAll
  static void runFlakyOnce() {
    chromium = findChromium();
    if (chromium == null) {
      return;
    }
    String runId = runId(cli("run", "flaky", "--input", "2", "--json"));
    flakyPage = dir.resolve("flaky.html");
    cli("history", runId, "--html", flakyPage.toString());
    flakyEpisodes = 0;
    for (JsonNode e : Json.parse(cli("history", runId, "--json")).get("history")) {
      String kind = e.get("kind").asText();
      if (kind.equals("RunStarted") || kind.equals("EpisodeStarted")) {
        flakyEpisodes++;
      }
    }
  }

  /** Each test, not the class, is skipped, so that reports count the skipped tests. */
  @BeforeEach
  void needsChromium() {
    assumeTrue(chromium != null, INSTALL);
  }

  @Test
  void flakyRun_showsTwoFailedAttempts_twoRetryWaits_oneSuccess_andAMarkerPerWake()
      throws Exception {
    String dom = dumpDom(flakyPage, "");

    assertThat(dom).contains("data-rendered=\"true\"");
    assertThat(count(dom, "class=\"bar k-fail\"")).isEqualTo(2);
    assertThat(count(dom, "class=\"bar k-wait\"")).isEqualTo(2);
    assertThat(count(dom, "class=\"bar k-ok\"")).isEqualTo(1);
    assertThat(flakyEpisodes).isEqualTo(6);
    assertThat(count(dom, "class=\"ep\"")).isEqualTo(flakyEpisodes);
    assertThat(dom)
        .contains(
            "attempt 1 of up to 5 failed: java.lang.IllegalStateException: "
                + "attempt 1 failed on purpose",
            "waiting to retry: attempt 2 started at",
            "attempt 3 of up to 5 succeeded",
            "class=\"finish f-completed\"");
  }

  @Test
  void callInTheAddress_isShownWithItsTooltipOpen_onTheNamedPartOrElseTheLast() throws Exception {
    String dom = dumpDom(flakyPage, "#call=1");
    String last = element(dom, "id=\"tip\"");
    String first = element(dumpDom(flakyPage, "#call=1&part=0"), "id=\"tip\"");

    assertThat(dom).contains("class=\"row focus\"");
    assertThat(last).doesNotContain("hidden");
    assertThat(last)
        .contains(
            "call 1 · task flaky_task",
            "attempt 3 of up to 5 succeeded",
            "input: 2",
            "result: \"succeeded on attempt 3\"");
    assertThat(first)
        .contains(
            "attempt 1 of up to 5 failed: java.lang.IllegalStateException: "
                + "attempt 1 failed on purpose");
  }

  @Test
  void screenshot_showsRedGreenAndHatchedAmber() throws Exception {
    Path png = Path.of("target", "timeline-flaky.png").toAbsolutePath();

    BufferedImage image = screenshot(flakyPage, png);

    assertThat(image.getWidth()).isEqualTo(1400);
    assertThat(image.getHeight()).isEqualTo(900);
    assertThat(pixelsNear(image, 0xd0413e)).as("failed attempts, red").isGreaterThan(100);
    assertThat(pixelsNear(image, 0x2f9d62)).as("the success, green").isGreaterThan(20);
    assertThat(pixelsNear(image, 0xe09a2d)).as("retry waits, hatched amber").isGreaterThan(300);
  }

  @Test
  void smallMap_isUnfolded_withABarPerCall() throws Exception {
    String runId = runId(cli("run", "pi", "--input", "{\"tasks\": 5}", "--json"));
    Path page = dir.resolve("pi5.html");
    cli("history", runId, "--html", page.toString());

    String dom = dumpDom(page, "");

    assertThat(count(dom, "class=\"row maprow open\"")).isEqualTo(1);
    assertThat(count(dom, "class=\"row sub\"")).isEqualTo(5);
    assertThat(count(dom, "class=\"bar k-ok\"")).isEqualTo(5);
    assertThat(count(dom, "class=\"ep\"")).isEqualTo(2);
  }

  @Test
  void payloadWithMarkup_showsAsText_andAddsNoElement() throws Exception {
    String request = "<script>document.body.dataset.pwned=1</script><img src=x onerror=\"x()\">";
    String input =
        Json.mapper().createObjectNode().put("request", request).put("amount", 1).toString();
    String runId = cli("start", "approval", "--input", input).trim();
    cli("signal", runId, "decision", "{\"approved\": false, \"by\": \"<b>bo</b>\"}");
    Path page = dir.resolve("approval.html");
    cli("history", runId, "--html", page.toString());

    String dom = dumpDom(page, "#call=1");

    assertThat(dom)
        .contains("data-rendered=\"true\"")
        .doesNotContain("data-pwned", "<img", "<b>bo");
    assertThat(count(dom, "<script")).isEqualTo(2);
    assertThat(dom).contains("&lt;script&gt;document.body.dataset.pwned=1&lt;/script&gt;");
    assertThat(element(dom, "id=\"tip\""))
        .contains("input: {\"request\":\"&lt;script&gt;document.body.dataset.pwned=1");
    assertThat(dom).contains("REJECTED by &lt;b&gt;bo&lt;/b&gt;");
  }

  @Test
  void mapOfTenThousandCalls_drawsOnlyTheRowsNearTheWindow() throws Exception {
    Path page = dir.resolve("big.html");
    Files.writeString(page, HtmlTimeline.render(bigRun(), bigHistory()));

    String folded = dumpDom(page, "");
    String unfolded = dumpDom(page, "#call=5000");

    assertThat(folded).contains("data-rendered=\"true\"", "class=\"row maprow\"", "<rect");
    assertThat(count(folded, "class=\"bar ")).isZero();
    assertThat(count(unfolded, "class=\"row sub")).isBetween(10, 120);
    assertThat(unfolded).contains("data-call=\"5000\"", "call 5000 · task monte_carlo");
    assertThat(renderMillis(unfolded)).as("time the script took to draw").isLessThan(5000);
  }

  static dev.triggerflow.spi.RunRecord bigRun() {
    return HtmlTimelineTest.run(
        "pi-big", "pi", RunStatus.COMPLETED, 60_000, LongNode.valueOf(3), null, null);
  }

  /** A map of 10,000 calls that finish one after another over a minute. */
  static List<HistoryEvent> bigHistory() {
    List<HistoryEvent> history = new ArrayList<>();
    history.add(new RunStarted(0, "pi", null, HtmlTimelineTest.T0));
    for (int i = 1; i <= 10_000; i++) {
      history.add(new TaskScheduled(0, i, 1, "monte_carlo", IntNode.valueOf(i)));
    }
    history.add(new EpisodeStarted(1, HtmlTimelineTest.at(60_000)));
    for (int i = 1; i <= 10_000; i++) {
      history.add(
          new TaskSucceeded(1, i, IntNode.valueOf(i % 7), "e" + i, HtmlTimelineTest.at(i * 6L)));
    }
    history.add(new RunCompleted(1, LongNode.valueOf(3), HtmlTimelineTest.at(60_000)));
    return history;
  }

  // ---- the browser --------------------------------------------------------------------------

  private static Path findChromium() {
    List<Path> candidates = new ArrayList<>();
    candidates.add(Path.of("/usr/bin/chromium"));
    PATH_SEPARATOR
        .splitAsStream(System.getenv().getOrDefault("PATH", ""))
        .filter(d -> !d.isEmpty())
        .forEach(
            d -> {
              candidates.add(Path.of(d, "chromium"));
              candidates.add(Path.of(d, "chromium-browser"));
            });
    return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
  }

  /**
   * Chromium's flags for a machine without a network: every background connection it would try is
   * turned off, and the profile is a fresh directory.
   */
  private static String browse(Path page, String fragment, String... extra) throws Exception {
    Path profile = Files.createTempDirectory(dir, "chromium-profile");
    Path log = Files.createTempFile(dir, "chromium", ".log");
    List<String> command = new ArrayList<>();
    command.add(chromium.toString());
    command.addAll(
        List.of(
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--user-data-dir=" + profile,
            "--window-size=1400,900"));
    command.addAll(List.of(extra));
    command.add(page.toUri() + fragment);
    Process p =
        new ProcessBuilder(command).redirectError(log.toFile()).redirectInput(devNull()).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 120s; its log: " + log);
    }
    assertThat(p.exitValue()).as("chromium's exit code; its log: %s", log).isZero();
    return new String(out, StandardCharsets.UTF_8);
  }

  private static File devNull() {
    return new File(File.separatorChar == '\\' ? "NUL" : "/dev/null");
  }

  private static String dumpDom(Path page, String fragment) throws Exception {
    return browse(page, fragment, "--dump-dom");
  }

  private static BufferedImage screenshot(Path page, Path png) throws Exception {
    Files.createDirectories(png.getParent());
    Files.deleteIfExists(png);
    browse(page, "", "--screenshot=" + png);
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image).as("a PNG at %s", png).isNotNull();
    return image;
  }

  // ---- helpers ------------------------------------------------------------------------------

  private static String cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of("--dir", dir.resolve("state").toString()));
    all.addAll(List.of(args));
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), all.toArray(new String[0]));
    assertThat(code).as("exit code of %s; stderr: %s", all, err).isZero();
    return out.toString();
  }

  private static String runId(String json) {
    return Json.parse(json).get("runId").asText();
  }

  private static int count(String text, String part) {
    Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** The start tag and content of the first element with {@code attribute}, up to its end. */
  private static String element(String dom, String attribute) {
    int start = dom.lastIndexOf('<', dom.indexOf(attribute));
    int end = dom.indexOf("</div></div>", start);
    return dom.substring(start, end < 0 ? dom.length() : end);
  }

  private static long renderMillis(String dom) {
    Matcher m = Pattern.compile("data-render-ms=\"(\\d+)\"").matcher(dom);
    assertThat(m.find()).as("the page reports how long it took to draw").isTrue();
    return Long.parseLong(m.group(1));
  }

  private static long pixelsNear(BufferedImage image, int rgb) {
    long n = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int p = image.getRGB(x, y);
        int dr = ((p >> 16) & 0xff) - ((rgb >> 16) & 0xff);
        int dg = ((p >> 8) & 0xff) - ((rgb >> 8) & 0xff);
        int db = (p & 0xff) - (rgb & 0xff);
        if (Math.abs(dr) < 16 && Math.abs(dg) < 16 && Math.abs(db) < 16) {
          n++;
        }
      }
    }
    return n;
  }
}

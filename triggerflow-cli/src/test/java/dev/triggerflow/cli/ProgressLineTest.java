package dev.triggerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triggerflow.spi.RunStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
  private static final long MS = 1_000_000L;

  private final AtomicLong now = new AtomicLong(5_000 * MS);
  private final StringWriter err = new StringWriter();

  private ProgressLine line(ProgressLine.Mode mode, int width) {
    return new ProgressLine(new PrintWriter(err), mode, now::get, width);
  }

  private static RunProgress.Snapshot calls(int done, RunStatus status) {
    return new RunProgress.Snapshot("pi-1", status, 1, 10, done, 0, 0, 0, null);
  }

  private void at(long millisAfterStart) {
    now.set(5_000 * MS + millisAfterStart * MS);
  }

  @Test
  void lines_showNothingInTheFirstSecond_thenAChangeAtMostOncePerSecond_thenTheFinalState() {
    ProgressLine p = line(ProgressLine.Mode.LINES, 80);

    at(100);
    p.update(calls(1, RunStatus.RUNNING));
    at(1_000);
    p.update(calls(2, RunStatus.RUNNING));
    at(1_500);
    p.update(calls(3, RunStatus.RUNNING));
    at(2_100);
    p.update(calls(2, RunStatus.RUNNING));
    at(2_200);
    p.update(calls(4, RunStatus.RUNNING));
    at(3_300);
    p.update(calls(4, RunStatus.RUNNING));
    at(3_400);
    p.finish(calls(10, RunStatus.COMPLETED));

    assertThat(err.toString())
        .isEqualTo(
            String.join(
                System.lineSeparator(),
                "[   1.0s] pi-1 RUNNING | calls 2/10 | wakes 1",
                "[   2.2s] pi-1 RUNNING | calls 4/10 | wakes 1",
                "[   3.4s] pi-1 COMPLETED | calls 10/10 | wakes 1",
                ""));
  }

  @Test
  void lines_forARunShorterThanASecond_printOnlyTheFinalState() {
    ProgressLine p = line(ProgressLine.Mode.LINES, 80);

    for (int t = 100; t < 1_000; t += 100) {
      at(t);
      p.update(calls(t / 100, RunStatus.RUNNING));
    }
    p.finish(calls(10, RunStatus.COMPLETED));

    assertThat(err.toString().lines())
        .containsExactly("[   0.9s] pi-1 COMPLETED | calls 10/10 | wakes 1");
  }

  @Test
  void live_redrawsInPlaceAtMostTenTimesASecond_andEndsTheLine() {
    ProgressLine p = line(ProgressLine.Mode.LIVE, 80);

    for (int t = 0; t <= 1_000; t += 20) {
      at(t);
      p.update(calls(t / 100, RunStatus.RUNNING));
    }
    p.finish(calls(10, RunStatus.COMPLETED));

    String out = err.toString();
    long draws = out.chars().filter(c -> c == '\r').count();
    assertThat(draws).isBetween(10L, 12L);
    assertThat(out)
        .endsWith("\r[   1.0s] pi-1 COMPLETED | calls 10/10 | wakes 1" + System.lineSeparator());
  }

  @Test
  void live_coversALongerLineDrawnBefore_andCutsLinesToTheTerminal() {
    ProgressLine p = line(ProgressLine.Mode.LIVE, 30);
    RunProgress.Snapshot longer =
        new RunProgress.Snapshot("pi-1", RunStatus.RUNNING, 1, 10, 1, 0, 0, 0, null);

    p.update(longer);
    p.finish(new RunProgress.Snapshot("a-1", RunStatus.FAILED, 1, 1, 1, 1, 0, 0, null));

    String[] draws = err.toString().split("\r", -1);
    assertThat(draws[1]).hasSize(29);
    assertThat(draws[2].stripTrailing()).hasSizeLessThanOrEqualTo(29);
    assertThat(draws[2].replace(System.lineSeparator(), "")).hasSize(29);
  }

  @Test
  void auto_isLiveOnlyOnATerminal() {
    assertThat(ProgressLine.Mode.parse("auto", true)).isEqualTo(ProgressLine.Mode.LIVE);
    assertThat(ProgressLine.Mode.parse("auto", false)).isEqualTo(ProgressLine.Mode.LINES);
    assertThat(ProgressLine.Mode.parse("NONE", true)).isEqualTo(ProgressLine.Mode.NONE);
    assertThatThrownBy(() -> ProgressLine.Mode.parse("loud", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("auto, live, lines or none");
  }
}

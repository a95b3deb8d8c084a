package dev.triggerflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triggerflow.api.Registry;
import dev.triggerflow.client.UnknownRunException;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Time skipping, explicit time, signals, termination and the guards of the test runtime. */
class TestRuntimeTest {
  private static final Instant START = Instant.parse("2031-03-01T08:00:00Z");

  @RegisterExtension
  static final TriggerflowTest tf =
      TriggerflowTest.builder().registry(Workflows.registry()).startAt(START).build();

  @Test
  void awaitResult_runSleepsADay_skipsTheClockExactlyADay(TestRuntime rt) {
    String runId = rt.start("nap", 24);

    String result = rt.awaitResult(runId, String.class);

    assertThat(result).isEqualTo("rested 24h");
    assertThat(rt.elapsed()).isEqualTo(Duration.ofDays(1));
    assertThat(rt.now()).isEqualTo(START.plus(Duration.ofDays(1)));
    rt.assertThatHistory(runId).hasTimerFired().hasEpisodes(2);
  }

  @Test
  void clock_outsideAwaits_standsStill(TestRuntime rt) {
    String runId = rt.start("nap", 5);

    rt.awaitIdle();

    assertThat(rt.run(runId).status()).isEqualTo(RunStatus.RUNNING);
    assertThat(rt.elapsed()).isZero();
    assertThat(rt.nextTimer()).contains(START.plus(Duration.ofHours(5)));
  }

  @Test
  void signal_beforeTheTimeoutIsSkipped_isReceived(TestRuntime rt) {
    String runId = rt.start("ask", "lunch?");

    rt.signal(runId, "answer", "yes");

    assertThat(rt.awaitResult(runId, String.class)).isEqualTo("lunch? yes");
    assertThat(rt.elapsed()).isZero();
    rt.assertThatHistory(runId).hasReceivedEvent("answer");
  }

  @Test
  void awaitResult_noSignal_skipsToTheTimeout(TestRuntime rt) {
    String runId = rt.start("ask", "lunch?");

    assertThat(rt.awaitResult(runId, String.class)).isEqualTo("lunch? no answer");
    assertThat(rt.elapsed()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void advance_partWay_leavesTheRunWaiting_thenTheRestCompletesIt(TestRuntime rt) {
    String runId = rt.start("nap", 3);
    rt.awaitIdle();

    rt.advance(Duration.ofHours(2));
    RunStatus halfway = rt.run(runId).status();
    rt.advance(Duration.ofMinutes(90));

    assertThat(halfway).isEqualTo(RunStatus.RUNNING);
    assertThat(rt.run(runId).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(rt.elapsed()).isEqualTo(Duration.ofMinutes(210));
  }

  @Test
  void advance_backwards_isRejected(TestRuntime rt) {
    assertThatThrownBy(() -> rt.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void terminate_waitingRun_endsItTerminated(TestRuntime rt) {
    String runId = rt.start("await_go", "x");
    rt.awaitIdle();

    rt.terminate(runId, "no longer needed");
    RunRecord run = rt.awaitCompletion(runId);

    assertThat(run.status()).isEqualTo(RunStatus.TERMINATED);
    rt.assertThatHistory(runId).wasTerminated();
  }

  @Test
  void awaitCompletion_runWaitsForAnEventNoOneSends_failsWithTheTimeline(TestRuntime rt) {
    String runId = rt.start("await_go", "x");

    assertThatThrownBy(() -> rt.awaitCompletion(runId))
        .isInstanceOfSatisfying(
            RunNotFinishedError.class,
            e -> {
              assertThat(e.runId()).isEqualTo(runId);
              assertThat(e.status()).isEqualTo(RunStatus.RUNNING);
            })
        .hasMessageContaining("no timer is pending")
        .hasMessageContaining("a wait for event 'go'");
  }

  @Test
  void awaitCompletion_continuedAsNew_followsToTheLastRun(TestRuntime rt) {
    String runId = rt.start("countdown", 3);

    RunRecord last = rt.awaitCompletion(runId);

    assertThat(last.runId()).isNotEqualTo(runId);
    assertThat(last.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(last.result().asText()).isEqualTo("lift-off");
    assertThat(rt.elapsed()).isEqualTo(Duration.ofHours(3));
    assertThat(rt.run(runId).status()).isEqualTo(RunStatus.CONTINUED_AS_NEW);
  }

  @Test
  void awaitResult_failedRun_throwsWithTheErrorAndTimeline(TestRuntime rt) {
    String runId = rt.start("boom", "x");

    assertThatThrownBy(() -> rt.awaitResult(runId, String.class))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("to complete")
        .hasMessageContaining("FAILED with java.lang.IllegalArgumentException: bad input: x")
        .hasMessageContaining("started boom with \"x\"");
  }

  @Test
  void run_unknownId_throws(TestRuntime rt) {
    assertThatThrownBy(() -> rt.run("nope")).isInstanceOf(UnknownRunException.class);
  }

  @Test
  void awaitCompletion_taskBlocksPastTheTimeout_failsInsteadOfHanging() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Registry registry =
        Registry.builder()
            .workflow(
                "stuck",
                String.class,
                String.class,
                (ctx, in) -> ctx.call(Workflows.GREET, in).get())
            .task(
                "greet",
                String.class,
                String.class,
                (ctx, in) -> {
                  release.await();
                  return in;
                })
            .build();
    try (TestRuntime rt =
        TestRuntime.builder().registry(registry).timeout(Duration.ofMillis(200)).build()) {
      String runId = rt.start("stuck", "x");

      assertThatThrownBy(() -> rt.awaitCompletion(runId))
          .isInstanceOf(RunNotFinishedError.class)
          .hasMessageContaining("still going after PT0.2S of real time");
    } finally {
      release.countDown();
    }
  }

  @Test
  void awaitCompletion_workflowSetsTimersWithoutEnd_failsAfterTheTimeout() {
    Registry registry =
        Registry.builder()
            .workflow(
                "ticker",
                String.class,
                String.class,
                (ctx, in) -> {
                  while (true) {
                    ctx.sleep(Duration.ofMinutes(1));
                  }
                })
            .build();
    try (TestRuntime rt =
        TestRuntime.builder().registry(registry).timeout(Duration.ofMillis(300)).build()) {
      String runId = rt.start("ticker", "x");

      assertThatThrownBy(() -> rt.awaitCompletion(runId))
          .isInstanceOf(RunNotFinishedError.class)
          .hasMessageContaining("set timer after timer without end");
      assertThat(rt.elapsed()).isPositive();
    }
  }
}

package dev.triggerflow.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.triggerflow.api.Registry;
import dev.triggerflow.examples.approval.Approval;
import dev.triggerflow.examples.billing.BillPage;
import dev.triggerflow.examples.billing.Billing;
import dev.triggerflow.examples.billing.Charge;
import dev.triggerflow.examples.sequence.MyFunction;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.json.Json;
import dev.triggerflow.runtime.EmbeddedRuntime;
import dev.triggerflow.runtime.ManualClock;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every example on the embedded runtime; timers skip ahead on a controllable clock. */
class ExamplesTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private final ManualClock clock = new ManualClock(Instant.parse("2026-06-01T09:00:00Z"));
  private EmbeddedRuntime runtime;

  private static Registry registry() {
    return Examples.builder(new MyFunction(Duration.ofMillis(10))).build();
  }

  private EmbeddedRuntime runtime(boolean manualClock) {
    EmbeddedRuntime.Builder b = EmbeddedRuntime.builder().registry(registry());
    if (manualClock) {
      b.clock(clock);
    }
    runtime = b.build();
    return runtime;
  }

  @AfterEach
  void close() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void sequence_fromZero_returnsSixAfterThreeEpisodes() throws Exception {
    EmbeddedRuntime rt = runtime(false);
    String runId = rt.start("sequence", null);

    RunRecord run = rt.awaitCompletion(runId, WAIT);

    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.result().asInt()).isEqualTo(6);
    assertThat(run.episodes()).isEqualTo(3);
  }

  @Test
  void pi_twoHundredTasks_wakesOnceForTheMap() throws Exception {
    EmbeddedRuntime rt = runtime(false);
    String runId = rt.start("pi", Json.parse("{\"tasks\": 200, \"samplesPerTask\": 20000}"));

    RunRecord run = rt.awaitCompletion(runId, WAIT);

    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.result().asDouble()).isCloseTo(Math.PI, within(0.1));
    assertThat(run.episodes()).isEqualTo(2);
  }

  @Test
  void approval_decisionArrives_approves() throws Exception {
    EmbeddedRuntime rt = runtime(true);
    String runId = rt.start("approval", Json.parse("{\"request\": \"laptop\", \"amount\": 900}"));
    rt.awaitIdle(WAIT);

    rt.signal(runId, "decision", Json.parse("{\"approved\": true, \"by\": \"ana\"}"), null);

    assertThat(rt.awaitCompletion(runId, WAIT).result().asText()).isEqualTo("APPROVED by ana");
  }

  @Test
  void approval_noDecisionWithinADay_timesOut_inSecondsOfRealTime() throws Exception {
    EmbeddedRuntime rt = runtime(true);
    String runId = rt.start("approval", Json.parse("{\"request\": \"laptop\", \"amount\": 900}"));
    rt.awaitIdle(WAIT);

    rt.advanceTime(Approval.DEADLINE.minusMinutes(1));
    assertThat(rt.run(runId).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
    rt.advanceTime(Duration.ofMinutes(1));

    RunRecord run = rt.awaitCompletion(runId, WAIT);
    assertThat(run.result().asText()).startsWith("TIMED_OUT");
    assertThat(run.updatedAt()).isEqualTo(clock.now());
  }

  @Test
  void saga_failingCar_compensatesHotelThenFlight() throws Exception {
    EmbeddedRuntime rt = runtime(false);
    String runId = rt.start("saga", Json.parse("{\"traveller\": \"ana\", \"failAt\": \"car\"}"));

    String result = rt.awaitCompletion(runId, WAIT).result().asText();

    assertThat(result).startsWith("FAILED booking car (no car available for ana)");
    assertThat(result.indexOf("cancelled hotel")).isLessThan(result.indexOf("cancelled flight"));
  }

  @Test
  void saga_noFailure_booksAll() throws Exception {
    EmbeddedRuntime rt = runtime(false);
    String runId = rt.start("saga", Json.parse("{\"traveller\": \"ana\", \"failAt\": \"none\"}"));

    assertThat(rt.awaitCompletion(runId, WAIT).result().asText())
        .startsWith("BOOKED flight-")
        .contains("hotel-", "car-");
  }

  @Test
  void dag_nativeWorkflow_joinsBeforeD() throws Exception {
    EmbeddedRuntime rt = runtime(false);
    String runId = rt.start("dag", Json.parse("1"));

    RunRecord run = rt.awaitCompletion(runId, WAIT);

    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.result().asInt()).isEqualTo(10);
    assertThat(rt.history(runId)).isEmpty();
  }

  @Test
  void flaky_retriesOnDurableTimers_untilItSucceeds() throws Exception {
    EmbeddedRuntime rt = runtime(true);
    String runId = rt.start("flaky", Json.parse("3"));
    rt.awaitIdle(WAIT);

    rt.advanceTime(Duration.ofMinutes(1));

    RunRecord run = rt.awaitCompletion(runId, WAIT);
    assertThat(run.result().asText()).isEqualTo("succeeded on attempt 4");
    List<HistoryEvent> history = rt.history(runId);
    assertThat(history).filteredOn(HistoryEvent.TaskAttemptFailed.class::isInstance).hasSize(3);
  }

  @Test
  void billing_pageByPage_billsEveryCustomerWithChildRunsTimersAndContinueAsNew() throws Exception {
    EmbeddedRuntime rt = runtime(true);
    String runId = rt.start("billing", Json.parse("{\"pages\": 3}"));
    long expected = 0;
    for (int customer = 0; customer < 3 * BillPage.PAGE_SIZE; customer++) {
      expected += Charge.amountOf(customer);
    }

    // Each page waits on its pacing timer; skip it, page after page.
    for (int page = 0; page < 3; page++) {
      rt.awaitIdle(WAIT);
      rt.advanceTime(Billing.PACE);
    }
    RunRecord last = rt.awaitCompletion(runId, WAIT);

    assertThat(last.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(last.runId()).isEqualTo(runId + "-n4");
    assertThat(last.result().asLong()).isEqualTo(expected);
    for (String continued : List.of(runId, runId + "-n2", runId + "-n3")) {
      RunRecord run = rt.run(continued).orElseThrow();
      assertThat(run.status()).isEqualTo(RunStatus.CONTINUED_AS_NEW);
      // A page's run: start, the child and its result, the timer and its firing, the end.
      assertThat(rt.history(continued)).hasSizeLessThan(10);
      assertThat(rt.history(continued))
          .anySatisfy(e -> assertThat(e).isInstanceOf(HistoryEvent.ChildStarted.class))
          .anySatisfy(e -> assertThat(e).isInstanceOf(HistoryEvent.TimerFired.class));
    }
    RunRecord child = rt.run(runId + "-c1").orElseThrow();
    assertThat(child.workflow()).isEqualTo("bill_page");
    assertThat(child.status()).isEqualTo(RunStatus.COMPLETED);
  }
}

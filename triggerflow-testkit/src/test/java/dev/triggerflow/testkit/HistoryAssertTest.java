package dev.triggerflow.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** History checks: each holds on a matching run and fails with the timeline on another. */
class HistoryAssertTest {
  @RegisterExtension
  static final TriggerflowTest tf =
      TriggerflowTest.builder().registry(Workflows.registry()).build();

  private static String greeted(TestRuntime rt) {
    String runId = rt.start("greet_twice", "ana");
    rt.awaitCompletion(runId);
    return runId;
  }

  @Test
  void hasCallsInOrder_subsequence_holds_wrongOrder_failsWithTimeline(TestRuntime rt) {
    rt.mock("greet").thenAnswer((ctx, in) -> "hello " + in);
    String runId = greeted(rt);

    rt.assertThatHistory(runId).hasCallsInOrder("greet", "greet").hasCallsInOrder("greet");
    assertThatThrownBy(() -> rt.assertThatHistory(runId).hasCallsInOrder("greet", "wave"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("to call [greet, wave] in this order")
        .hasMessageContaining("its calls were [greet, greet]")
        .hasMessageContaining("the first one missing in order is 'wave'")
        .hasMessageContaining("call 1: task 'greet' with \"ana\"")
        .hasMessageContaining("call 2 (task 'greet') succeeded: \"hello hello ana\"");
  }

  @Test
  void hasExactlyCalls_extraCall_fails(TestRuntime rt) {
    String runId = greeted(rt);

    rt.assertThatHistory(runId).hasExactlyCalls("greet", "greet");
    assertThatThrownBy(() -> rt.assertThatHistory(runId).hasExactlyCalls("greet"))
        .hasMessageContaining("to call exactly [greet]");
  }

  @Test
  void hasCallInputs_comparesAsJson_inCallOrder(TestRuntime rt) {
    String runId = greeted(rt);

    rt.assertThatHistory(runId).hasCallInputs("greet", "ana", "hello ana");
    assertThatThrownBy(() -> rt.assertThatHistory(runId).hasCallInputs("greet", "hello ana", "ana"))
        .hasMessageContaining("its inputs were [\"ana\", \"hello ana\"]");
  }

  @Test
  void hasNoCallsOf_calledTask_fails(TestRuntime rt) {
    String runId = greeted(rt);

    rt.assertThatHistory(runId).hasNoCallsOf("unreliable");
    assertThatThrownBy(() -> rt.assertThatHistory(runId).hasNoCallsOf("greet"))
        .hasMessageContaining("it called it 2 times");
  }

  @Test
  void hasEpisodes_matchesTheRunRecord(TestRuntime rt) {
    String runId = greeted(rt);

    rt.assertThatHistory(runId).hasEpisodes(rt.run(runId).episodes()).hasEpisodes(3);
    assertThatThrownBy(() -> rt.assertThatHistory(runId).hasEpisodes(2))
        .hasMessageContaining("to have 2 episodes")
        .hasMessageContaining("it has 3");
  }

  @Test
  void hasTimerFired_noTimer_fails(TestRuntime rt) {
    String runId = greeted(rt);

    assertThatThrownBy(() -> rt.assertThatHistory(runId).hasTimerFired())
        .hasMessageContaining("no timer fired");
    rt.assertThatHistory(runId).hasTimersFired(0);
  }

  @Test
  void hasRetries_countsAttemptsAfterTheFirst(TestRuntime rt) {
    String runId = rt.start("retrying", 3);
    rt.awaitCompletion(runId);

    rt.assertThatHistory(runId).hasRetries("unreliable", 3).hasTimersFired(0);
    assertThatThrownBy(() -> rt.assertThatHistory(runId).hasRetries("unreliable", 2))
        .hasMessageContaining("it retried it 3 times")
        .hasMessageContaining("attempt 1 failed: java.lang.IllegalStateException: attempt 1 failed")
        .hasMessageContaining("next attempt at +1s");
  }

  @Test
  void completedWith_comparesAsJson(TestRuntime rt) {
    String runId = greeted(rt);

    rt.assertThatHistory(runId).completedWith("hello hello ana");
    assertThatThrownBy(() -> rt.assertThatHistory(runId).completedWith("hello"))
        .hasMessageContaining("to complete with \"hello\"")
        .hasMessageContaining("it completed with \"hello hello ana\"");
  }

  @Test
  void completedWith_numberWrittenAnotherWay_holds(TestRuntime rt) {
    String runId = rt.start("increment", 5);
    rt.awaitCompletion(runId);

    rt.assertThatHistory(runId).completedWith(6L).completedWith(6.0).completedWith(6);
    assertThatThrownBy(() -> rt.assertThatHistory(runId).completedWith(7L))
        .hasMessageContaining("it completed with 6");
  }

  @Test
  void failedWith_checksTheErrorType(TestRuntime rt) {
    String runId = rt.start("boom", "x");
    rt.awaitCompletion(runId);

    rt.assertThatHistory(runId).failedWith(IllegalArgumentException.class);
    assertThatThrownBy(() -> rt.assertThatHistory(runId).failedWith(IllegalStateException.class))
        .hasMessageContaining("to fail with java.lang.IllegalStateException")
        .hasMessageContaining("it failed with java.lang.IllegalArgumentException: bad input: x");
  }

  @Test
  void outcomeChecks_onARunningRun_sayItHasNotFinished(TestRuntime rt) {
    String runId = rt.start("await_go", "x");
    rt.awaitIdle();

    assertThatThrownBy(() -> rt.assertThatHistory(runId).completedWith("went"))
        .hasMessageContaining("it has not finished (status RUNNING)");
    assertThatThrownBy(() -> rt.assertThatHistory(runId).wasTerminated())
        .hasMessageContaining("to be terminated");
  }

  @Test
  void hasReceivedEvent_otherEvent_fails(TestRuntime rt) {
    String runId = rt.start("await_go", "x");
    rt.signal(runId, "go", "now");
    rt.awaitCompletion(runId);

    rt.assertThatHistory(runId).hasReceivedEvent("go").completedWith("went now");
    assertThatThrownBy(() -> rt.assertThatHistory(runId).hasReceivedEvent("stop"))
        .hasMessageContaining("event 'go' received: \"now\"");
  }
}

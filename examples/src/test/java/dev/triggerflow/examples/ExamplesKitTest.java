package dev.triggerflow.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triggerflow.examples.approval.Approval;
import dev.triggerflow.examples.flaky.FlakyTask;
import dev.triggerflow.examples.saga.Booking;
import dev.triggerflow.examples.saga.Trip;
import dev.triggerflow.testkit.Invocation;
import dev.triggerflow.testkit.TaskMock;
import dev.triggerflow.testkit.TestRuntime;
import dev.triggerflow.testkit.TriggerflowTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The examples tested the way a user tests their own workflows: with the test kit. */
class ExamplesKitTest {
  @RegisterExtension
  static final TriggerflowTest tf = TriggerflowTest.builder().registry(Examples.registry()).build();

  private static final Approval.Request LAPTOP = new Approval.Request("laptop", 900);

  @Test
  void approval_decisionSignalled_approvesWithoutMovingTheClock(TestRuntime rt) {
    String runId = rt.start(Approval.class, LAPTOP);

    rt.signal(runId, "decision", new Approval.Decision(true, "ana"));
    String result = rt.awaitResult(runId, String.class);

    assertThat(result).isEqualTo("APPROVED by ana");
    assertThat(rt.elapsed()).isZero();
    assertThat(rt.invocations("notify_approver"))
        .extracting(Invocation::input)
        .containsExactly(LAPTOP);
    rt.assertThatHistory(runId)
        .hasExactlyCalls("notify_approver")
        .hasReceivedEvent("decision")
        .completedWith("APPROVED by ana");
  }

  @Test
  void approval_noDecision_timesOutWhenTheClockHasSkippedADay(TestRuntime rt) {
    String runId = rt.start(Approval.class, LAPTOP);

    String result = rt.awaitResult(runId, String.class);

    assertThat(result).isEqualTo("TIMED_OUT: no decision on 'laptop' within PT24H");
    assertThat(rt.elapsed()).isEqualTo(Approval.DEADLINE).isEqualTo(Duration.ofDays(1));
    rt.assertThatHistory(runId).hasTimerFired().hasEpisodes(3);
  }

  @Test
  void saga_carBookingMockedToFail_cancelsHotelThenFlight(TestRuntime rt) {
    TaskMock<Booking.Request, String> book =
        rt.mock(Booking.Book.class)
            .thenAnswer(
                (ctx, request) -> {
                  if (request.kind().equals("car")) {
                    throw new IllegalStateException("no cars left");
                  }
                  return request.kind() + "-ok";
                });
    String runId = rt.start(Trip.class, new Trip.Plan("ana", "none"));

    String result = rt.awaitResult(runId, String.class);

    assertThat(result)
        .isEqualTo(
            "FAILED booking car (no cars left);"
                + " compensated: cancelled hotel-ok cancelled flight-ok");
    assertThat(book.inputs())
        .extracting(Booking.Request::kind)
        .containsExactly("flight", "hotel", "car");
    rt.assertThatHistory(runId)
        .hasExactlyCalls("book", "book", "book", "cancel_booking", "cancel_booking")
        .hasCallInputs("cancel_booking", "hotel-ok", "flight-ok");
  }

  @Test
  void flaky_taskMockedToFailTwice_isRetriedOnDurableTimers(TestRuntime rt) {
    IllegalStateException down = new IllegalStateException("service down");
    TaskMock<Integer, String> flaky =
        rt.mock(FlakyTask.class).thenThrow(down).thenThrow(down).thenReturn("mocked success");
    String runId = rt.start("flaky", 0);

    String result = rt.awaitResult(runId, String.class);

    assertThat(result).isEqualTo("mocked success");
    assertThat(flaky.invocations()).extracting(Invocation::attempt).containsExactly(1, 2, 3);
    // Flaky's policy waits one second after the first failure and two after the second.
    assertThat(rt.elapsed()).isEqualTo(Duration.ofSeconds(3));
    rt.assertThatHistory(runId).hasRetries("flaky_task", 2).completedWith("mocked success");
  }
}

package dev.triggerflow.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.triggerflow.api.Registry;
import dev.triggerflow.api.TaskFailedException;
import dev.triggerflow.api.TaskRef;
import dev.triggerflow.client.InvalidInputException;
import dev.triggerflow.client.UnknownWorkflowException;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.event.Event;
import dev.triggerflow.json.Json;
import dev.triggerflow.json.PayloadLimit;
import dev.triggerflow.spi.DeadLetter;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import dev.triggerflow.trigger.Conditions;
import dev.triggerflow.trigger.Trigger;
import dev.triggerflow.trigger.TriggerProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the embedded runtime does with each kind of bad input: a clear error, a failed call, a
 * FAILED run or a dead letter, and nothing else lost or stuck. One test per row of the README's
 * table.
 */
class BadInputTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final TaskRef<Integer, Integer> SLEEPY =
      TaskRef.of("sleepy", Integer.class, Integer.class);
  private static final TaskRef<Integer, Integer> LIAR =
      TaskRef.of("liar", Integer.class, Integer.class);
  private static final TaskRef<Integer, String> HUGE =
      TaskRef.of("huge", Integer.class, String.class);

  private EmbeddedRuntime runtime;

  private EmbeddedRuntime runtime(Duration taskTimeout) {
    Registry registry =
        Registry.builder()
            .task(
                "sleepy",
                Integer.class,
                Integer.class,
                (ctx, ms) -> {
                  Thread.sleep(ms);
                  return ms;
                })
            .task("liar", Integer.class, String.class, (ctx, x) -> "not a number")
            .task(
                "huge",
                Integer.class,
                String.class,
                (ctx, x) -> "x".repeat(PayloadLimit.MAX_BYTES + 1))
            .action(
                "always-broken",
                (ctx, e) -> {
                  throw new IllegalStateException("this action always fails");
                })
            .workflow(
                "timeout",
                Integer.class,
                String.class,
                (ctx, ms) -> {
                  try {
                    return "done " + ctx.call(SLEEPY, ms).get();
                  } catch (TaskFailedException e) {
                    return e.errorType();
                  }
                })
            .workflow("liar", Integer.class, Integer.class, (ctx, x) -> ctx.call(LIAR, x).get())
            .workflow(
                "waiter",
                Integer.class,
                String.class,
                (ctx, x) -> ctx.waitForEvent("never", String.class).get())
            .workflow(
                "huge",
                Integer.class,
                String.class,
                (ctx, x) -> {
                  try {
                    return ctx.call(HUGE, x).get();
                  } catch (TaskFailedException e) {
                    return e.errorType() + ": " + e.errorMessage();
                  }
                })
            .workflow(
                "throws",
                Integer.class,
                Integer.class,
                (ctx, x) -> {
                  throw new ArithmeticException("the orchestrator code divided by zero");
                })
            .build();
    runtime = EmbeddedRuntime.builder().registry(registry).taskTimeout(taskTimeout).build();
    return runtime;
  }

  @AfterEach
  void close() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void unknownWorkflow_isRefusedListingTheKnownOnes() {
    EmbeddedRuntime rt = runtime(Duration.ofMinutes(1));

    assertThatThrownBy(() -> rt.start("nope", null))
        .isInstanceOf(UnknownWorkflowException.class)
        .hasMessageContaining("huge, liar, throws, timeout, waiter");
  }

  @Test
  void inputOfTheWrongType_isRefusedSayingWhatWasExpected() {
    EmbeddedRuntime rt = runtime(Duration.ofMinutes(1));

    assertThatThrownBy(() -> rt.start("timeout", TextNode.valueOf("soon")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("java.lang.Integer");
  }

  @Test
  void oversizeInput_isRefusedWithItsSizeAndTheLimit() {
    EmbeddedRuntime rt = runtime(Duration.ofMinutes(1));
    TextNode big = TextNode.valueOf("y".repeat(PayloadLimit.MAX_BYTES));

    assertThatThrownBy(() -> rt.start("timeout", big))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("more than the limit of " + PayloadLimit.MAX_BYTES);
  }

  @Test
  void oversizeTaskResult_failsTheCallNotTheEngine() throws Exception {
    EmbeddedRuntime rt = runtime(Duration.ofMinutes(1));
    String run = rt.start("huge", Json.parse("1"));

    RunRecord done = rt.awaitCompletion(run, WAIT);

    assertThat(done.result().asText()).startsWith("TaskResultTooLarge: the result of task 'huge'");
  }

  @Test
  void taskThatTimesOut_failsItsCall() throws Exception {
    EmbeddedRuntime rt = runtime(Duration.ofMillis(200));
    String run = rt.start("timeout", Json.parse("60000"));

    RunRecord done = rt.awaitCompletion(run, WAIT);

    assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(done.result().asText()).isEqualTo("TaskTimedOut");
  }

  @Test
  void taskResultThatDoesNotDeserialize_failsTheRunSayingWhatDidNotFit() throws Exception {
    EmbeddedRuntime rt = runtime(Duration.ofMinutes(1));
    String run = rt.start("liar", Json.parse("1"));

    RunRecord done = rt.awaitCompletion(run, WAIT);

    assertThat(done.status()).isEqualTo(RunStatus.FAILED);
    assertThat(done.errorMessage()).contains("\"not a number\"", "java.lang.Integer");
  }

  @Test
  void orchestratorThatThrows_failsTheRunWithItsError() throws Exception {
    EmbeddedRuntime rt = runtime(Duration.ofMinutes(1));
    String run = rt.start("throws", null);

    RunRecord done = rt.awaitCompletion(run, WAIT);

    assertThat(done.status()).isEqualTo(RunStatus.FAILED);
    assertThat(done.errorType()).isEqualTo(ArithmeticException.class.getName());
    assertThat(done.errorMessage()).isEqualTo("the orchestrator code divided by zero");
  }

  @Test
  void poisonEvent_thatFailsEveryTime_isDeadLetteredAfterRetries() throws Exception {
    EmbeddedRuntime rt = runtime(Duration.ofMinutes(1));
    String run = rt.start("waiter", null);
    rt.awaitIdle(WAIT);
    rt.stores()
        .triggers()
        .create(
            Trigger.create(
                run,
                "poisoned",
                Set.of("poison"),
                Set.of(),
                Conditions.ALWAYS,
                null,
                "always-broken",
                null,
                false,
                null,
                Instant.now()));

    rt.bus().publish(List.of(event(run, "p1", "poison")));
    rt.awaitIdle(WAIT);

    List<DeadLetter> letters = rt.deadLetters(10);
    assertThat(letters)
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.reason()).contains("failed 3 times", "this action always fails");
              assertThat(l.runId()).isEqualTo(run);
            });
  }

  @Test
  void eventWithControlCharactersOrAnOverlongSubject_isRefusedBeforeItReachesAKey() {
    TriggerProcessor p = runtime(Duration.ofMinutes(1)).triggerProcessor();
    String overlong = "s".repeat(Event.MAX_SUBJECT_LENGTH + 1);
    String json =
        "{\"specversion\":\"1.0\",\"id\":\"a\\u0000b\",\"source\":\"s\",\"type\":\"t\","
            + "\"subject\":\"x\",\"time\":\"2026-01-01T00:00:00Z\",\"runid\":\"r\"}";

    TriggerProcessor.Outcome control = p.processJson(json);
    TriggerProcessor.Outcome longOne =
        p.processJson(
            json.replace("a\\u0000b", "a")
                .replace("\"subject\":\"x\"", "\"subject\":\"" + overlong + "\""));

    assertThat(control).isEqualTo(TriggerProcessor.Outcome.DEAD_LETTERED);
    assertThat(longOne).isEqualTo(TriggerProcessor.Outcome.DEAD_LETTERED);
    assertThat(runtime.deadLetters(2))
        .extracting(DeadLetter::reason)
        .anySatisfy(r -> assertThat(r).contains("printable ASCII"))
        .anySatisfy(r -> assertThat(r).contains("at most " + Event.MAX_SUBJECT_LENGTH));
  }

  @Test
  void resultForAnUnknownCall_isDeadLettered_andTheRunGoesOn() throws Exception {
    EmbeddedRuntime rt = runtime(Duration.ofMinutes(1));
    String run = rt.start("timeout", Json.parse("500"));
    while (rt.stores().history().read(run, 0).isEmpty()) {
      Thread.sleep(5);
    }

    rt.bus()
        .publish(List.of(EngineEvents.taskSucceeded(run, 1, 7, 1, Json.parse("1"), Instant.now())));
    RunRecord done = rt.awaitCompletion(run, WAIT);

    assertThat(done.result().asText()).isEqualTo("done 500");
    assertThat(rt.deadLetters(10))
        .anySatisfy(l -> assertThat(l.reason()).contains("has no call 7"));
  }

  private static Event event(String run, String id, String subject) {
    return new Event(
        id,
        EngineEvents.SOURCE,
        EngineEvents.TYPE_PREFIX + "test.poison",
        subject,
        Instant.now(),
        null,
        Map.of(Event.RUN_ID, run));
  }
}

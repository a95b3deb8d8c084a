package dev.triggerflow.aws.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.triggerflow.aws.client.AwsWorkflowClient;
import dev.triggerflow.aws.config.LambdaEngine;
import dev.triggerflow.aws.fakes.Events;
import dev.triggerflow.aws.fakes.FakeLambda;
import dev.triggerflow.aws.fakes.Invoke;
import dev.triggerflow.aws.fakes.Testbed;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.event.Event;
import dev.triggerflow.event.EventCodec;
import dev.triggerflow.runtime.ManualClock;
import dev.triggerflow.spi.DeadLetter;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import dev.triggerflow.spi.Stores;
import dev.triggerflow.spi.TriggerStore;
import dev.triggerflow.store.memory.InMemoryStores;
import dev.triggerflow.trigger.Trigger;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TriggerHandlerTest {
  private final Testbed aws = Testbed.builder().build();
  private final TriggerHandler handler = new TriggerHandler(aws.triggerEngine());

  @AfterEach
  void stop() {
    aws.close();
  }

  private List<DeadLetter> deadLetters() {
    return aws.stores().deadLetters().list(10);
  }

  private static String envelope(Event event) {
    return EventCodec.toEnvelope(event).toString();
  }

  @Test
  void deliveryThatIsNotJson_isDeadLetteredAndTheInvocationSucceeds() throws Exception {
    JsonNode out = Invoke.handler(handler, "{not json at all");

    assertThat(out.path("dead_lettered").asInt()).isEqualTo(1);
    assertThat(deadLetters())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.reason()).contains("not valid JSON");
              assertThat(d.payload()).isEqualTo("{not json at all");
            });
  }

  @Test
  void cloudEventWithoutSubject_isDeadLetteredNamingTheAttribute() throws Exception {
    String detail =
        "{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"triggerflow\","
            + "\"type\":\"triggerflow.task.succeeded\",\"time\":\"2026-01-01T00:00:00Z\"}";
    String delivery =
        "{\"version\":\"0\",\"id\":\"x\",\"detail-type\":\"triggerflow.task.succeeded\","
            + "\"source\":\"triggerflow\",\"detail\":"
            + detail
            + "}";

    JsonNode out = Invoke.handler(handler, delivery);

    assertThat(out.path("dead_lettered").asInt()).isEqualTo(1);
    assertThat(deadLetters())
        .singleElement()
        .satisfies(d -> assertThat(d.reason()).contains("subject"));
  }

  @Test
  void envelopeWhoseDetailIsNotACloudEvent_isDeadLettered() throws Exception {
    String delivery =
        "{\"version\":\"0\",\"id\":\"x\",\"detail-type\":\"triggerflow.task.succeeded\","
            + "\"source\":\"triggerflow\",\"detail\":{\"hello\":1}}";

    Invoke.handler(handler, delivery);

    assertThat(deadLetters())
        .singleElement()
        .satisfies(d -> assertThat(d.reason()).contains("not a valid CloudEvent"));
  }

  @Test
  void eventOfAnUnknownRun_isDeadLetteredWithTheRunId() throws Exception {
    JsonNode out = Invoke.handler(handler, envelope(Events.succeeded("ghost-run", 1, "x")));

    assertThat(out.path("dead_lettered").asInt()).isEqualTo(1);
    assertThat(deadLetters())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.runId()).isEqualTo("ghost-run");
              assertThat(d.reason()).contains("no run 'ghost-run' exists");
            });
  }

  @Test
  void resultOfAnUnknownCall_isDeadLetteredByTheOrchestratorAndTheRunStillCompletes()
      throws Exception {
    try (AwsWorkflowClient client = aws.client(true)) {
      aws.lambda().hold(Testbed.TASKS);
      client.start("sequence", null, "seq-outside");
      aws.awaitIdle();
      Event bogus = EngineEvents.taskSucceeded("seq-outside", 1, 5, 1, new IntNode(99), Events.T0);

      JsonNode out = Invoke.handler(handler, envelope(bogus));
      aws.lambda().unhold(Testbed.TASKS);
      aws.lambda().releaseHeld();
      aws.awaitIdle();

      assertThat(out.path("processed").asInt()).isEqualTo(1);
      assertThat(deadLetters())
          .singleElement()
          .satisfies(d -> assertThat(d.reason()).contains("run 'seq-outside' has no call 5"));
      RunRecord run = client.run("seq-outside").orElseThrow();
      assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(run.result().asInt()).isEqualTo(6);
    }
  }

  @Test
  void duplicateOfTheFiringEvent_leavesTheActionToTheFirstDeliveryForThirtySeconds()
      throws Exception {
    try (Testbed timed = Testbed.builder().manualClock(Events.T0).build();
        AwsWorkflowClient client = timed.client(true)) {
      TriggerHandler trigger = new TriggerHandler(timed.triggerEngine());
      timed.lambda().hold(Testbed.TASKS);
      client.start("sequence", null, "seq-racing");
      timed.awaitIdle();
      Event result = EngineEvents.taskSucceeded("seq-racing", 1, 1, 1, new IntNode(3), Events.T0);
      timed.lambda().failInvocations(Testbed.ORCHESTRATOR, () -> FakeLambda.notFound("gone"));
      assertThatThrownBy(() -> Invoke.handler(trigger, envelope(result)));
      timed.lambda().failInvocations(Testbed.ORCHESTRATOR, null);
      int wakes = timed.lambda().invokes(Testbed.ORCHESTRATOR);

      JsonNode early = Invoke.handler(trigger, envelope(result));
      int wakesAfterEarlyDuplicate = timed.lambda().invokes(Testbed.ORCHESTRATOR);
      ((ManualClock) timed.clock()).advance(LambdaEngine.ACTION_GRACE);
      JsonNode late = Invoke.handler(trigger, envelope(result));

      assertThat(early.path("duplicate").asInt()).isEqualTo(1);
      assertThat(wakesAfterEarlyDuplicate)
          .as("no wake while the first may still act")
          .isEqualTo(wakes);
      assertThat(late.path("duplicate").asInt()).isEqualTo(1);
      assertThat(timed.lambda().invokes(Testbed.ORCHESTRATOR))
          .as("the action runs again once the first delivery must have crashed")
          .isEqualTo(wakes + 1);
    }
  }

  @Test
  void batch_processesTheGoodEventsAndDeadLettersTheBadOnes() throws Exception {
    try (AwsWorkflowClient client = aws.client(true)) {
      aws.lambda().hold(Testbed.TASKS);
      client.start("sequence", null, "seq-batch");
      aws.awaitIdle();
      Event good = EngineEvents.taskSucceeded("seq-batch", 1, 1, 1, new IntNode(3), Events.T0);
      String batch =
          "["
              + envelope(good)
              + ", \"garbage\", "
              + envelope(Events.succeeded("ghost-run", 1, "x"))
              + "]";

      JsonNode out = Invoke.handler(handler, batch);

      assertThat(out.path("processed").asInt()).isEqualTo(1);
      assertThat(out.path("dead_lettered").asInt()).isEqualTo(2);
      assertThat(deadLetters()).hasSize(2);
    }
  }

  @Test
  void storeFailure_failsTheInvocationAfterTryingEveryEventOfTheBatch() throws Exception {
    AtomicInteger lookups = new AtomicInteger();
    Stores memory = InMemoryStores.create();
    TriggerStore failing =
        new TriggerStore() {
          @Override
          public void create(Trigger trigger) {}

          @Override
          public List<Trigger> findBySubject(String runId, String subject) {
            lookups.incrementAndGet();
            throw new IllegalStateException("throughput exceeded");
          }

          @Override
          public Optional<Trigger> get(String runId, String triggerId) {
            return Optional.empty();
          }

          @Override
          public boolean replace(Trigger current, Trigger updated) {
            return false;
          }

          @Override
          public List<Trigger> list(String runId) {
            return List.of();
          }

          @Override
          public void deleteAll(String runId) {}
        };
    Stores stores =
        new Stores(memory.runs(), memory.history(), memory.inbox(), failing, memory.deadLetters());
    try (Testbed broken = Testbed.builder().stores(stores).build()) {
      TriggerHandler brokenHandler = new TriggerHandler(broken.triggerEngine());
      String batch =
          "["
              + envelope(Events.succeeded("r1", 1, "a"))
              + ","
              + envelope(Events.succeeded("r2", 1, "b"))
              + "]";

      assertThatThrownBy(() -> Invoke.handler(brokenHandler, batch))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("throughput exceeded")
          .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
      assertThat(lookups.get()).isEqualTo(2);
      assertThat(memory.deadLetters().list(10)).isEmpty();
    }
  }
}

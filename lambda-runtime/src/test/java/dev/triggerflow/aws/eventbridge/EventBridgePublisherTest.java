package dev.triggerflow.aws.eventbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.aws.fakes.Activity;
import dev.triggerflow.aws.fakes.ApiCalls;
import dev.triggerflow.aws.fakes.Events;
import dev.triggerflow.aws.fakes.FakeEventBridge;
import dev.triggerflow.aws.fakes.FakeLambda;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.event.Event;
import dev.triggerflow.event.EventCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

class EventBridgePublisherTest {
  private static final String BUS = "tf-bus";

  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final ApiCalls calls = new ApiCalls();
  private final FakeEventBridge bus =
      new FakeEventBridge(calls, new FakeLambda(calls, new Activity(), pool), BUS);
  private final List<Duration> pauses = new ArrayList<>();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private EventBridgePublisher.Builder publisher() {
    return EventBridgePublisher.builder().client(bus).eventBus(BUS).sleeper(pauses::add);
  }

  @Test
  void publish_25Events_sendsRequestsOfAtMostTenInOrder() {
    List<Event> events = Events.many("run-1", 25, 10);

    publisher().build().publish(events);

    assertThat(bus.requests()).extracting(r -> r.entries().size()).containsExactly(10, 10, 5);
    assertThat(bus.accepted())
        .extracting(e -> e.path("detail").path("id").asText())
        .containsExactlyElementsOf(events.stream().map(Event::id).toList());
  }

  @Test
  void publish_entry_carriesSourceTypeCloudEventAndBus() {
    Event event = Events.succeeded("run-1", 3, "done");

    publisher().build().publish(List.of(event));

    PutEventsRequestEntry entry = bus.requests().get(0).entries().get(0);
    assertThat(entry.source()).isEqualTo(EngineEvents.SOURCE);
    assertThat(entry.detailType()).isEqualTo(EngineEvents.TASK_SUCCEEDED);
    assertThat(entry.eventBusName()).isEqualTo(BUS);
    assertThat(EventCodec.fromJson(entry.detail())).isEqualTo(event);
  }

  @Test
  void publish_largeEvents_splitsRequestsUnderTheSizeLimit() {
    List<Event> events = Events.many("run-1", 6, 60_000);

    publisher().build().publish(events);

    List<PutEventsRequest> requests = bus.requests();
    assertThat(requests).hasSizeGreaterThan(1);
    assertThat(requests)
        .allSatisfy(
            r ->
                assertThat(r.entries().stream().mapToLong(EntrySize::of).sum())
                    .isLessThanOrEqualTo(EventBridgePublisher.DEFAULT_MAX_BYTES));
    assertThat(bus.accepted()).hasSize(6);
  }

  @Test
  void publish_someEntriesFail_sendsOnlyThoseAgainAfterAPause() {
    bus.failNextEntries(3, "ThrottlingException");
    List<Event> events = Events.many("run-1", 8, 10);

    publisher().build().publish(events);

    assertThat(bus.requests()).extracting(r -> r.entries().size()).containsExactly(8, 3);
    assertThat(bus.accepted())
        .extracting(e -> e.path("detail").path("id").asText())
        .containsExactlyInAnyOrderElementsOf(events.stream().map(Event::id).toList());
    assertThat(pauses).containsExactly(Duration.ofMillis(100));
  }

  @Test
  void publish_entriesKeepFailing_throwsNamingThemAfterTheLastAttempt() {
    bus.failNextEntries(1_000, "InternalFailure");
    List<Event> events = Events.many("run-1", 2, 10);

    assertThatThrownBy(() -> publisher().maxAttempts(4).build().publish(events))
        .isInstanceOf(PublishFailedException.class)
        .hasMessageContaining("did not accept 2 event(s) after 4 attempts")
        .hasMessageContaining(events.get(0).id())
        .hasMessageContaining("InternalFailure");
    assertThat(bus.requests()).hasSize(4);
    assertThat(pauses)
        .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
  }

  @Test
  void publish_eventTooLargeForAnEntry_throwsAndSendsNothing() {
    List<Event> events = new ArrayList<>(Events.many("run-1", 2, 10));
    events.add(Events.succeeded("run-1", 9, "y".repeat(300_000)));

    assertThatThrownBy(() -> publisher().build().publish(events))
        .isInstanceOf(EventTooLargeException.class)
        .hasMessageContaining(events.get(2).id())
        .hasMessageContaining("travel by reference");
    assertThat(bus.requests()).isEmpty();
  }

  @Test
  void publish_eventJustUnderTheLimit_isSentWhole() {
    Event event = Events.succeeded("run-1", 1, "z".repeat(250_000));

    publisher().build().publish(List.of(event));

    JsonNode delivered = bus.accepted().get(0).path("detail").path("data").path("result");
    assertThat(delivered.asText()).hasSize(250_000);
  }
}

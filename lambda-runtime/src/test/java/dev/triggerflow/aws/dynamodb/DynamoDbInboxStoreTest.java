package dev.triggerflow.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triggerflow.aws.testing.ApiCallCounter;
import dev.triggerflow.event.Event;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.InboxStore.PutOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** What the inbox does on DynamoDB beyond the contract: layout, paging, batching, ordering. */
class DynamoDbInboxStoreTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private String table;

  @BeforeEach
  void setUp() {
    table = Dynalite.tables("inbox").triggers();
  }

  @Test
  void put_storesTheEventUnderInboxPrefixWithItsArrivalTime() {
    DynamoDbInboxStore store = new DynamoDbInboxStore(Dynalite.client(), table, () -> T0);

    store.put("run-1", event("e-1", "{\"r\":1}"));

    var item = RawItems.query(table, "run-1", "inbox#").get(0);
    assertThat(item.get("sk").s()).isEqualTo("inbox#e-1");
    assertThat(item.get("arrivedAt").s()).isEqualTo("2026-01-01T00:00:00.000000000Z");
    assertThat(item.get("event").s()).contains("\"id\":\"e-1\"");
  }

  @Test
  void pending_underAClockThatStandsStill_keepsTheOrderOfStoring() {
    DynamoDbInboxStore store = new DynamoDbInboxStore(Dynalite.client(), table, () -> T0);
    List<Event> expected = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Event e = event("e-" + (20 - i), "{\"i\":" + i + "}");
      store.put("run-1", e);
      expected.add(e);
    }

    assertThat(store.pending("run-1")).containsExactlyElementsOf(expected);
  }

  @Test
  void pending_moreThanOneQueryPage_readsEveryPageInArrivalOrder() {
    Random random = new Random(3);
    List<Event> expected = new ArrayList<>();
    DynamoDbInboxStore writer = new DynamoDbInboxStore(Dynalite.client(), table, Instant::now);
    for (int i = 0; i < 16; i++) {
      // About 100 KB each after compression: random text does not shrink.
      Event e =
          event(
              "e-" + (i * 7 % 16),
              Json.write(DynamoDbHistoryStoreTest.randomText(random, 100_000)));
      writer.put("run-1", e);
      expected.add(e);
    }
    ApiCallCounter counter = new ApiCallCounter();
    try (DynamoDbClient counting = Dynalite.counting(counter, false)) {
      DynamoDbInboxStore reader = new DynamoDbInboxStore(counting, table, Instant::now);

      List<Event> pending = reader.pending("run-1");

      assertThat(pending).containsExactlyElementsOf(expected);
      assertThat(counter.count("Query")).isGreaterThan(1);
    }
  }

  @Test
  void remove_sixtyEvents_deletesInBatchesOfTwentyFive() {
    DynamoDbInboxStore writer = new DynamoDbInboxStore(Dynalite.client(), table, Instant::now);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      writer.put("run-1", event("e-" + i, "1"));
      ids.add("e-" + i);
    }
    ApiCallCounter counter = new ApiCallCounter();
    try (DynamoDbClient counting = Dynalite.counting(counter, false)) {
      DynamoDbInboxStore store = new DynamoDbInboxStore(counting, table, Instant::now);

      store.remove("run-1", ids);

      assertThat(counter.counts()).isEqualTo(Map.of("BatchWriteItem", 3L));
      assertThat(writer.pending("run-1")).isEmpty();
    }
  }

  @Test
  void put_duplicateAfterConflictingContent_comparesWithTheFirstStored() {
    DynamoDbInboxStore store = new DynamoDbInboxStore(Dynalite.client(), table, Instant::now);
    store.put("run-1", event("e-1", "{\"r\":1}"));

    assertThat(store.put("run-1", event("e-1", "{\"r\":2}"))).isEqualTo(PutOutcome.CONFLICT);
    assertThat(store.put("run-1", event("e-1", "{\"r\":1}"))).isEqualTo(PutOutcome.DUPLICATE);
    assertThat(store.pending("run-1")).containsExactly(event("e-1", "{\"r\":1}"));
  }

  private static Event event(String id, String data) {
    return new Event(
        id,
        "triggerflow",
        "triggerflow.task.succeeded",
        "run-1/g0",
        T0,
        Json.parse(data),
        Map.of("runid", "run-1", "callid", "0"));
  }
}

package dev.triggerflow.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triggerflow.aws.testing.ApiCallCounter;
import dev.triggerflow.event.Event;
import dev.triggerflow.history.HistoryEvent.EpisodeStarted;
import dev.triggerflow.history.HistoryEvent.RunStarted;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.Stores;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** Clearing away an expired run's history, inbox and triggers, on dynalite. */
class DynamoDbRunPurgeTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private TableNames tables;
  private Stores stores;

  @BeforeEach
  void setUp() {
    tables = Dynalite.tables("purge");
    stores = DynamoDbStores.create(Dynalite.client(), tables);
  }

  @Test
  void purge_runWhoseRecordIsGone_deletesItsHistoryInboxAndTriggersAndNothingElse() {
    fill("run-1", 3);
    fill("run-2", 3);
    expire("run-1");

    DynamoDbRunPurge.Purged purged = new DynamoDbRunPurge(Dynalite.client(), tables).purge("run-1");

    assertThat(purged.runExists()).isFalse();
    assertThat(purged.historyItems()).isEqualTo(3);
    // Two inbox events, a trigger with one subject (item and id pointer), and a trigger with two
    // subjects (item, id pointer and subject pointer).
    assertThat(purged.triggerTableItems()).isEqualTo(7);
    assertThat(RawItems.query(tables.history(), "run-1", "")).isEmpty();
    assertThat(RawItems.query(tables.triggers(), "run-1", "")).isEmpty();
    assertThat(stores.history().read("run-1", 0)).isEmpty();
    assertThat(stores.inbox().pending("run-1")).isEmpty();
    assertThat(stores.triggers().list("run-1")).isEmpty();

    assertThat(stores.runs().get("run-2")).isPresent();
    assertThat(stores.history().read("run-2", 0)).hasSize(3);
    assertThat(stores.inbox().pending("run-2")).hasSize(2);
    assertThat(stores.triggers().list("run-2")).hasSize(2);
  }

  @Test
  void purge_runThatExists_deletesNothing() {
    fill("run-1", 2);

    DynamoDbRunPurge.Purged purged = new DynamoDbRunPurge(Dynalite.client(), tables).purge("run-1");

    assertThat(purged.runExists()).isTrue();
    assertThat(RawItems.query(tables.history(), "run-1", "")).hasSize(2);
    assertThat(RawItems.query(tables.triggers(), "run-1", "")).hasSize(7);
  }

  @Test
  void purge_longHistoryOverManyPages_deletesEveryItemWithOneBatchPerPage() {
    fill("run-1", 60);
    expire("run-1");
    ApiCallCounter counter = new ApiCallCounter();
    try (DynamoDbClient counting = Dynalite.counting(counter, false)) {
      DynamoDbRunPurge.Purged purged = new DynamoDbRunPurge(counting, tables, 7).purge("run-1");

      assertThat(purged.historyItems()).isEqualTo(60);
      assertThat(purged.triggerTableItems()).isEqualTo(7);
      // One read of the run's record. History: 60 keys in pages of 7, eight full and one of 4.
      // Triggers table: 7 keys fill a page, so a second query, which finds nothing, ends it. Each
      // page with keys is one batch.
      assertThat(counter.count("GetItem")).isEqualTo(1);
      assertThat(counter.count("Query")).isEqualTo(9 + 2);
      assertThat(counter.count("BatchWriteItem")).isEqualTo(9 + 1);
    }
    assertThat(RawItems.query(tables.history(), "run-1", "")).isEmpty();
    assertThat(RawItems.query(tables.triggers(), "run-1", "")).isEmpty();
  }

  @Test
  void purge_pageOfSixtyKeys_deletesThemInBatchesOfTwentyFive() {
    fill("run-1", 60);
    expire("run-1");
    ApiCallCounter counter = new ApiCallCounter();
    try (DynamoDbClient counting = Dynalite.counting(counter, false)) {
      new DynamoDbRunPurge(counting, tables).purge("run-1");

      assertThat(counter.count("Query")).isEqualTo(2);
      assertThat(counter.count("BatchWriteItem")).isEqualTo(3 + 1);
    }
    assertThat(RawItems.query(tables.history(), "run-1", "")).isEmpty();
  }

  @Test
  void purge_runWithNothingLeft_readsAndDeletesNothingMore() {
    fill("run-1", 1);
    expire("run-1");
    new DynamoDbRunPurge(Dynalite.client(), tables).purge("run-1");

    DynamoDbRunPurge.Purged again = new DynamoDbRunPurge(Dynalite.client(), tables).purge("run-1");

    assertThat(again).isEqualTo(new DynamoDbRunPurge.Purged(false, 0, 0));
  }

  @Test
  void purge_missingTable_failsWithDynamoDbsError() {
    TableNames missing =
        new TableNames(tables.runs(), "no-such-history", tables.triggers(), tables.deadLetters());

    assertThatThrownBy(() -> new DynamoDbRunPurge(Dynalite.client(), missing).purge("run-1"))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  /**
   * A run with {@code episodes} history items, two pending events, a trigger with one subject and
   * one with two.
   */
  private void fill(String runId, int episodes) {
    stores.runs().create(RunRecord.started(runId, "wf", Json.parse("{}"), T0));
    stores.history().append(runId, 0, List.of(new RunStarted(0, "wf", Json.parse("{}"), T0)));
    for (int e = 1; e < episodes; e++) {
      stores.history().append(runId, e, List.of(new EpisodeStarted(e, T0.plusSeconds(e))));
    }
    stores.inbox().put(runId, event(runId, "e-1"));
    stores.inbox().put(runId, event(runId, "e-2"));
    stores.triggers().create(DynamoDbTriggerStoreTest.trigger(runId, "g0", Set.of(runId + "/g0")));
    stores
        .triggers()
        .create(
            DynamoDbTriggerStoreTest.trigger(runId, "g1", Set.of(runId + "/g1", runId + "/g2")));
  }

  /** Deletes the run's record, as DynamoDB's TTL does once the retention period has passed. */
  private void expire(String runId) {
    Dynalite.client()
        .deleteItem(
            b -> b.tableName(tables.runs()).key(Map.of(RunItem.PK, AttributeValue.fromS(runId))));
    assertThat(stores.runs().get(runId)).isEmpty();
  }

  private static Event event(String runId, String id) {
    return new Event(
        id,
        "triggerflow",
        "triggerflow.task.succeeded",
        runId + "/g0",
        T0,
        Json.parse("1"),
        Map.of("runid", runId, "callid", "0"));
  }
}

package dev.triggerflow.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triggerflow.aws.testing.ApiCallCounter;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.history.HistoryEvent.EpisodeStarted;
import dev.triggerflow.history.HistoryEvent.RunStarted;
import dev.triggerflow.history.HistoryEvent.TaskScheduled;
import dev.triggerflow.history.HistoryEvent.TaskSucceeded;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.HistoryStore.HistoryConflictException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What the history store does on DynamoDB beyond the contract: item layout and large episodes. */
class DynamoDbHistoryStoreTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.000000001Z");

  private String table;
  private DynamoDbHistoryStore store;

  @BeforeEach
  void setUp() {
    table = Dynalite.tables("history").history();
    store = new DynamoDbHistoryStore(Dynalite.client(), table);
  }

  @Test
  void append_smallEpisode_isOneReadableItemKeyedByZeroPaddedEpisode() {
    store.append("run-1", 0, List.of(new RunStarted(0, "wf", Json.parse("{\"n\":1}"), T0)));
    store.append("run-1", 1, List.of(new EpisodeStarted(1, T0)));

    List<Map<String, AttributeValue>> items = RawItems.query(table, "run-1", "");

    assertThat(items).extracting(i -> i.get("sk").s()).containsExactly("0000000000", "0000000001");
    assertThat(items.get(0).get("events").s()).contains("\"kind\":\"RunStarted\"");
    assertThat(items.get(0).get("eventCount").n()).isEqualTo("1");
  }

  @Test
  void append_episodeOfTenThousandCalls_isSplitIntoPartsAndReadBackExactly() {
    List<HistoryEvent> episode = mapOfCalls(1, 10_000, new Random(7));
    store.append("run-1", 0, List.of(new RunStarted(0, "wf", null, T0)));

    store.append("run-1", 1, episode);

    List<String> parts = RawItems.sortKeys(table, "run-1", "part#0000000001#");
    Map<String, AttributeValue> head = RawItems.query(table, "run-1", "0000000001").get(0);
    assertThat(parts).hasSizeGreaterThan(1);
    assertThat(head.get("parts").l())
        .extracting(AttributeValue::s)
        .containsExactlyElementsOf(parts);
    assertThat(head).doesNotContainKeys("events", "eventsGz");
    assertThat(store.read("run-1", 1)).containsExactlyElementsOf(episode);
    assertThat(store.read("run-1", 0)).hasSize(episode.size() + 1);
  }

  @Test
  void append_splitEpisodeLosingTheRace_throwsConflictDeletesItsPartsAndKeepsTheWinner() {
    DynamoDbHistoryStore smallParts = new DynamoDbHistoryStore(Dynalite.client(), table, 2_000);
    List<HistoryEvent> winner = mapOfCalls(0, 10, new Random(1));
    List<HistoryEvent> loser = mapOfCalls(0, 300, new Random(2));
    smallParts.append("run-1", 0, winner);

    assertThatThrownBy(() -> smallParts.append("run-1", 0, loser))
        .isInstanceOf(HistoryConflictException.class);

    assertThat(RawItems.sortKeys(table, "run-1", "part#")).isEmpty();
    assertThat(smallParts.read("run-1", 0)).containsExactlyElementsOf(winner);
  }

  @Test
  void append_twoWritersRacingForASplitEpisode_exactlyOneWinsAndOnlyItsPartsRemain()
      throws Exception {
    DynamoDbHistoryStore smallParts = new DynamoDbHistoryStore(Dynalite.client(), table, 2_000);
    List<List<HistoryEvent>> candidates =
        List.of(mapOfCalls(0, 200, new Random(3)), mapOfCalls(0, 200, new Random(4)));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch gate = new CountDownLatch(1);
    List<Future<Boolean>> outcomes = new ArrayList<>();
    try {
      for (List<HistoryEvent> events : candidates) {
        outcomes.add(
            pool.submit(
                () -> {
                  gate.await();
                  try {
                    smallParts.append("run-1", 0, events);
                    return true;
                  } catch (HistoryConflictException e) {
                    return false;
                  }
                }));
      }
      gate.countDown();
      boolean first = outcomes.get(0).get(60, TimeUnit.SECONDS);
      boolean second = outcomes.get(1).get(60, TimeUnit.SECONDS);

      assertThat(first).isNotEqualTo(second);
      List<HistoryEvent> won = candidates.get(first ? 0 : 1);
      assertThat(smallParts.read("run-1", 0)).containsExactlyElementsOf(won);
      Map<String, AttributeValue> head = RawItems.query(table, "run-1", "0000000000").get(0);
      assertThat(RawItems.sortKeys(table, "run-1", "part#"))
          .containsExactlyElementsOf(
              head.get("parts").l().stream().map(AttributeValue::s).toList());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void read_splitEpisodeWithAPartMissing_failsNamingTheEpisode() {
    DynamoDbHistoryStore smallParts = new DynamoDbHistoryStore(Dynalite.client(), table, 2_000);
    smallParts.append("run-1", 0, mapOfCalls(0, 300, new Random(5)));
    List<String> parts = RawItems.sortKeys(table, "run-1", "part#");
    RawItems.delete(table, "run-1", parts.get(1));

    assertThatThrownBy(() -> smallParts.read("run-1", 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("episode 0 of run 'run-1'");
  }

  @Test
  void read_historyLargerThanOneQueryPage_readsEveryPage() {
    List<HistoryEvent> expected = new ArrayList<>();
    Random random = new Random(11);
    for (int e = 0; e < 6; e++) {
      // About 300 KB each after compression: random text does not shrink.
      List<HistoryEvent> episode =
          List.of(
              new TaskSucceeded(
                  e,
                  e,
                  Json.mapper().getNodeFactory().textNode(randomText(random, 300_000)),
                  "e" + e,
                  T0));
      store.append("run-1", e, episode);
      expected.addAll(episode);
    }
    ApiCallCounter counter = new ApiCallCounter();
    try (DynamoDbClient counting = Dynalite.counting(counter, false)) {
      DynamoDbHistoryStore counted = new DynamoDbHistoryStore(counting, table);

      List<HistoryEvent> read = counted.read("run-1", 0);

      assertThat(read).containsExactlyElementsOf(expected);
      assertThat(counter.count("Query")).isGreaterThan(1);
    }
  }

  /** A map's episode: one task scheduled per call, each with an input that does not compress. */
  static List<HistoryEvent> mapOfCalls(int episode, int calls, Random random) {
    List<HistoryEvent> events = new ArrayList<>();
    events.add(new EpisodeStarted(episode, T0.plusNanos(episode)));
    for (int c = 0; c < calls; c++) {
      events.add(
          new TaskScheduled(
              episode,
              c,
              1,
              "square",
              Json.parse("{\"x\":" + c + ",\"salt\":\"" + randomText(random, 48) + "\"}")));
    }
    return events;
  }

  static String randomText(Random random, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append((char) ('!' + random.nextInt(90)));
    }
    return text.toString().replace("\\", "/").replace("\"", "'");
  }
}

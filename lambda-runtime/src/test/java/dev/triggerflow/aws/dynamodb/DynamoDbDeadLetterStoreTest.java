package dev.triggerflow.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triggerflow.spi.DeadLetter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What the dead-letter store does on DynamoDB beyond the contract: TTL and oversized payloads. */
class DynamoDbDeadLetterStoreTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration RETENTION = Duration.ofDays(30);

  private String table;
  private DynamoDbDeadLetterStore store;

  @BeforeEach
  void setUp() {
    table = Dynalite.tables("dead-letters").deadLetters();
    store = new DynamoDbDeadLetterStore(Dynalite.client(), table, RETENTION, () -> NOW);
  }

  @Test
  void put_setsTheTtlToNowPlusRetentionInEpochSeconds() {
    store.put(new DeadLetter("dl-1", NOW.minusSeconds(5), "why", "run-1", "{}"));

    Map<String, AttributeValue> item = RawItems.query(table, "deadletter", "").get(0);

    assertThat(item.get("sk").s()).isEqualTo("2025-12-31T23:59:55.000000000Z#dl-1");
    assertThat(item.get("expiresAt").n())
        .isEqualTo(Long.toString(NOW.plus(RETENTION).getEpochSecond()));
  }

  @Test
  void put_payloadTooLargeEvenCompressed_keepsItsBeginningAndSaysSo() {
    String payload = DynamoDbHistoryStoreTest.randomText(new Random(5), 600_000);

    store.put(new DeadLetter("dl-1", NOW, "unreadable", null, payload));

    List<DeadLetter> letters = store.list(1);
    assertThat(letters).hasSize(1);
    assertThat(letters.get(0).payload()).isEqualTo(payload.substring(0, 100_000));
    assertThat(letters.get(0).reason()).startsWith("unreadable (payload truncated");
  }

  @Test
  void list_newestAcrossMoreThanOneQueryPage_returnsExactlyTheLimit() {
    Random random = new Random(9);
    for (int i = 0; i < 12; i++) {
      store.put(
          new DeadLetter(
              "dl-" + i,
              NOW.plusSeconds(i),
              "r",
              "run-1",
              DynamoDbHistoryStoreTest.randomText(random, 200_000)));
    }

    List<DeadLetter> letters = store.list(10);

    assertThat(letters)
        .extracting(DeadLetter::id)
        .containsExactly(
            "dl-11", "dl-10", "dl-9", "dl-8", "dl-7", "dl-6", "dl-5", "dl-4", "dl-3", "dl-2");
  }
}

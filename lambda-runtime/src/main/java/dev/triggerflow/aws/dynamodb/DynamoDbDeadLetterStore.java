package dev.triggerflow.aws.dynamodb;

import dev.triggerflow.spi.Clock;
import dev.triggerflow.spi.DeadLetter;
import dev.triggerflow.spi.DeadLetterStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Dead letters in DynamoDB ({@link DeadLetterItem}), all in one partition ordered by time, so the
 * newest are one query away. One partition takes about a thousand writes a second, far more than
 * events should ever fail at; TTL removes letters after the retention period.
 */
public final class DynamoDbDeadLetterStore implements DeadLetterStore {
  private static final Logger log = LoggerFactory.getLogger(DynamoDbDeadLetterStore.class);

  /** The most characters of a payload kept when even its compressed form is too large. */
  private static final int TRUNCATED_PAYLOAD_CHARS = 100_000;

  private final DynamoDbTable<DeadLetterItem> table;
  private final Duration retention;
  private final Clock clock;

  /**
   * A dead-letter store on an existing table.
   *
   * @param client the client, built once per container
   * @param tableName the dead-letter table
   * @param retention how long a letter is kept
   * @param clock the time the retention counts from
   */
  public DynamoDbDeadLetterStore(
      DynamoDbClient client, String tableName, Duration retention, Clock clock) {
    this.table =
        DynamoDbEnhancedClient.builder()
            .dynamoDbClient(client)
            .build()
            .table(tableName, DeadLetterItem.SCHEMA);
    this.retention = Objects.requireNonNull(retention, "retention");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void put(DeadLetter letter) {
    DeadLetterItem item = new DeadLetterItem();
    item.pk = DeadLetterItem.PARTITION;
    item.time = Times.format(letter.time());
    item.sk = item.time + "#" + letter.id();
    item.id = letter.id();
    item.reason = letter.reason();
    item.runId = letter.runId();
    item.expiresAt = Times.epochSeconds(clock.now().plus(retention));
    if (letter.payload() != null) {
      Bodies.Body payload = Bodies.encode(letter.payload());
      if (payload.size() > Bodies.MAX_VALUE_BYTES) {
        // A dead letter that cannot be stored helps nobody; keep its beginning and say so.
        log.warn(
            "dead letter {} has a payload of {} bytes compressed; keeping its first {} characters",
            letter.id(),
            payload.size(),
            TRUNCATED_PAYLOAD_CHARS);
        item.reason =
            letter.reason()
                + " (payload truncated to its first "
                + TRUNCATED_PAYLOAD_CHARS
                + " characters)";
        payload = Bodies.encode(letter.payload().substring(0, TRUNCATED_PAYLOAD_CHARS));
      }
      item.payload = payload.text();
      item.payloadGz = payload.gzip();
    }
    table.putItem(item);
  }

  @Override
  public List<DeadLetter> list(int limit) {
    if (limit < 1) {
      return List.of();
    }
    QueryEnhancedRequest request =
        QueryEnhancedRequest.builder()
            .queryConditional(
                QueryConditional.keyEqualTo(
                    Key.builder().partitionValue(DeadLetterItem.PARTITION).build()))
            .scanIndexForward(false)
            .limit(limit)
            .consistentRead(true)
            .build();
    List<DeadLetter> letters = new ArrayList<>();
    Iterator<DeadLetterItem> items = table.query(request).items().iterator();
    while (letters.size() < limit && items.hasNext()) {
      letters.add(items.next().toLetter());
    }
    return letters;
  }
}

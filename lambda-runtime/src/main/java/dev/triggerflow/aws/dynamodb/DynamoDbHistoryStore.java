package dev.triggerflow.aws.dynamodb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.HistoryStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Histories in DynamoDB: one item per episode ({@link HistoryItem}), written once with a put
 * conditional on the episode not existing, and read back with a consistent, paginated query.
 *
 * <p>An episode too large for one item even compressed (a map of many thousand calls) is split: its
 * parts go first, under keys holding a token unique to this writer, then the head, still
 * conditionally, listing the parts. Readers follow only the head, so the parts of a writer that
 * lost the race for the episode are never read; that writer deletes them.
 */
public final class DynamoDbHistoryStore implements HistoryStore {
  private static final Logger log = LoggerFactory.getLogger(DynamoDbHistoryStore.class);
  private static final JavaType EVENT_LIST =
      Json.mapper().getTypeFactory().constructCollectionType(List.class, HistoryEvent.class);

  private final DynamoDbEnhancedClient enhanced;
  private final DynamoDbTable<HistoryItem> table;
  private final int partBytes;

  /**
   * A history store on an existing table.
   *
   * @param client the client, built once per container
   * @param tableName the history table
   */
  public DynamoDbHistoryStore(DynamoDbClient client, String tableName) {
    this(client, tableName, Bodies.MAX_VALUE_BYTES);
  }

  /** A history store that splits episodes into parts of at most {@code partBytes}. */
  DynamoDbHistoryStore(DynamoDbClient client, String tableName, int partBytes) {
    this.enhanced =
        DynamoDbEnhancedClient.builder()
            .dynamoDbClient(Objects.requireNonNull(client, "client"))
            .build();
    this.table = enhanced.table(tableName, HistoryItem.SCHEMA);
    if (partBytes < 1 || partBytes > Bodies.MAX_VALUE_BYTES) {
      throw new IllegalArgumentException("part size must be 1 to " + Bodies.MAX_VALUE_BYTES);
    }
    this.partBytes = partBytes;
  }

  @Override
  public void append(String runId, int episode, List<HistoryEvent> events) {
    if (episode < 0) {
      throw new IllegalArgumentException(
          "episode numbers start at 0; run '" + runId + "' got " + episode);
    }
    // No read to check that episode - 1 exists: the orchestrator appends the episode after the
    // last it read, so a gap cannot arise, and the check would cost a read per wake.

    String json = write(events);
    Bodies.Body body = Bodies.encode(json);
    HistoryItem head = new HistoryItem();
    head.pk = runId;
    head.sk = HistoryItem.episodeKey(episode);
    head.eventCount = events.size();
    List<Key> parts = List.of();
    if (body.size() <= partBytes) {
      head.events = body.text();
      head.eventsGz = body.gzip();
    } else {
      byte[] gzip =
          body.gzip() != null
              ? body.gzip().asByteArrayUnsafe()
              : Bodies.gzip(json.getBytes(StandardCharsets.UTF_8));
      parts = writeParts(runId, episode, gzip);
      head.parts = parts.stream().map(k -> k.sortKeyValue().orElseThrow().s()).toList();
      log.info(
          "episode {} of run {} takes {} bytes compressed; stored in {} parts",
          episode,
          runId,
          gzip.length,
          parts.size());
    }

    try {
      table.putItem(
          PutItemEnhancedRequest.builder(HistoryItem.class)
              .item(head)
              .conditionExpression(
                  Expression.builder()
                      .expression("attribute_not_exists(#pk)")
                      .putExpressionName("#pk", HistoryItem.PK)
                      .build())
              .build());
    } catch (ConditionalCheckFailedException e) {
      if (!parts.isEmpty()) {
        deleteLosingParts(runId, episode, parts);
      }
      throw new HistoryConflictException(runId, episode);
    }
  }

  @Override
  public List<HistoryEvent> read(String runId, int fromEpisode) {
    QueryEnhancedRequest request =
        QueryEnhancedRequest.builder()
            .queryConditional(
                QueryConditional.sortBetween(
                    key(runId, HistoryItem.episodeKey(Math.max(0, fromEpisode))),
                    key(runId, HistoryItem.episodeKey(Integer.MAX_VALUE))))
            .consistentRead(true)
            .build();
    List<HistoryEvent> events = new ArrayList<>();
    for (HistoryItem head : table.query(request).items()) {
      String json =
          head.parts != null
              ? new String(Bodies.gunzip(readParts(head)), StandardCharsets.UTF_8)
              : Bodies.decode(head.events, head.eventsGz);
      events.addAll(parse(json, runId, head.episode()));
    }
    return events;
  }

  private List<Key> writeParts(String runId, int episode, byte[] gzip) {
    String token = UUID.randomUUID().toString();
    List<Key> keys = new ArrayList<>();
    for (int from = 0, index = 0; from < gzip.length; from += partBytes, index++) {
      HistoryItem part = new HistoryItem();
      part.pk = runId;
      part.sk = HistoryItem.partKey(episode, token, index);
      part.chunk =
          SdkBytes.fromByteArrayUnsafe(
              Arrays.copyOfRange(gzip, from, Math.min(gzip.length, from + partBytes)));
      table.putItem(part);
      keys.add(key(runId, part.sk));
    }
    return keys;
  }

  private byte[] readParts(HistoryItem head) {
    String first = head.parts.get(0);
    String prefix = first.substring(0, first.lastIndexOf('#') + 1);
    QueryEnhancedRequest request =
        QueryEnhancedRequest.builder()
            .queryConditional(QueryConditional.sortBeginsWith(key(head.pk, prefix)))
            .consistentRead(true)
            .build();
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    int next = 0;
    for (HistoryItem part : table.query(request).items()) {
      if (next >= head.parts.size() || !head.parts.get(next).equals(part.sk)) {
        throw new IllegalStateException(
            "episode " + head.episode() + " of run '" + head.pk + "' has a part it does not list");
      }
      joined.writeBytes(part.chunk.asByteArrayUnsafe());
      next++;
    }
    if (next != head.parts.size()) {
      throw new IllegalStateException(
          "episode "
              + head.episode()
              + " of run '"
              + head.pk
              + "' lists "
              + head.parts.size()
              + " parts but "
              + next
              + " are stored");
    }
    return joined.toByteArray();
  }

  private void deleteLosingParts(String runId, int episode, List<Key> parts) {
    try {
      BatchDeletes.delete(enhanced, table, HistoryItem.class, parts);
    } catch (RuntimeException e) {
      // The parts are never read (no head names them), so failing to delete them loses nothing;
      // they stay under the run's key until its history is deleted.
      log.warn("could not delete the unused parts of episode {} of run {}", episode, runId, e);
    }
  }

  private static Key key(String runId, String sortKey) {
    return Key.builder().partitionValue(runId).sortValue(sortKey).build();
  }

  private static String write(List<HistoryEvent> events) {
    try {
      return Json.mapper().writerFor(EVENT_LIST).writeValueAsString(events);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("history events cannot be written as JSON", e);
    }
  }

  private static List<HistoryEvent> parse(String json, String runId, int episode) {
    try {
      return Json.mapper().readValue(json, EVENT_LIST);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "episode " + episode + " of run '" + runId + "' is not readable history", e);
    }
  }
}

package dev.triggerflow.aws.dynamodb;

import dev.triggerflow.deployment.AwsContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Clears away what a run leaves in the history and triggers tables once its record is gone.
 *
 * <p>DynamoDB's TTL deletes a finished run's record after the retention period, but the run's
 * history episodes, any event still waiting in its inbox and any trigger a late dispatch brought
 * back carry no TTL: nothing knows, when it writes them, how long the run will last. A purge
 * deletes them, one page of keys at a time, 25 keys to a batch. It is idempotent and makes progress
 * with every batch, so a purge cut short (a timeout, throttling) finishes when it is run again.
 *
 * <p>A purge first checks, with a consistent read, that no run with the id exists: a run record
 * that is back (a new run started under the same id after the old one expired) keeps its items.
 * Only a run started under the same id in the moment between that read and the deletes could lose
 * items; run ids that are not reused (the client's default) never meet this.
 */
public final class DynamoDbRunPurge {
  /** How many keys one query page asks for by default. */
  static final int DEFAULT_PAGE_SIZE = 1000;

  private final DynamoDbClient client;
  private final DynamoDbEnhancedClient enhanced;
  private final String runsTable;
  private final DynamoDbTable<HistoryItem> history;
  private final DynamoDbTable<TriggerItem> triggers;
  private final int pageSize;

  /**
   * A purge of runs on the given tables.
   *
   * @param client the client, built once per container
   * @param tables the engine's tables (the dead-letter table is not used)
   */
  public DynamoDbRunPurge(DynamoDbClient client, TableNames tables) {
    this(client, tables, DEFAULT_PAGE_SIZE);
  }

  DynamoDbRunPurge(DynamoDbClient client, TableNames tables, int pageSize) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("a query page holds at least one key, not " + pageSize);
    }
    this.client = Objects.requireNonNull(client, "client");
    this.enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(client).build();
    this.runsTable = tables.runs();
    this.history = enhanced.table(tables.history(), HistoryItem.SCHEMA);
    this.triggers = enhanced.table(tables.triggers(), TriggerItem.SCHEMA);
    this.pageSize = pageSize;
  }

  /** What a purge did. */
  public record Purged(boolean runExists, int historyItems, int triggerTableItems) {
    /** Nothing was deleted because the run's record exists. */
    static final Purged RUN_EXISTS = new Purged(true, 0, 0);
  }

  /**
   * Deletes the history items and the triggers-table items (inbox events, triggers and their
   * pointers) of a run whose record is gone; does nothing if the record exists.
   *
   * @throws software.amazon.awssdk.core.exception.SdkException when a read or a delete fails;
   *     running the purge again carries on from what is left
   */
  public Purged purge(String runId) {
    if (runExists(runId)) {
      return Purged.RUN_EXISTS;
    }
    int historyItems = deletePartition(history, HistoryItem.class, runId);
    int triggerTableItems = deletePartition(triggers, TriggerItem.class, runId);
    return new Purged(false, historyItems, triggerTableItems);
  }

  private boolean runExists(String runId) {
    Map<String, AttributeValue> item =
        client
            .getItem(
                b ->
                    b.tableName(runsTable)
                        .key(Map.of(AwsContract.PARTITION_KEY, AttributeValue.fromS(runId)))
                        .projectionExpression("#pk")
                        .expressionAttributeNames(Map.of("#pk", AwsContract.PARTITION_KEY))
                        .consistentRead(true))
            .item();
    return item != null && !item.isEmpty();
  }

  /**
   * Deletes every item of one partition, a page at a time. Deleting keys already read does not
   * disturb the query, which carries on after the last key of the page it returned.
   */
  private <T> int deletePartition(DynamoDbTable<T> table, Class<T> type, String runId) {
    TableSchema<T> schema = table.tableSchema();
    QueryEnhancedRequest request =
        QueryEnhancedRequest.builder()
            .queryConditional(
                QueryConditional.keyEqualTo(Key.builder().partitionValue(runId).build()))
            .attributesToProject(AwsContract.PARTITION_KEY, AwsContract.SORT_KEY)
            .limit(pageSize)
            .consistentRead(true)
            .build();
    int deleted = 0;
    for (Page<T> page : table.query(request)) {
      List<Key> keys = new ArrayList<>(page.items().size());
      for (T item : page.items()) {
        keys.add(
            Key.builder()
                .partitionValue(runId)
                .sortValue(schema.attributeValue(item, AwsContract.SORT_KEY).s())
                .build());
      }
      BatchDeletes.delete(enhanced, table, type, keys);
      deleted += keys.size();
    }
    return deleted;
  }
}

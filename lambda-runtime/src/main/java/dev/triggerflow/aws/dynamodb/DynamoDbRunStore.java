package dev.triggerflow.aws.dynamodb;

import dev.triggerflow.spi.LeaseOutcome;
import dev.triggerflow.spi.ReleaseOutcome;
import dev.triggerflow.spi.RunPage;
import dev.triggerflow.spi.RunQuery;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStore;
import dev.triggerflow.spi.RunUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbIndex;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchGetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchGetResultPage;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.IgnoreNullsMode;
import software.amazon.awssdk.enhanced.dynamodb.model.Page;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.ReadBatch;
import software.amazon.awssdk.enhanced.dynamodb.model.ScanEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.UpdateItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Runs in DynamoDB, one item per run ({@link RunItem}); every write is one conditional single-item
 * write, every read of a run a consistent read.
 *
 * <p>The lease lives on the run item: taking it is an update conditional on the run existing and
 * the lease being free, ours or expired; an event arrival adds one to {@code wakeSeq}; letting go
 * is an update conditional on the lease still being ours and {@code wakeSeq} unchanged. A failed
 * condition is told apart by the item as it was ({@link OldItems}), so each outcome costs one call
 * on DynamoDB.
 *
 * <p>Listing by workflow queries the {@code byWorkflow} index (eventually consistent, which is
 * enough for a listing); listing all runs scans the table's keys, sorts them newest first and reads
 * one page of runs, so its cost grows with the table, which TTL keeps to the retention period.
 */
public final class DynamoDbRunStore implements RunStore {
  private static final Logger log = LoggerFactory.getLogger(DynamoDbRunStore.class);

  /** The most index queries one page of a filtered listing may take before it returns early. */
  private static final int MAX_QUERIES_PER_PAGE = 10;

  private static final int MAX_ATTEMPTS = 5;
  private static final int BATCH_GET_LIMIT = 100;
  private static final String WORKFLOW_TOKEN = "byWorkflow";
  private static final String ALL_TOKEN = "all";

  private static final Comparator<RunItem> NEWEST_FIRST =
      Comparator.comparing((RunItem i) -> i.createdAt)
          .reversed()
          .thenComparing((RunItem i) -> i.pk);

  private final DynamoDbClient client;
  private final DynamoDbEnhancedClient enhanced;
  private final DynamoDbTable<RunItem> table;
  private final DynamoDbIndex<RunItem> byWorkflow;
  private final Duration retention;
  private final OldItems oldItems = new OldItems();

  /**
   * A run store on an existing table.
   *
   * @param client the client, built once per container
   * @param tableName the runs table, with the {@code byWorkflow} index projecting all attributes
   * @param retention how long a finished run is kept before TTL deletes it
   */
  public DynamoDbRunStore(DynamoDbClient client, String tableName, Duration retention) {
    this.client = Objects.requireNonNull(client, "client");
    this.enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(client).build();
    this.table = enhanced.table(tableName, RunItem.SCHEMA);
    this.byWorkflow = table.index(RunItem.WORKFLOW_INDEX);
    this.retention = Objects.requireNonNull(retention, "retention");
  }

  @Override
  public boolean create(RunRecord run) {
    try {
      table.putItem(
          PutItemEnhancedRequest.builder(RunItem.class)
              .item(RunItem.of(run))
              .conditionExpression(
                  Expression.builder()
                      .expression("attribute_not_exists(#pk)")
                      .putExpressionName("#pk", RunItem.PK)
                      .build())
              .build());
      return true;
    } catch (ConditionalCheckFailedException e) {
      return false;
    }
  }

  @Override
  public Optional<RunRecord> get(String runId) {
    return Optional.ofNullable(read(runId)).map(RunItem::toRecord);
  }

  @Override
  public LeaseOutcome acquireLease(String runId, String owner, Instant now, Duration duration) {
    RunItem lease = new RunItem();
    lease.pk = runId;
    lease.leaseOwner = owner;
    lease.leaseExpiresAt = Times.format(now.plus(duration));
    Expression free =
        Expression.builder()
            .expression(
                "attribute_exists(#pk) AND (attribute_not_exists(#owner) OR #owner = :owner"
                    + " OR attribute_not_exists(#until) OR #until <= :now)")
            .putExpressionName("#pk", RunItem.PK)
            .putExpressionName("#owner", RunItem.LEASE_OWNER)
            .putExpressionName("#until", RunItem.LEASE_EXPIRES_AT)
            .putExpressionValue(":owner", AttributeValue.fromS(owner))
            .putExpressionValue(":now", AttributeValue.fromS(Times.format(now)))
            .build();
    RunRecord seen = null;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      try {
        RunItem leased =
            table.updateItem(
                UpdateItemEnhancedRequest.builder(RunItem.class)
                    .item(lease)
                    .ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY)
                    .conditionExpression(free)
                    .returnValuesOnConditionCheckFailure(
                        ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build());
        return new LeaseOutcome.Acquired(leased.toRecord());
      } catch (ConditionalCheckFailedException e) {
        Map<String, AttributeValue> old = oldItems.of(e, () -> readRaw(runId));
        if (old == null) {
          return new LeaseOutcome.NotFound();
        }
        RunRecord run = RunItem.SCHEMA.mapToItem(old).toRecord();
        if (run.leaseHeldByOther(owner, now)) {
          return new LeaseOutcome.Held(run.leaseOwner(), run.leaseExpiresAt());
        }
        // Read after the holder let go (only when the old item had to be read again): try again.
        seen = run;
      }
    }
    // The run exists and its lease was held at every attempt, by orchestrators that kept handing
    // it on; whoever holds it took it after the events that caused this wake, or fails to release
    // because of them, so leaving the run to them loses nothing.
    log.debug("the lease of run {} changed hands {} times in a row", runId, MAX_ATTEMPTS);
    return new LeaseOutcome.Held(seen.leaseOwner(), seen.leaseExpiresAt());
  }

  // The enhanced client can only set attributes to values; an ADD that returns the new item needs
  // the low-level UpdateItem.
  @Override
  public Optional<RunRecord> recordEventArrival(String runId) {
    try {
      UpdateItemResponse response =
          client.updateItem(
              UpdateItemRequest.builder()
                  .tableName(table.tableName())
                  .key(key(runId))
                  .updateExpression("ADD #seq :one")
                  .conditionExpression("attribute_exists(#pk)")
                  .expressionAttributeNames(Map.of("#seq", RunItem.WAKE_SEQ, "#pk", RunItem.PK))
                  .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))
                  .returnValues(ReturnValue.ALL_NEW)
                  .build());
      return Optional.of(RunItem.SCHEMA.mapToItem(response.attributes()).toRecord());
    } catch (ConditionalCheckFailedException e) {
      return Optional.empty();
    }
  }

  // Letting go removes the lease attributes in the same write that sets the others, and keeps the
  // larger counter through a condition; the enhanced client's updates can do neither, so this is
  // the low-level UpdateItem.
  @Override
  public ReleaseOutcome release(
      String runId, String owner, long observedWakeSeq, RunUpdate update, Instant now) {
    int historyLength = update.historyLength();
    int dispatchedThrough = update.dispatchedThrough();
    int episodes = update.episodes();
    int firstOpenCall = update.firstOpenCall();
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      UpdateBuilder u =
          new UpdateBuilder()
              .requireEqual("#owner", RunItem.LEASE_OWNER, s(owner))
              .requireEqual("#seq", RunItem.WAKE_SEQ, n(observedWakeSeq))
              .remove("#owner", RunItem.LEASE_OWNER)
              .remove("#until", RunItem.LEASE_EXPIRES_AT)
              .set("#updatedAt", RunItem.UPDATED_AT, s(Times.format(now)));
      if (update.status() != null) {
        u.set("#status", RunItem.STATUS, s(update.status().name()));
        if (update.status().isTerminal()) {
          u.set("#expiresAt", RunItem.EXPIRES_AT, n(Times.epochSeconds(now.plus(retention))));
        }
      }
      if (update.result() != null) {
        Bodies.Body result = RunItem.json(update.result(), "the result of run '" + runId + "'");
        boolean text = result.text() != null;
        u.set("#result", text ? RunItem.RESULT : RunItem.RESULT_GZ, result.attributeValue());
        u.remove("#resultOther", text ? RunItem.RESULT_GZ : RunItem.RESULT);
      }
      if (update.errorType() != null) {
        u.set("#errorType", RunItem.ERROR_TYPE, s(update.errorType()));
      }
      if (update.errorMessage() != null) {
        u.set("#errorMessage", RunItem.ERROR_MESSAGE, s(update.errorMessage()));
      }
      u.growCounter("#historyLength", RunItem.HISTORY_LENGTH, historyLength)
          .growCounter("#dispatchedThrough", RunItem.DISPATCHED_THROUGH, dispatchedThrough)
          .growCounter("#episodes", RunItem.EPISODES, episodes)
          .growCounter("#firstOpenCall", RunItem.FIRST_OPEN_CALL, firstOpenCall);
      try {
        client.updateItem(u.build(table.tableName(), key(runId)));
        return ReleaseOutcome.RELEASED;
      } catch (ConditionalCheckFailedException e) {
        Map<String, AttributeValue> old = oldItems.of(e, () -> readRaw(runId));
        if (old == null) {
          return ReleaseOutcome.LEASE_LOST;
        }
        RunRecord run = RunItem.SCHEMA.mapToItem(old).toRecord();
        if (!owner.equals(run.leaseOwner())) {
          return ReleaseOutcome.LEASE_LOST;
        }
        if (run.wakeSeq() != observedWakeSeq) {
          return ReleaseOutcome.EVENTS_ARRIVED;
        }
        // A stored counter is larger than the update's: write the larger values instead.
        historyLength = Math.max(historyLength, run.historyLength());
        dispatchedThrough = Math.max(dispatchedThrough, run.dispatchedThrough());
        episodes = Math.max(episodes, run.episodes());
        firstOpenCall = Math.max(firstOpenCall, run.firstOpenCall());
      }
    }
    throw new IllegalStateException(
        "could not release run '" + runId + "' after " + MAX_ATTEMPTS + " attempts");
  }

  @Override
  public RunPage list(RunQuery query) {
    return query.workflow() == null ? listAll(query) : listWorkflow(query);
  }

  private RunPage listWorkflow(RunQuery query) {
    Map<String, AttributeValue> start = null;
    if (query.pageToken() != null) {
      Map<String, String> token =
          PageTokens.decode(
              query.pageToken(),
              WORKFLOW_TOKEN,
              List.of(RunItem.PK, RunItem.WORKFLOW, RunItem.CREATED_AT));
      if (!query.workflow().equals(token.get(RunItem.WORKFLOW))) {
        throw new IllegalArgumentException(
            "the page token continues a listing of workflow '"
                + token.get(RunItem.WORKFLOW)
                + "', not '"
                + query.workflow()
                + "'");
      }
      start = new HashMap<>();
      for (Map.Entry<String, String> e : token.entrySet()) {
        start.put(e.getKey(), s(e.getValue()));
      }
    }

    List<RunRecord> runs = new ArrayList<>();
    for (int queries = 0; queries < MAX_QUERIES_PER_PAGE; queries++) {
      QueryEnhancedRequest.Builder request =
          QueryEnhancedRequest.builder()
              .queryConditional(
                  QueryConditional.keyEqualTo(
                      Key.builder().partitionValue(query.workflow()).build()))
              .scanIndexForward(false)
              .limit(query.limit() - runs.size())
              .exclusiveStartKey(start);
      if (query.status() != null) {
        request.filterExpression(statusIs(query.status().name()));
      }
      Page<RunItem> page = byWorkflow.query(request.build()).iterator().next();
      page.items().forEach(i -> runs.add(i.toRecord()));
      start = page.lastEvaluatedKey();
      if (start == null || start.isEmpty() || runs.size() >= query.limit()) {
        break;
      }
    }
    if (start == null || start.isEmpty()) {
      return new RunPage(runs, null);
    }
    Map<String, String> next = new HashMap<>();
    for (String name : List.of(RunItem.PK, RunItem.WORKFLOW, RunItem.CREATED_AT)) {
      next.put(name, start.get(name).s());
    }
    return new RunPage(runs, PageTokens.encode(WORKFLOW_TOKEN, next));
  }

  private RunPage listAll(RunQuery query) {
    RunItem after = null;
    if (query.pageToken() != null) {
      Map<String, String> token =
          PageTokens.decode(query.pageToken(), ALL_TOKEN, List.of(RunItem.CREATED_AT, RunItem.PK));
      after = new RunItem();
      after.createdAt = token.get(RunItem.CREATED_AT);
      after.pk = token.get(RunItem.PK);
    }

    ScanEnhancedRequest.Builder scan =
        ScanEnhancedRequest.builder()
            .consistentRead(true)
            .attributesToProject(RunItem.PK, RunItem.CREATED_AT);
    if (query.status() != null) {
      scan.filterExpression(statusIs(query.status().name()));
    }
    List<RunItem> keys = new ArrayList<>();
    for (Page<RunItem> page : table.scan(scan.build())) {
      for (RunItem item : page.items()) {
        if (after == null || NEWEST_FIRST.compare(item, after) > 0) {
          keys.add(item);
        }
      }
    }
    keys.sort(NEWEST_FIRST);
    List<RunItem> pageKeys = keys.subList(0, Math.min(query.limit(), keys.size()));

    Map<String, RunItem> found = readAll(pageKeys);
    List<RunRecord> runs = new ArrayList<>();
    for (RunItem k : pageKeys) {
      RunItem item = found.get(k.pk);
      // Between the scan and the read a run may have changed status or expired.
      if (item != null && (query.status() == null || query.status().name().equals(item.status))) {
        runs.add(item.toRecord());
      }
    }
    if (pageKeys.size() == keys.size()) {
      return new RunPage(runs, null);
    }
    RunItem last = pageKeys.get(pageKeys.size() - 1);
    return new RunPage(
        runs,
        PageTokens.encode(
            ALL_TOKEN, Map.of(RunItem.CREATED_AT, last.createdAt, RunItem.PK, last.pk)));
  }

  private Map<String, RunItem> readAll(List<RunItem> keys) {
    Map<String, RunItem> found = new HashMap<>();
    for (int from = 0; from < keys.size(); from += BATCH_GET_LIMIT) {
      ReadBatch.Builder<RunItem> batch =
          ReadBatch.builder(RunItem.class).mappedTableResource(table);
      for (RunItem k : keys.subList(from, Math.min(keys.size(), from + BATCH_GET_LIMIT))) {
        batch.addGetItem(
            GetItemEnhancedRequest.builder()
                .key(Key.builder().partitionValue(k.pk).build())
                .consistentRead(true)
                .build());
      }
      // The pages of a batch read carry on with the keys DynamoDB left unprocessed.
      for (BatchGetResultPage page :
          enhanced.batchGetItem(
              BatchGetItemEnhancedRequest.builder().readBatches(batch.build()).build())) {
        page.resultsForTable(table).forEach(i -> found.put(i.pk, i));
      }
    }
    return found;
  }

  private RunItem read(String runId) {
    return table.getItem(
        GetItemEnhancedRequest.builder()
            .key(Key.builder().partitionValue(runId).build())
            .consistentRead(true)
            .build());
  }

  private Map<String, AttributeValue> readRaw(String runId) {
    RunItem item = read(runId);
    return item == null ? null : RunItem.SCHEMA.itemToMap(item, true);
  }

  private static Expression statusIs(String status) {
    return Expression.builder()
        .expression("#status = :status")
        .putExpressionName("#status", RunItem.STATUS)
        .putExpressionValue(":status", s(status))
        .build();
  }

  private static Map<String, AttributeValue> key(String runId) {
    return Map.of(RunItem.PK, s(runId));
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }

  private static AttributeValue n(long value) {
    return AttributeValue.fromN(Long.toString(value));
  }
}

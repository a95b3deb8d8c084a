package dev.triggerflow.aws.dynamodb;

import dev.triggerflow.event.Event;
import dev.triggerflow.event.EventCodec;
import dev.triggerflow.spi.Clock;
import dev.triggerflow.spi.InboxStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.GetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.PutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The runs' pending events in the triggers table ({@link InboxItem}).
 *
 * <p>A put is conditional on the event id, and a failed put compares the stored event with the new
 * one (type, subject and data) to tell a duplicate delivery from a different event reusing an id.
 * Pending events are read with a consistent query and ordered by their arrival time. That time is
 * taken from this store's clock and made strictly increasing within one store, so events stored
 * through one store keep their order exactly; events stored at the same moment by different
 * containers are ordered by clock, which is as good as their arrival order can be known. The
 * orchestrator records the order it used in the history, so replays never depend on it.
 */
public final class DynamoDbInboxStore implements InboxStore {
  private static final int MAX_ATTEMPTS = 3;
  private static final Comparator<InboxItem> ARRIVAL_ORDER =
      Comparator.comparing((InboxItem i) -> i.arrivedAt).thenComparing(i -> i.sk);

  private final DynamoDbEnhancedClient enhanced;
  private final DynamoDbTable<InboxItem> table;
  private final Clock clock;
  private final OldItems oldItems = new OldItems();
  private final AtomicReference<Instant> lastArrival = new AtomicReference<>(Instant.EPOCH);

  /**
   * An inbox store on an existing table.
   *
   * @param client the client, built once per container
   * @param tableName the triggers table, which holds the inboxes too
   * @param clock the source of arrival times
   */
  public DynamoDbInboxStore(DynamoDbClient client, String tableName, Clock clock) {
    this.enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(client).build();
    this.table = enhanced.table(tableName, InboxItem.SCHEMA);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public PutOutcome put(String runId, Event event) {
    InboxItem item = new InboxItem();
    item.pk = runId;
    item.sk = InboxItem.sortKey(event.id());
    Bodies.Body body =
        Bodies.encodeFitting(
            EventCodec.toJson(event), "event '" + event.id() + "' of run '" + runId + "'");
    item.event = body.text();
    item.eventGz = body.gzip();
    item.arrivedAt = Times.format(nextArrival());
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      try {
        table.putItem(
            PutItemEnhancedRequest.builder(InboxItem.class)
                .item(item)
                .conditionExpression(
                    Expression.builder()
                        .expression("attribute_not_exists(#pk)")
                        .putExpressionName("#pk", InboxItem.PK)
                        .build())
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build());
        return PutOutcome.ADDED;
      } catch (ConditionalCheckFailedException e) {
        Map<String, AttributeValue> old = oldItems.of(e, () -> readRaw(runId, event.id()));
        if (old != null) {
          Event stored = InboxItem.SCHEMA.mapToItem(old).toEvent();
          return sameContent(stored, event) ? PutOutcome.DUPLICATE : PutOutcome.CONFLICT;
        }
        // Removed between the put and the read: the event is no longer pending, so store it.
      }
    }
    throw new IllegalStateException(
        "event '"
            + event.id()
            + "' of run '"
            + runId
            + "' kept appearing and disappearing while it was being stored");
  }

  @Override
  public List<Event> pending(String runId) {
    QueryEnhancedRequest request =
        QueryEnhancedRequest.builder()
            .queryConditional(
                QueryConditional.sortBeginsWith(
                    Key.builder().partitionValue(runId).sortValue(InboxItem.PREFIX).build()))
            .consistentRead(true)
            .build();
    List<InboxItem> items = new ArrayList<>();
    table.query(request).items().forEach(items::add);
    items.sort(ARRIVAL_ORDER);
    List<Event> events = new ArrayList<>(items.size());
    for (InboxItem item : items) {
      events.add(item.toEvent());
    }
    return events;
  }

  @Override
  public void remove(String runId, Collection<String> eventIds) {
    List<Key> keys = new ArrayList<>();
    for (String id : new LinkedHashSet<>(eventIds)) {
      keys.add(Key.builder().partitionValue(runId).sortValue(InboxItem.sortKey(id)).build());
    }
    BatchDeletes.delete(enhanced, table, InboxItem.class, keys);
  }

  private Instant nextArrival() {
    Instant now = clock.now();
    return lastArrival.updateAndGet(last -> now.isAfter(last) ? now : last.plusNanos(1));
  }

  private Map<String, AttributeValue> readRaw(String runId, String eventId) {
    InboxItem item =
        table.getItem(
            GetItemEnhancedRequest.builder()
                .key(
                    Key.builder()
                        .partitionValue(runId)
                        .sortValue(InboxItem.sortKey(eventId))
                        .build())
                .consistentRead(true)
                .build());
    return item == null ? null : InboxItem.SCHEMA.itemToMap(item, true);
  }

  private static boolean sameContent(Event a, Event b) {
    return a.type().equals(b.type())
        && a.subject().equals(b.subject())
        && Objects.equals(a.data(), b.data());
  }
}

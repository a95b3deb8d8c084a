package dev.triggerflow.aws.dynamodb;

import dev.triggerflow.spi.TriggerStore;
import dev.triggerflow.trigger.Trigger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 * Triggers in the triggers table ({@link TriggerItem}).
 *
 * <p>Each trigger lives in exactly one item, keyed by its home subject, so that finding the
 * triggers of a subject is one query for every trigger with one subject (all the engine's), and
 * every update is one put conditional on the stored version. Triggers with several subjects get a
 * pointer item for each further subject; pointers are written before the trigger names the subject
 * and deleted after it stops naming it, and the trigger's own subjects decide what a query returns,
 * so no interleaving of writers, and no crash between two writes, can hide a trigger or show a
 * stale match.
 */
public final class DynamoDbTriggerStore implements TriggerStore {
  private final DynamoDbEnhancedClient enhanced;
  private final DynamoDbTable<TriggerItem> table;
  private final OldItems oldItems = new OldItems();

  /**
   * A trigger store on an existing table.
   *
   * @param client the client, built once per container
   * @param tableName the triggers table
   */
  public DynamoDbTriggerStore(DynamoDbClient client, String tableName) {
    this.enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(client).build();
    this.table = enhanced.table(tableName, TriggerItem.SCHEMA);
  }

  @Override
  public void create(Trigger trigger) {
    String runId = trigger.runId();
    String home = home(trigger.subjects());
    TriggerItem item = TriggerItem.of(trigger, home);
    String idKey = TriggerItem.idKey(trigger.id());
    try {
      table.putItem(
          PutItemEnhancedRequest.builder(TriggerItem.class)
              .item(TriggerItem.pointer(runId, idKey, home))
              .conditionExpression(absent())
              .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
              .build());
    } catch (ConditionalCheckFailedException e) {
      Map<String, AttributeValue> old = oldItems.of(e, () -> readRaw(runId, idKey));
      if (old != null && !home.equals(TriggerItem.SCHEMA.mapToItem(old).home)) {
        return;
      }
      // The same trigger, created before or halfway: finish what may be missing.
    }
    for (String subject : trigger.subjects()) {
      if (!subject.equals(home)) {
        table.putItem(
            TriggerItem.pointer(runId, TriggerItem.subjectKey(subject, trigger.id()), home));
      }
    }
    try {
      table.putItem(
          PutItemEnhancedRequest.builder(TriggerItem.class)
              .item(item)
              .conditionExpression(absent())
              .build());
    } catch (ConditionalCheckFailedException e) {
      // It exists already and stays as it is.
    }
  }

  @Override
  public List<Trigger> findBySubject(String runId, String subject) {
    String prefix = TriggerItem.subjectPrefix(subject);
    List<Trigger> found = new ArrayList<>();
    for (TriggerItem item : query(runId, prefix, false)) {
      String triggerId = item.sk.substring(prefix.length());
      if (triggerId.indexOf('#') >= 0 || (!item.holdsTrigger() && item.home == null)) {
        continue;
      }
      TriggerItem holder =
          item.holdsTrigger() ? item : read(runId, TriggerItem.subjectKey(item.home, triggerId));
      if (holder != null && holder.holdsTrigger()) {
        Trigger trigger = holder.toTrigger();
        if (trigger.subjects().contains(subject)) {
          found.add(trigger);
        }
      }
    }
    return found;
  }

  @Override
  public Optional<Trigger> get(String runId, String triggerId) {
    String home = homeOf(runId, triggerId);
    if (home == null) {
      return Optional.empty();
    }
    TriggerItem item = read(runId, TriggerItem.subjectKey(home, triggerId));
    return item != null && item.holdsTrigger() ? Optional.of(item.toTrigger()) : Optional.empty();
  }

  @Override
  public boolean replace(Trigger current, Trigger updated) {
    if (!current.runId().equals(updated.runId()) || !current.id().equals(updated.id())) {
      throw new IllegalArgumentException(
          "cannot replace trigger '"
              + current.id()
              + "' of run '"
              + current.runId()
              + "' with trigger '"
              + updated.id()
              + "' of run '"
              + updated.runId()
              + "'");
    }
    String runId = current.runId();
    if (current.subjects().equals(updated.subjects())) {
      // The home subject is the smallest one unless the subjects changed since creation.
      String guess = home(current.subjects());
      Written written = putIfVersion(updated, guess, current.version()).written();
      if (written != Written.NOT_THERE) {
        return written == Written.YES;
      }
      String home = homeOf(runId, current.id());
      return home != null
          && !home.equals(guess)
          && putIfVersion(updated, home, current.version()).written() == Written.YES;
    }

    String home = homeOf(runId, current.id());
    if (home == null) {
      return false;
    }
    for (String subject : updated.subjects()) {
      if (!subject.equals(home) && !current.subjects().contains(subject)) {
        table.putItem(
            TriggerItem.pointer(runId, TriggerItem.subjectKey(subject, updated.id()), home));
      }
    }
    if (putIfVersion(updated, home, current.version()).written() != Written.YES) {
      return false;
    }
    for (String subject : current.subjects()) {
      if (!subject.equals(home) && !updated.subjects().contains(subject)) {
        table.deleteItem(key(runId, TriggerItem.subjectKey(subject, current.id())));
      }
    }
    return true;
  }

  /**
   * Replaces like {@link #replace}; on a lost race, the trigger as it is now comes back with the
   * failed conditional write, so no read follows. Where the write cannot say (the trigger moved to
   * another home subject, or was deleted), this falls back to {@link #replace} and a read.
   */
  @Override
  public Replaced replaceOrRead(Trigger current, Trigger updated) {
    if (current.runId().equals(updated.runId())
        && current.id().equals(updated.id())
        && current.subjects().equals(updated.subjects())) {
      Attempt attempt = putIfVersion(updated, home(current.subjects()), current.version());
      if (attempt.written() == Written.YES) {
        return Replaced.DONE;
      }
      if (attempt.written() == Written.STALE) {
        return Replaced.lost(Optional.of(attempt.stored().toTrigger()));
      }
    }
    return TriggerStore.super.replaceOrRead(current, updated);
  }

  @Override
  public List<Trigger> list(String runId) {
    List<Trigger> triggers = new ArrayList<>();
    for (TriggerItem item : query(runId, TriggerItem.SUBJECTS_PREFIX, false)) {
      if (item.holdsTrigger()) {
        triggers.add(item.toTrigger());
      }
    }
    return triggers;
  }

  @Override
  public void deleteAll(String runId) {
    List<Key> keys = new ArrayList<>();
    for (TriggerItem item : query(runId, TriggerItem.ANY_PREFIX, true)) {
      keys.add(key(runId, item.sk));
    }
    BatchDeletes.delete(enhanced, table, TriggerItem.class, keys);
  }

  /** Whether a versioned put wrote the trigger, found another version, or found no trigger. */
  private enum Written {
    YES,
    STALE,
    NOT_THERE
  }

  /** A conditional write's outcome, with the item it found stored when it was stale. */
  private record Attempt(Written written, TriggerItem stored) {}

  private Attempt putIfVersion(Trigger updated, String home, long expectedVersion) {
    TriggerItem item = TriggerItem.of(updated, home);
    try {
      table.putItem(
          PutItemEnhancedRequest.builder(TriggerItem.class)
              .item(item)
              .conditionExpression(
                  Expression.builder()
                      .expression("#version = :version")
                      .putExpressionName("#version", TriggerItem.VERSION)
                      .putExpressionValue(
                          ":version", AttributeValue.fromN(Long.toString(expectedVersion)))
                      .build())
              .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
              .build());
      return new Attempt(Written.YES, null);
    } catch (ConditionalCheckFailedException e) {
      Map<String, AttributeValue> old = oldItems.of(e, () -> readRaw(updated.runId(), item.sk));
      TriggerItem stored = old == null ? null : TriggerItem.SCHEMA.mapToItem(old);
      return stored != null && stored.holdsTrigger()
          ? new Attempt(Written.STALE, stored)
          : new Attempt(Written.NOT_THERE, null);
    }
  }

  private String homeOf(String runId, String triggerId) {
    TriggerItem pointer = read(runId, TriggerItem.idKey(triggerId));
    return pointer == null ? null : pointer.home;
  }

  private List<TriggerItem> query(String runId, String prefix, boolean keysOnly) {
    QueryEnhancedRequest.Builder request =
        QueryEnhancedRequest.builder()
            .queryConditional(QueryConditional.sortBeginsWith(key(runId, prefix)))
            .consistentRead(true);
    if (keysOnly) {
      request.attributesToProject(TriggerItem.PK, TriggerItem.SK);
    }
    List<TriggerItem> items = new ArrayList<>();
    table.query(request.build()).items().forEach(items::add);
    return items;
  }

  private TriggerItem read(String runId, String sortKey) {
    return table.getItem(
        GetItemEnhancedRequest.builder().key(key(runId, sortKey)).consistentRead(true).build());
  }

  private Map<String, AttributeValue> readRaw(String runId, String sortKey) {
    TriggerItem item = read(runId, sortKey);
    return item == null ? null : TriggerItem.SCHEMA.itemToMap(item, true);
  }

  private static String home(Set<String> subjects) {
    return Collections.min(subjects);
  }

  private static Expression absent() {
    return Expression.builder()
        .expression("attribute_not_exists(#pk)")
        .putExpressionName("#pk", TriggerItem.PK)
        .build();
  }

  private static Key key(String runId, String sortKey) {
    return Key.builder().partitionValue(runId).sortValue(sortKey).build();
  }
}

package dev.triggerflow.aws.dynamodb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.triggerflow.deployment.AwsContract;
import dev.triggerflow.json.Json;
import dev.triggerflow.trigger.Trigger;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * One trigger item of the triggers table, partition key {@code pk} = run id. Three kinds share the
 * class:
 *
 * <ul>
 *   <li>the trigger itself, {@code sk} = {@code trigger#<home subject>#<trigger id>}: the trigger
 *       as JSON in {@code trigger} (S), or gzip-compressed in {@code triggerGz} (B), and its {@code
 *       version} (N), which every replace is conditional on. The home subject is the smallest
 *       activation subject the trigger was created with; it never changes, so every version stays
 *       in this one item.
 *   <li>a subject pointer, {@code sk} = {@code trigger#<subject>#<trigger id>} with the {@code
 *       home} subject (S), for each further subject, so that a query on any subject finds the
 *       trigger. Pointers are hints: the trigger's own subjects decide.
 *   <li>the id pointer, {@code sk} = {@code triggerid#<trigger id>} with the {@code home} subject
 *       (S), which finds a trigger by id and makes creation idempotent.
 * </ul>
 *
 * Trigger ids never contain {@code #}, so the end of a key after a subject's prefix names a trigger
 * of that subject only if it has no {@code #} in it.
 */
final class TriggerItem {
  static final String PK = AwsContract.PARTITION_KEY;
  static final String SK = AwsContract.SORT_KEY;
  static final String TRIGGER = "trigger";
  static final String TRIGGER_GZ = "triggerGz";
  static final String VERSION = "version";
  static final String HOME = "home";

  /**
   * Reads triggers, ignoring properties the record does not declare: the mapper also writes derived
   * values such as {@code active}, which are recomputed on reading.
   */
  private static final ObjectReader READER =
      Json.mapper()
          .readerFor(Trigger.class)
          .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** The prefix of every trigger item's sort key, and of no other item's. */
  static final String ANY_PREFIX = "trigger";

  /** The prefix of the sort keys of triggers and subject pointers. */
  static final String SUBJECTS_PREFIX = "trigger#";

  static final TableSchema<TriggerItem> SCHEMA =
      StaticTableSchema.builder(TriggerItem.class)
          .newItemSupplier(TriggerItem::new)
          .addAttribute(
              String.class,
              a ->
                  a.name(PK)
                      .getter(i -> i.pk)
                      .setter((i, v) -> i.pk = v)
                      .tags(StaticAttributeTags.primaryPartitionKey()))
          .addAttribute(
              String.class,
              a ->
                  a.name(SK)
                      .getter(i -> i.sk)
                      .setter((i, v) -> i.sk = v)
                      .tags(StaticAttributeTags.primarySortKey()))
          .addAttribute(
              String.class,
              a -> a.name(TRIGGER).getter(i -> i.trigger).setter((i, v) -> i.trigger = v))
          .addAttribute(
              SdkBytes.class,
              a -> a.name(TRIGGER_GZ).getter(i -> i.triggerGz).setter((i, v) -> i.triggerGz = v))
          .addAttribute(
              Long.class,
              a -> a.name(VERSION).getter(i -> i.version).setter((i, v) -> i.version = v))
          .addAttribute(
              String.class, a -> a.name(HOME).getter(i -> i.home).setter((i, v) -> i.home = v))
          .build();

  String pk;
  String sk;
  String trigger;
  SdkBytes triggerGz;
  Long version;
  String home;

  /** The sort key prefix of the items of one subject. */
  static String subjectPrefix(String subject) {
    return SUBJECTS_PREFIX + subject + "#";
  }

  /** The sort key of the trigger item, or of a subject pointer. */
  static String subjectKey(String subject, String triggerId) {
    return subjectPrefix(subject) + triggerId;
  }

  /** The sort key of the id pointer. */
  static String idKey(String triggerId) {
    return "triggerid#" + triggerId;
  }

  /** The item holding a trigger. */
  static TriggerItem of(Trigger trigger, String home) {
    TriggerItem item = new TriggerItem();
    item.pk = trigger.runId();
    item.sk = subjectKey(home, trigger.id());
    Bodies.Body body =
        Bodies.encodeFitting(
            Json.write(trigger), "trigger '" + trigger.id() + "' of run '" + trigger.runId() + "'");
    item.trigger = body.text();
    item.triggerGz = body.gzip();
    item.version = trigger.version();
    return item;
  }

  /** A pointer item to the trigger stored under {@code home}. */
  static TriggerItem pointer(String runId, String sortKey, String home) {
    TriggerItem item = new TriggerItem();
    item.pk = runId;
    item.sk = sortKey;
    item.home = home;
    return item;
  }

  /** Whether this item holds a trigger rather than pointing at one. */
  boolean holdsTrigger() {
    return version != null;
  }

  /** The trigger this item holds. */
  Trigger toTrigger() {
    try {
      return READER.readValue(Bodies.decode(trigger, triggerGz));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "item '" + sk + "' of run '" + pk + "' does not hold a readable trigger", e);
    }
  }
}

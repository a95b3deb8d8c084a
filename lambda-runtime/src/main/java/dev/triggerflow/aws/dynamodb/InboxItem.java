package dev.triggerflow.aws.dynamodb;

import dev.triggerflow.deployment.AwsContract;
import dev.triggerflow.event.Event;
import dev.triggerflow.event.EventCodec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * One pending event of a run, an item of the triggers table.
 *
 * <p>{@code pk} = run id, {@code sk} = {@code inbox#<event id>}, so that the put can be conditional
 * on the event id; the event as CloudEvents JSON in {@code event} (S), or gzip-compressed in {@code
 * eventGz} (B) when large; {@code arrivedAt} (S, fixed-width ISO-8601), the order the orchestrator
 * reads pending events in.
 */
final class InboxItem {
  static final String PK = AwsContract.PARTITION_KEY;
  static final String SK = AwsContract.SORT_KEY;
  static final String PREFIX = "inbox#";
  static final String EVENT = "event";
  static final String EVENT_GZ = "eventGz";
  static final String ARRIVED_AT = "arrivedAt";

  static final TableSchema<InboxItem> SCHEMA =
      StaticTableSchema.builder(InboxItem.class)
          .newItemSupplier(InboxItem::new)
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
              String.class, a -> a.name(EVENT).getter(i -> i.event).setter((i, v) -> i.event = v))
          .addAttribute(
              SdkBytes.class,
              a -> a.name(EVENT_GZ).getter(i -> i.eventGz).setter((i, v) -> i.eventGz = v))
          .addAttribute(
              String.class,
              a -> a.name(ARRIVED_AT).getter(i -> i.arrivedAt).setter((i, v) -> i.arrivedAt = v))
          .build();

  String pk;
  String sk;
  String event;
  SdkBytes eventGz;
  String arrivedAt;

  static String sortKey(String eventId) {
    return PREFIX + eventId;
  }

  /** The event this item holds. */
  Event toEvent() {
    return EventCodec.fromJson(Bodies.decode(event, eventGz));
  }
}

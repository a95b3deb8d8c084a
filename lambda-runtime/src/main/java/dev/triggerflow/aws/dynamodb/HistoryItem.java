package dev.triggerflow.aws.dynamodb;

import dev.triggerflow.deployment.AwsContract;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * One item of the history table: the head of an episode, or one part of a large episode.
 *
 * <p>Head: {@code pk} = run id, {@code sk} = the episode number in ten zero-padded digits (so text
 * order is number order); the episode's events as a JSON array in {@code events} (S), or
 * gzip-compressed in {@code eventsGz} (B); or, when even that is too large for one item, the sort
 * keys of its parts in {@code parts} (L of S), whose {@code chunk}s (B) joined in that order are
 * the gzip-compressed array. {@code eventCount} (N) is for people reading the table.
 *
 * <p>Part: {@code sk} = {@code part#<episode>#<writer token>#<index>}. The letter sorts after every
 * digit, so a query over episode numbers never reads parts, and the writer token keeps the parts of
 * two orchestrators racing for one episode apart: only the head that won names its parts.
 */
final class HistoryItem {
  static final String PK = AwsContract.PARTITION_KEY;
  static final String SK = AwsContract.SORT_KEY;
  static final String EVENTS = "events";
  static final String EVENTS_GZ = "eventsGz";
  static final String PARTS = "parts";
  static final String CHUNK = "chunk";
  static final String EVENT_COUNT = "eventCount";

  static final TableSchema<HistoryItem> SCHEMA =
      StaticTableSchema.builder(HistoryItem.class)
          .newItemSupplier(HistoryItem::new)
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
              a -> a.name(EVENTS).getter(i -> i.events).setter((i, v) -> i.events = v))
          .addAttribute(
              SdkBytes.class,
              a -> a.name(EVENTS_GZ).getter(i -> i.eventsGz).setter((i, v) -> i.eventsGz = v))
          .addAttribute(
              EnhancedType.listOf(String.class),
              a -> a.name(PARTS).getter(i -> i.parts).setter((i, v) -> i.parts = v))
          .addAttribute(
              SdkBytes.class, a -> a.name(CHUNK).getter(i -> i.chunk).setter((i, v) -> i.chunk = v))
          .addAttribute(
              Integer.class,
              a -> a.name(EVENT_COUNT).getter(i -> i.eventCount).setter((i, v) -> i.eventCount = v))
          .build();

  String pk;
  String sk;
  String events;
  SdkBytes eventsGz;
  List<String> parts;
  SdkBytes chunk;
  Integer eventCount;

  /** The sort key of an episode's head. */
  static String episodeKey(int episode) {
    return String.format(Locale.ROOT, "%010d", episode);
  }

  /** The sort key of one part of an episode, as written by the writer with {@code token}. */
  static String partKey(int episode, String token, int index) {
    return partPrefix(episode, token) + String.format(Locale.ROOT, "%05d", index);
  }

  /** The common beginning of the sort keys of the parts one writer wrote for an episode. */
  static String partPrefix(int episode, String token) {
    return "part#" + episodeKey(episode) + "#" + token + "#";
  }

  /** The episode number of a head's sort key. */
  int episode() {
    return Integer.parseInt(sk);
  }
}

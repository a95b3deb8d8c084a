package dev.triggerflow.aws.dynamodb;

import dev.triggerflow.deployment.AwsContract;
import dev.triggerflow.spi.DeadLetter;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * One item of the dead-letter table: {@code pk} = {@code deadletter} for every letter, so that the
 * newest can be read with one query; {@code sk} = {@code <time>#<id>} (fixed-width ISO-8601, so key
 * order is time order); {@code id}, {@code time}, {@code reason} and {@code runId} (S); the payload
 * as it was received in {@code payload} (S), or gzip-compressed in {@code payloadGz} (B); {@code
 * expiresAt} (N, epoch seconds, the TTL).
 */
final class DeadLetterItem {
  static final String PK = AwsContract.PARTITION_KEY;
  static final String SK = AwsContract.SORT_KEY;
  static final String PARTITION = "deadletter";

  static final TableSchema<DeadLetterItem> SCHEMA =
      StaticTableSchema.builder(DeadLetterItem.class)
          .newItemSupplier(DeadLetterItem::new)
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
              String.class, a -> a.name("id").getter(i -> i.id).setter((i, v) -> i.id = v))
          .addAttribute(
              String.class, a -> a.name("time").getter(i -> i.time).setter((i, v) -> i.time = v))
          .addAttribute(
              String.class,
              a -> a.name("reason").getter(i -> i.reason).setter((i, v) -> i.reason = v))
          .addAttribute(
              String.class, a -> a.name("runId").getter(i -> i.runId).setter((i, v) -> i.runId = v))
          .addAttribute(
              String.class,
              a -> a.name("payload").getter(i -> i.payload).setter((i, v) -> i.payload = v))
          .addAttribute(
              SdkBytes.class,
              a -> a.name("payloadGz").getter(i -> i.payloadGz).setter((i, v) -> i.payloadGz = v))
          .addAttribute(
              Long.class,
              a ->
                  a.name(AwsContract.TTL_ATTRIBUTE)
                      .getter(i -> i.expiresAt)
                      .setter((i, v) -> i.expiresAt = v))
          .build();

  String pk;
  String sk;
  String id;
  String time;
  String reason;
  String runId;
  String payload;
  SdkBytes payloadGz;
  Long expiresAt;

  DeadLetter toLetter() {
    return new DeadLetter(id, Times.parse(time), reason, runId, Bodies.decode(payload, payloadGz));
  }
}

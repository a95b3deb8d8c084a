package dev.triggerflow.aws.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.deployment.AwsContract;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableSchema;

/**
 * One item of the runs table: one run.
 *
 * <p>Attributes: {@code pk} (S, the run id); {@code workflow} (S) and {@code createdAt} (S), the
 * keys of the {@code byWorkflow} index; {@code status} (S); {@code input} and {@code result} as
 * JSON text (S), or gzip-compressed JSON in {@code inputGz} and {@code resultGz} (B) when large;
 * {@code errorType}, {@code errorMessage}, {@code updatedAt}, {@code leaseOwner} and {@code
 * leaseExpiresAt} (S); {@code wakeSeq}, {@code historyLength}, {@code dispatchedThrough}, {@code
 * episodes} and {@code firstOpenCall} (N); {@code parentRunId} (S) and {@code parentCallId} (N) for
 * a child run; {@code expiresAt} (N, epoch seconds, the TTL, set once the run has finished).
 * Instants are fixed-width ISO-8601 text ({@link Times}). A missing input or result has no
 * attribute; a JSON {@code null} is the text {@code null}.
 *
 * <p>The class is mutable and every field nullable because the enhanced client's partial updates
 * write only the non-null fields.
 */
final class RunItem {
  static final String PK = AwsContract.PARTITION_KEY;
  static final String WORKFLOW_INDEX = AwsContract.RUNS_BY_WORKFLOW_INDEX;
  static final String WORKFLOW = AwsContract.RUNS_BY_WORKFLOW_PARTITION_KEY;
  static final String CREATED_AT = AwsContract.RUNS_BY_WORKFLOW_SORT_KEY;
  static final String STATUS = "status";
  static final String INPUT = "input";
  static final String INPUT_GZ = "inputGz";
  static final String RESULT = "result";
  static final String RESULT_GZ = "resultGz";
  static final String ERROR_TYPE = "errorType";
  static final String ERROR_MESSAGE = "errorMessage";
  static final String UPDATED_AT = "updatedAt";
  static final String WAKE_SEQ = "wakeSeq";
  static final String LEASE_OWNER = "leaseOwner";
  static final String LEASE_EXPIRES_AT = "leaseExpiresAt";
  static final String HISTORY_LENGTH = "historyLength";
  static final String DISPATCHED_THROUGH = "dispatchedThrough";
  static final String EPISODES = "episodes";
  static final String FIRST_OPEN_CALL = "firstOpenCall";
  static final String PARENT_RUN_ID = "parentRunId";
  static final String PARENT_CALL_ID = "parentCallId";
  static final String EXPIRES_AT = AwsContract.TTL_ATTRIBUTE;

  static final TableSchema<RunItem> SCHEMA =
      StaticTableSchema.builder(RunItem.class)
          .newItemSupplier(RunItem::new)
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
                  a.name(WORKFLOW)
                      .getter(i -> i.workflow)
                      .setter((i, v) -> i.workflow = v)
                      .tags(
                          StaticAttributeTags.secondaryPartitionKey(
                              AwsContract.RUNS_BY_WORKFLOW_INDEX)))
          .addAttribute(
              String.class,
              a ->
                  a.name(CREATED_AT)
                      .getter(i -> i.createdAt)
                      .setter((i, v) -> i.createdAt = v)
                      .tags(
                          StaticAttributeTags.secondarySortKey(AwsContract.RUNS_BY_WORKFLOW_INDEX)))
          .addAttribute(
              String.class,
              a -> a.name(STATUS).getter(i -> i.status).setter((i, v) -> i.status = v))
          .addAttribute(
              String.class, a -> a.name(INPUT).getter(i -> i.input).setter((i, v) -> i.input = v))
          .addAttribute(
              SdkBytes.class,
              a -> a.name(INPUT_GZ).getter(i -> i.inputGz).setter((i, v) -> i.inputGz = v))
          .addAttribute(
              String.class,
              a -> a.name(RESULT).getter(i -> i.result).setter((i, v) -> i.result = v))
          .addAttribute(
              SdkBytes.class,
              a -> a.name(RESULT_GZ).getter(i -> i.resultGz).setter((i, v) -> i.resultGz = v))
          .addAttribute(
              String.class,
              a -> a.name(ERROR_TYPE).getter(i -> i.errorType).setter((i, v) -> i.errorType = v))
          .addAttribute(
              String.class,
              a ->
                  a.name(ERROR_MESSAGE)
                      .getter(i -> i.errorMessage)
                      .setter((i, v) -> i.errorMessage = v))
          .addAttribute(
              String.class,
              a -> a.name(UPDATED_AT).getter(i -> i.updatedAt).setter((i, v) -> i.updatedAt = v))
          .addAttribute(
              Long.class,
              a -> a.name(WAKE_SEQ).getter(i -> i.wakeSeq).setter((i, v) -> i.wakeSeq = v))
          .addAttribute(
              String.class,
              a -> a.name(LEASE_OWNER).getter(i -> i.leaseOwner).setter((i, v) -> i.leaseOwner = v))
          .addAttribute(
              String.class,
              a ->
                  a.name(LEASE_EXPIRES_AT)
                      .getter(i -> i.leaseExpiresAt)
                      .setter((i, v) -> i.leaseExpiresAt = v))
          .addAttribute(
              Integer.class,
              a ->
                  a.name(HISTORY_LENGTH)
                      .getter(i -> i.historyLength)
                      .setter((i, v) -> i.historyLength = v))
          .addAttribute(
              Integer.class,
              a ->
                  a.name(DISPATCHED_THROUGH)
                      .getter(i -> i.dispatchedThrough)
                      .setter((i, v) -> i.dispatchedThrough = v))
          .addAttribute(
              Integer.class,
              a -> a.name(EPISODES).getter(i -> i.episodes).setter((i, v) -> i.episodes = v))
          .addAttribute(
              Integer.class,
              a ->
                  a.name(FIRST_OPEN_CALL)
                      .getter(i -> i.firstOpenCall)
                      .setter((i, v) -> i.firstOpenCall = v))
          .addAttribute(
              String.class,
              a ->
                  a.name(PARENT_RUN_ID)
                      .getter(i -> i.parentRunId)
                      .setter((i, v) -> i.parentRunId = v))
          .addAttribute(
              Integer.class,
              a ->
                  a.name(PARENT_CALL_ID)
                      .getter(i -> i.parentCallId)
                      .setter((i, v) -> i.parentCallId = v))
          .addAttribute(
              Long.class,
              a -> a.name(EXPIRES_AT).getter(i -> i.expiresAt).setter((i, v) -> i.expiresAt = v))
          .build();

  String pk;
  String workflow;
  String createdAt;
  String status;
  String input;
  SdkBytes inputGz;
  String result;
  SdkBytes resultGz;
  String errorType;
  String errorMessage;
  String updatedAt;
  Long wakeSeq;
  String leaseOwner;
  String leaseExpiresAt;
  Integer historyLength;
  Integer dispatchedThrough;
  Integer episodes;
  Integer firstOpenCall;
  String parentRunId;
  Integer parentCallId;
  Long expiresAt;

  /** The item of a run record, every field set. */
  static RunItem of(RunRecord run) {
    RunItem item = new RunItem();
    item.pk = run.runId();
    item.workflow = run.workflow();
    item.createdAt = Times.format(run.createdAt());
    item.status = run.status().name();
    Bodies.Body input = json(run.input(), "the input of run '" + run.runId() + "'");
    if (input != null) {
      item.input = input.text();
      item.inputGz = input.gzip();
    }
    Bodies.Body result = json(run.result(), "the result of run '" + run.runId() + "'");
    if (result != null) {
      item.result = result.text();
      item.resultGz = result.gzip();
    }
    item.errorType = run.errorType();
    item.errorMessage = run.errorMessage();
    item.updatedAt = Times.format(run.updatedAt());
    item.wakeSeq = run.wakeSeq();
    item.leaseOwner = run.leaseOwner();
    item.leaseExpiresAt = Times.format(run.leaseExpiresAt());
    item.historyLength = run.historyLength();
    item.dispatchedThrough = run.dispatchedThrough();
    item.episodes = run.episodes();
    item.firstOpenCall = run.firstOpenCall();
    item.parentRunId = run.parentRunId();
    item.parentCallId = run.parentCallId();
    return item;
  }

  /** A JSON value as stored, or null for a missing one. */
  static Bodies.Body json(JsonNode value, String what) {
    return value == null ? null : Bodies.encodeFitting(Json.write(value), what);
  }

  /** The run record this item stands for. */
  RunRecord toRecord() {
    return new RunRecord(
        pk,
        workflow,
        parse(Bodies.decode(input, inputGz)),
        RunStatus.valueOf(status),
        parse(Bodies.decode(result, resultGz)),
        errorType,
        errorMessage,
        Times.parse(createdAt),
        Times.parse(updatedAt),
        wakeSeq == null ? 0 : wakeSeq,
        leaseOwner,
        Times.parse(leaseExpiresAt),
        historyLength == null ? 0 : historyLength,
        dispatchedThrough == null ? 0 : dispatchedThrough,
        episodes == null ? 0 : episodes,
        firstOpenCall == null ? 0 : firstOpenCall,
        parentRunId,
        parentCallId == null ? 0 : parentCallId);
  }

  private static JsonNode parse(String json) {
    return json == null ? null : Json.parse(json);
  }
}

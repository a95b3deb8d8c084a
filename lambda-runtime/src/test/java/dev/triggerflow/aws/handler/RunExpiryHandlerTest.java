package dev.triggerflow.aws.handler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.aws.client.AwsWorkflowClient;
import dev.triggerflow.aws.dynamodb.DynamoDbRunPurge;
import dev.triggerflow.aws.dynamodb.TableNames;
import dev.triggerflow.aws.fakes.Invoke;
import dev.triggerflow.aws.fakes.Testbed;
import dev.triggerflow.deployment.AwsContract;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.DeadLetter;
import dev.triggerflow.spi.RunStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The run expiry function on the one-JVM deployment: runs finish for real, their records are
 * deleted as TTL deletes them, and the function gets the stream records DynamoDB would send.
 */
class RunExpiryHandlerTest {
  private final Testbed aws = Testbed.builder().dynamo(true).build();
  private final TableNames tables = TableNames.fromEnvironment(aws.environment());
  private final DynamoDbClient dynamo = aws.clients().dynamoDb();
  private final RunExpiryHandler handler =
      new RunExpiryHandler(
          new DynamoDbRunPurge(dynamo, tables), aws.stores().deadLetters(), aws.clock());

  @AfterEach
  void stop() {
    aws.close();
  }

  @Test
  void finishedRunWhoseRecordExpired_losesItsHistoryAndEverythingElseItLeft() throws Exception {
    String expired = finishedRun("expired-run");
    String kept = finishedRun("kept-run");
    // An event that arrived after the run finished and was never consumed.
    putRaw(tables.triggers(), expired, "inbox#late-event");
    assertThat(items(tables.history(), expired)).isNotZero();
    expire(expired);

    JsonNode out = Invoke.handler(handler, batch(remove(expired, "100", true)).toString());

    assertThat(out.path("batchItemFailures")).isEmpty();
    assertThat(items(tables.history(), expired)).isZero();
    assertThat(items(tables.triggers(), expired)).isZero();
    try (AwsWorkflowClient client = aws.client()) {
      assertThat(client.run(expired)).isEmpty();
      assertThat(client.history(kept)).isNotEmpty();
      assertThat(client.run(kept).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
    }
    assertThat(deadLetters()).isEmpty();
  }

  @Test
  void recordOfARunThatExistsAgain_purgesNothing() throws Exception {
    String run = finishedRun("back-run");
    int before = items(tables.history(), run);

    JsonNode out = Invoke.handler(handler, batch(remove(run, "100", true)).toString());

    assertThat(out.path("batchItemFailures")).isEmpty();
    assertThat(items(tables.history(), run)).isEqualTo(before);
  }

  @Test
  void insertsAndUpdates_areSkipped() throws Exception {
    String run = finishedRun("updated-run");
    int before = items(tables.history(), run);
    expire(run);
    ObjectNode modify = remove(run, "100", false).put("eventName", "MODIFY");
    ObjectNode insert = remove(run, "101", false).put("eventName", "INSERT");

    JsonNode out = Invoke.handler(handler, batch(modify, insert).toString());

    assertThat(out.path("batchItemFailures")).isEmpty();
    assertThat(items(tables.history(), run)).isEqualTo(before);
    assertThat(deadLetters()).isEmpty();
  }

  @Test
  void deliveryThatIsNotAStreamBatch_isDeadLetteredAndTheInvocationSucceeds() throws Exception {
    JsonNode out = Invoke.handler(handler, "{\"detail-type\":\"something else\"}");

    assertThat(out.path("batchItemFailures")).isEmpty();
    assertThat(deadLetters())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.reason()).contains("not a DynamoDB stream batch");
              assertThat(d.payload()).isEqualTo("{\"detail-type\":\"something else\"}");
            });
  }

  @Test
  void recordsWithoutAKeyOrWithAKeyNoRunHas_areDeadLetteredAndTheOthersPurged() throws Exception {
    String run = finishedRun("good-run");
    expire(run);
    ObjectNode keyless = remove(run, "100", true);
    ((ObjectNode) keyless.path("dynamodb")).remove("Keys");
    ObjectNode badId = remove("no spaces/or slashes in a run id", "101", true);

    JsonNode out =
        Invoke.handler(handler, batch(keyless, badId, remove(run, "102", true)).toString());

    assertThat(out.path("batchItemFailures")).isEmpty();
    assertThat(deadLetters())
        .extracting(DeadLetter::reason)
        .containsExactlyInAnyOrder(
            "the stream record has no string key 'pk'; is the function reading the stream of the"
                + " engine's runs table?",
            "the stream record's key is not a run id the engine writes");
    assertThat(items(tables.history(), run)).isZero();
  }

  @Test
  void purgeThatFails_namesItsRecordForRetryAndLeavesTheRestOfTheBatch() throws Exception {
    String first = finishedRun("first-run");
    String second = finishedRun("second-run");
    expire(first);
    expire(second);
    TableNames noHistory =
        new TableNames(tables.runs(), "missing-history", tables.triggers(), tables.deadLetters());
    RunExpiryHandler failing =
        new RunExpiryHandler(
            new DynamoDbRunPurge(dynamo, noHistory), aws.stores().deadLetters(), aws.clock());

    JsonNode out =
        Invoke.handler(
            failing, batch(remove(first, "100", true), remove(second, "101", true)).toString());

    assertThat(out.path("batchItemFailures"))
        .singleElement()
        .satisfies(f -> assertThat(f.path("itemIdentifier").asText()).isEqualTo("100"));
    assertThat(items(tables.history(), second)).as("the record after it is left").isNotZero();

    JsonNode retried =
        Invoke.handler(
            handler, batch(remove(first, "100", true), remove(second, "101", true)).toString());

    assertThat(retried.path("batchItemFailures")).isEmpty();
    assertThat(items(tables.history(), first)).isZero();
    assertThat(items(tables.history(), second)).isZero();
  }

  @Test
  void handlerName_isTheOneTheDeploymentConfigures() throws Exception {
    String name = AwsContract.RUN_EXPIRY_HANDLER;
    Class<?> type = Class.forName(name.substring(0, name.indexOf("::")));

    assertThat(type).isEqualTo(RunExpiryHandler.class);
    assertThat(type.getConstructor()).isNotNull();
  }

  private String finishedRun(String runId) throws Exception {
    try (AwsWorkflowClient client = aws.client(true)) {
      client.start("sequence", null, runId);
      aws.awaitIdle(Duration.ofSeconds(30));
      assertThat(client.run(runId).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
    }
    return runId;
  }

  /** Deletes a run's record as DynamoDB's TTL does. */
  private void expire(String runId) {
    dynamo.deleteItem(
        b ->
            b.tableName(tables.runs())
                .key(Map.of(AwsContract.PARTITION_KEY, AttributeValue.fromS(runId))));
  }

  private void putRaw(String table, String pk, String sk) {
    dynamo.putItem(
        b ->
            b.tableName(table)
                .item(
                    Map.of(
                        AwsContract.PARTITION_KEY,
                        AttributeValue.fromS(pk),
                        AwsContract.SORT_KEY,
                        AttributeValue.fromS(sk))));
  }

  private int items(String table, String pk) {
    return dynamo
        .query(
            b ->
                b.tableName(table)
                    .keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", AwsContract.PARTITION_KEY))
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(pk)))
                    .consistentRead(true))
        .count();
  }

  private List<DeadLetter> deadLetters() {
    return aws.stores().deadLetters().list(10);
  }

  /** A deletion record of the runs table's stream, with the keys only, as the deployment asks. */
  private static ObjectNode remove(String runId, String sequence, boolean byTtl) {
    ObjectNode record = Json.mapper().createObjectNode();
    record.put("eventID", "e-" + sequence);
    record.put("eventName", "REMOVE");
    record.put("eventSource", "aws:dynamodb");
    record.put("awsRegion", "us-east-1");
    ObjectNode dynamodb = record.putObject("dynamodb");
    dynamodb.putObject("Keys").putObject(AwsContract.PARTITION_KEY).put("S", runId);
    dynamodb.put("SequenceNumber", sequence);
    dynamodb.put("SizeBytes", 40);
    dynamodb.put("StreamViewType", "KEYS_ONLY");
    if (byTtl) {
      ObjectNode identity = record.putObject("userIdentity");
      identity.put("type", "Service");
      identity.put("principalId", "dynamodb.amazonaws.com");
    }
    record.put(
        "eventSourceARN",
        "arn:aws:dynamodb:us-east-1:123456789012:table/runs/stream/2026-01-01T00:00:00.000");
    return record;
  }

  private static ObjectNode batch(ObjectNode... records) {
    ObjectNode batch = Json.mapper().createObjectNode();
    ArrayNode array = batch.putArray("Records");
    for (ObjectNode r : records) {
      array.add(r);
    }
    return batch;
  }
}

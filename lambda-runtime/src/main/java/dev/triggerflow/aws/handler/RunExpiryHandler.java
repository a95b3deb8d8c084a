package dev.triggerflow.aws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.api.Names;
import dev.triggerflow.aws.config.AwsClients;
import dev.triggerflow.aws.config.ConfigurationException;
import dev.triggerflow.aws.config.LambdaSettings;
import dev.triggerflow.aws.dynamodb.DynamoDbRunPurge;
import dev.triggerflow.aws.dynamodb.DynamoDbStores;
import dev.triggerflow.aws.dynamodb.StoreSettings;
import dev.triggerflow.aws.dynamodb.TableNames;
import dev.triggerflow.deployment.AwsContract;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.Clock;
import dev.triggerflow.spi.DeadLetter;
import dev.triggerflow.spi.DeadLetterStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The run expiry function: it takes the runs table's DynamoDB stream, filtered by the deployment to
 * deletions, and for each run whose record is gone (TTL deletes finished runs after the retention
 * period) clears away the run's history, its pending events and any trigger left behind, which have
 * no TTL of their own.
 *
 * <p>Records are handled in stream order. When a purge fails (throttling, a timeout of DynamoDB),
 * the response names that record in {@code batchItemFailures} and the rest of the batch is left:
 * Lambda retries from that record on, and the purges already done find nothing more to delete. A
 * record that cannot be read (no key, a run id the engine would never write) is stored as a dead
 * letter, since reading it again cannot help; so is a delivery that is not a stream batch at all.
 * Records of other kinds (inserts and updates, should the filter let one through) are skipped.
 */
public final class RunExpiryHandler implements RequestStreamHandler {
  private static final Logger log = LoggerFactory.getLogger(RunExpiryHandler.class);
  private static final String TTL_PRINCIPAL = "dynamodb.amazonaws.com";

  private final DynamoDbRunPurge purge;
  private final DeadLetterStore deadLetters;
  private final Clock clock;

  /** The constructor the Lambda runtime uses: tables and clients from the environment. */
  public RunExpiryHandler() {
    this(System.getenv());
  }

  private RunExpiryHandler(Map<String, String> env) {
    this(fromEnvironment(env));
  }

  private RunExpiryHandler(Parts parts) {
    this(parts.purge(), parts.deadLetters(), Clock.system());
  }

  /** A handler on given parts. */
  public RunExpiryHandler(DynamoDbRunPurge purge, DeadLetterStore deadLetters, Clock clock) {
    this.purge = Objects.requireNonNull(purge, "purge");
    this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  private record Parts(DynamoDbRunPurge purge, DeadLetterStore deadLetters) {}

  private static Parts fromEnvironment(Map<String, String> env) {
    TableNames tables;
    StoreSettings settings;
    try {
      tables = TableNames.fromEnvironment(env);
      settings = StoreSettings.fromEnvironment(env);
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new ConfigurationException(e.getMessage(), e);
    }
    AwsClients clients = AwsClients.fromSettings(LambdaSettings.fromEnvironment(env));
    return new Parts(
        new DynamoDbRunPurge(clients.dynamoDb(), tables),
        DynamoDbStores.create(clients.dynamoDb(), tables, settings).deadLetters());
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    HandlerIo.putRequestId(context);
    try {
      HandlerIo.write(output, handle(HandlerIo.readText(input)));
    } finally {
      MDC.remove(HandlerIo.REQUEST_ID);
    }
  }

  /** Handles one stream batch; the response lists the record Lambda should retry from, if any. */
  ObjectNode handle(String text) {
    ObjectNode response = Json.mapper().createObjectNode();
    ArrayNode failures = response.putArray("batchItemFailures");
    JsonNode records = records(text);
    if (records == null) {
      deadLetter("the delivery is not a DynamoDB stream batch with a 'Records' array", null, text);
      return response;
    }
    int purged = 0;
    int handled = 0;
    for (JsonNode record : records) {
      String sequence = record.path("dynamodb").path("SequenceNumber").asText("");
      try {
        if (handleRecord(record)) {
          purged++;
        }
        handled++;
      } catch (RuntimeException e) {
        if (sequence.isEmpty()) {
          throw e;
        }
        log.error("purging after stream record {} failed; Lambda retries from it", sequence, e);
        failures.addObject().put("itemIdentifier", sequence);
        break;
      } finally {
        LogContext.clearEvent();
      }
    }
    log.info("{} of {} stream records handled, {} runs purged", handled, records.size(), purged);
    return response;
  }

  private static JsonNode records(String text) {
    try {
      JsonNode root = Json.parse(text);
      JsonNode records = root == null ? null : root.get("Records");
      return records != null && records.isArray() ? records : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Returns whether the record's run was purged. */
  private boolean handleRecord(JsonNode record) {
    String eventName = record.path("eventName").asText("");
    if (!AwsContract.RUN_EXPIRY_STREAM_EVENT.equals(eventName)) {
      log.debug("skipping a stream record of kind '{}'", eventName);
      return false;
    }
    JsonNode key = record.path("dynamodb").path("Keys").path(AwsContract.PARTITION_KEY).path("S");
    if (!key.isTextual()) {
      deadLetter(
          "the stream record has no string key '"
              + AwsContract.PARTITION_KEY
              + "'; is the function reading the stream of the engine's runs table?",
          null,
          record.toString());
      return false;
    }
    String runId = key.asText();
    if (!Names.isValid(runId)) {
      deadLetter(
          "the stream record's key is not a run id the engine writes", null, record.toString());
      return false;
    }
    LogContext.putRun(runId);
    boolean byTtl = TTL_PRINCIPAL.equals(record.path("userIdentity").path("principalId").asText());
    DynamoDbRunPurge.Purged purged = purge.purge(runId);
    if (purged.runExists()) {
      log.info("run {} exists again; nothing is purged", runId);
      return false;
    }
    log.info(
        "run {} {}: deleted {} history items and {} inbox and trigger items",
        runId,
        byTtl ? "expired" : "was deleted",
        purged.historyItems(),
        purged.triggerTableItems());
    return true;
  }

  private void deadLetter(String reason, String runId, String payload) {
    log.warn("dead-lettering a stream record: {}", reason);
    deadLetters.put(
        new DeadLetter(UUID.randomUUID().toString(), clock.now(), reason, runId, payload));
  }
}

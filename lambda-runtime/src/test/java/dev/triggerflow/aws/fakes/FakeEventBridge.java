package dev.triggerflow.aws.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.event.ruler.Machine;

/**
 * EventBridge at the SDK level, for one bus: {@code PutEvents} with AWS's limits (at most ten
 * entries and 256 KB per request, a detail that is a JSON object), per-entry failures on demand,
 * and delivery of every accepted entry, in the envelope EventBridge uses, to the target function of
 * each rule whose pattern matches, asynchronously through the Lambda fake. Patterns are matched by
 * AWS's event-ruler. On demand every event is delivered twice.
 */
public final class FakeEventBridge implements EventBridgeClient {
  /** The most entries per request. */
  public static final int MAX_ENTRIES = 10;

  /** The most bytes per request. */
  public static final int MAX_REQUEST_BYTES = 256 * 1024;

  private final ApiCalls calls;
  private final FakeLambda lambda;
  private final String bus;
  private final Machine machine = Machine.builder().build();
  private final Map<String, String> targets = new ConcurrentHashMap<>();
  private final AtomicInteger entriesToFail = new AtomicInteger();
  private final List<PutEventsRequest> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<JsonNode> accepted = Collections.synchronizedList(new ArrayList<>());
  private volatile String failureCode = "InternalFailure";
  private volatile int copies = 1;

  /** A bus named {@code bus} delivering through {@code lambda}. */
  public FakeEventBridge(ApiCalls calls, FakeLambda lambda, String bus) {
    this.calls = calls;
    this.lambda = lambda;
    this.bus = bus;
  }

  /** Adds a rule that sends matching events to a function. */
  public void addRule(String name, String pattern, String targetFunction) {
    try {
      machine.addRule(name, pattern);
    } catch (Exception e) {
      throw new IllegalArgumentException("bad pattern for rule " + name, e);
    }
    targets.put(name, targetFunction);
  }

  /** Makes the next {@code n} entries fail with {@code errorCode}, as a partial failure. */
  public void failNextEntries(int n, String errorCode) {
    this.failureCode = errorCode;
    this.entriesToFail.set(n);
  }

  /** Delivers every event twice (true) or once (false). */
  public void duplicateDeliveries(boolean twice) {
    this.copies = twice ? 2 : 1;
  }

  @Override
  public PutEventsResponse putEvents(PutEventsRequest request) {
    calls.count("events", "PutEvents");
    requests.add(request);
    List<PutEventsRequestEntry> entries = request.entries();
    if (entries.isEmpty() || entries.size() > MAX_ENTRIES) {
      throw validation(
          "1 validation error detected: Value at 'entries' failed to satisfy constraint: Member"
              + " must have length between 1 and 10");
    }
    long size = entries.stream().mapToLong(FakeEventBridge::sizeOf).sum();
    if (size > MAX_REQUEST_BYTES) {
      throw validation("Total size of the entries in the request is over the limit.");
    }
    List<PutEventsResultEntry> results = new ArrayList<>();
    int failed = 0;
    for (PutEventsRequestEntry entry : entries) {
      PutEventsResultEntry result = accept(entry);
      if (result.errorCode() != null) {
        failed++;
      }
      results.add(result);
    }
    return PutEventsResponse.builder().failedEntryCount(failed).entries(results).build();
  }

  private PutEventsResultEntry accept(PutEventsRequestEntry entry) {
    if (entriesToFail.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
      return PutEventsResultEntry.builder()
          .errorCode(failureCode)
          .errorMessage("injected failure")
          .build();
    }
    if (!isThisBus(entry.eventBusName())) {
      return PutEventsResultEntry.builder()
          .errorCode("ResourceNotFoundException")
          .errorMessage("Event bus " + entry.eventBusName() + " does not exist.")
          .build();
    }
    JsonNode detail;
    try {
      detail = Json.parse(entry.detail());
    } catch (RuntimeException e) {
      detail = null;
    }
    if (detail == null || !detail.isObject()) {
      return PutEventsResultEntry.builder()
          .errorCode("MalformedDetail")
          .errorMessage("Detail is malformed.")
          .build();
    }
    Instant time = entry.time() != null ? entry.time() : Instant.now();
    String id = deliver(entry.source(), entry.detailType(), detail, time, List.of());
    return PutEventsResultEntry.builder().eventId(id).build();
  }

  /**
   * Puts an event on the bus on behalf of another service (Lambda Destinations, EventBridge
   * Scheduler): not a call of the engine, counted as {@code events:PutEvents(by)}.
   */
  public void putFromService(
      String by,
      String source,
      String detailType,
      JsonNode detail,
      Instant time,
      List<String> resources) {
    calls.count("events", "PutEvents(" + by + ")");
    deliver(source, detailType, detail, time, resources);
  }

  /** Whether a name or ARN names this bus. */
  public boolean isThisBus(String nameOrArn) {
    return bus.equals(nameOrArn)
        || (nameOrArn != null
            && nameOrArn.startsWith("arn:aws:events:")
            && nameOrArn.endsWith(":event-bus/" + bus));
  }

  /** The ARN of this bus. */
  public String arn() {
    return "arn:aws:events:us-east-1:123456789012:event-bus/" + bus;
  }

  private String deliver(
      String source, String detailType, JsonNode detail, Instant time, List<String> resources) {
    String id = UUID.randomUUID().toString();
    ObjectNode envelope = Json.mapper().createObjectNode();
    envelope.put("version", "0");
    envelope.put("id", id);
    envelope.put("detail-type", detailType);
    envelope.put("source", source);
    envelope.put("account", "123456789012");
    envelope.put("time", time.truncatedTo(ChronoUnit.SECONDS).toString());
    envelope.put("region", "us-east-1");
    var listed = envelope.putArray("resources");
    resources.forEach(listed::add);
    envelope.set("detail", detail);
    accepted.add(envelope);
    route(envelope);
    return id;
  }

  private void route(ObjectNode envelope) {
    byte[] payload = envelope.toString().getBytes(StandardCharsets.UTF_8);
    for (String rule : machine.rulesForJSONEvent(envelope)) {
      for (int i = 0; i < copies; i++) {
        lambda.deliver(targets.get(rule), payload);
      }
    }
  }

  private static long sizeOf(PutEventsRequestEntry e) {
    long size = e.time() != null ? 14 : 0;
    for (String s : new String[] {e.source(), e.detailType(), e.detail()}) {
      size += s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
    }
    return size;
  }

  private static EventBridgeException validation(String message) {
    return (EventBridgeException)
        EventBridgeException.builder()
            .message(message)
            .statusCode(400)
            .awsErrorDetails(
                AwsErrorDetails.builder()
                    .errorCode("ValidationException")
                    .errorMessage(message)
                    .serviceName("EventBridge")
                    .build())
            .build();
  }

  /** Every request received. */
  public List<PutEventsRequest> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** Every accepted event, in its envelope. */
  public List<JsonNode> accepted() {
    synchronized (accepted) {
      return List.copyOf(accepted);
    }
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {}
}

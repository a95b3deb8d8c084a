package dev.triggerflow.aws.fakes;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.event.LambdaDestinations;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.Clock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;
import software.amazon.awssdk.services.lambda.model.RequestTooLargeException;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * Lambda at the SDK level: {@code Invoke} runs a registered handler class. An asynchronous
 * invocation ({@code Event}) is accepted with status 202 and runs later on a thread pool, retried
 * up to twice when the handler throws, as Lambda does; on demand every asynchronous invocation is
 * delivered twice, as Lambda's at-least-once delivery allows. A synchronous invocation runs at once
 * and reports a handler's exception as a function error. A function that does not exist, and an
 * asynchronous payload over 256 KB, are refused with Lambda's errors. Functions are named by name
 * or by ARN, as Lambda accepts both.
 *
 * <p>A function may have destinations on a bus, as Lambda Destinations: the outcome of each
 * asynchronous invocation (success, or failure once the retries are spent) goes on the bus as a
 * record in Lambda's format. A function may also be made to time out on every invocation, which
 * runs none of its code.
 */
public final class FakeLambda implements LambdaClient {
  /** The largest asynchronous payload Lambda accepts (the limit emulators keep). */
  public static final int MAX_ASYNC_PAYLOAD_BYTES = 256 * 1024;

  private final ApiCalls calls;
  private final Activity activity;
  private final ExecutorService pool;
  private final Map<String, RequestStreamHandler> functions = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> invokes = new ConcurrentHashMap<>();
  private final Map<String, Supplier<LambdaException>> injectedErrors = new ConcurrentHashMap<>();
  private final Set<String> held = ConcurrentHashMap.newKeySet();
  private final Queue<Delivery> heldDeliveries = new ConcurrentLinkedQueue<>();
  private final List<Throwable> handlerErrors = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, Destinations> destinations = new ConcurrentHashMap<>();
  private final Set<String> timingOut = ConcurrentHashMap.newKeySet();
  private volatile int copies = 1;
  private volatile int asyncRetries = 2;
  private volatile Clock clock = Instant::now;

  /** A fake on a thread pool, counting API calls and work in flight. */
  public FakeLambda(ApiCalls calls, Activity activity, ExecutorService pool) {
    this.calls = calls;
    this.activity = activity;
    this.pool = pool;
  }

  /** Deploys a function. */
  public void register(String function, RequestStreamHandler handler) {
    functions.put(function, handler);
  }

  /**
   * Deploys a plain function that knows nothing of Triggerflow: it takes its payload as JSON and
   * returns JSON, or throws, which is an unhandled function error.
   */
  public void registerPlain(String function, Function<JsonNode, JsonNode> code) {
    register(
        function,
        (in, out, ctx) -> {
          JsonNode result = code.apply(Json.parse(new String(in.readAllBytes(), UTF_8)));
          out.write(Json.write(result == null ? NullNode.getInstance() : result).getBytes(UTF_8));
        });
  }

  /**
   * Sends the outcomes of a function's asynchronous invocations to a bus, as Lambda Destinations:
   * successes if {@code onSuccess}, failures (after the retries) if {@code onFailure}.
   */
  public void destinations(
      String function, FakeEventBridge bus, boolean onSuccess, boolean onFailure) {
    destinations.put(function, new Destinations(bus, onSuccess, onFailure));
  }

  /** Makes every invocation of a function time out before its code has done anything. */
  public void timeOut(String function) {
    timingOut.add(function);
  }

  /** The clock that stamps destination records. */
  public void clock(Clock clock) {
    this.clock = clock;
  }

  /** Delivers every asynchronous invocation twice (true) or once (false). */
  public void duplicateDeliveries(boolean twice) {
    this.copies = twice ? 2 : 1;
  }

  /** How often a failed asynchronous invocation is retried; 2 by default, as on Lambda. */
  public void asyncRetries(int n) {
    this.asyncRetries = n;
  }

  /** Makes every {@code Invoke} of a function fail with this error; null to stop. */
  public void failInvocations(String function, Supplier<LambdaException> error) {
    if (error == null) {
      injectedErrors.remove(function);
    } else {
      injectedErrors.put(function, error);
    }
  }

  /** Keeps asynchronous invocations of a function queued until {@link #releaseHeld}. */
  public void hold(String function) {
    held.add(function);
  }

  /** Stops holding invocations of a function; queued ones stay queued. */
  public void unhold(String function) {
    held.remove(function);
  }

  /** Runs the queued invocations; functions on hold stay on hold. */
  public void releaseHeld() {
    Delivery d;
    while ((d = heldDeliveries.poll()) != null) {
      submit(d);
    }
  }

  /** How many invocations are queued by {@link #hold}. */
  public int heldCount() {
    return heldDeliveries.size();
  }

  @Override
  public InvokeResponse invoke(InvokeRequest request) {
    calls.count("lambda", "Invoke");
    String function = functionName(request.functionName());
    invokes.computeIfAbsent(function, f -> new AtomicInteger()).incrementAndGet();
    Supplier<LambdaException> injected = injectedErrors.get(function);
    if (injected != null) {
      throw injected.get();
    }
    RequestStreamHandler handler = functions.get(function);
    if (handler == null) {
      throw notFound(function);
    }
    byte[] payload = request.payload() == null ? new byte[0] : request.payload().asByteArray();
    if (request.invocationType() == InvocationType.EVENT) {
      if (payload.length > MAX_ASYNC_PAYLOAD_BYTES) {
        throw RequestTooLargeException.builder()
            .statusCode(413)
            .awsErrorDetails(
                details(
                    "RequestTooLargeException",
                    "Request must be smaller than "
                        + MAX_ASYNC_PAYLOAD_BYTES
                        + " bytes for the InvokeAsync operation"))
            .build();
      }
      deliver(function, payload);
      return InvokeResponse.builder().statusCode(202).build();
    }
    return invokeNow(function, handler, payload);
  }

  /**
   * Runs a function asynchronously as a service does when it delivers to it (EventBridge to a
   * rule's target): not an API call of the engine, so not counted as one.
   */
  public void deliver(String target, byte[] payload) {
    String function = functionName(target);
    for (int i = 0; i < copies; i++) {
      Delivery d = new Delivery(function, payload);
      if (held.contains(function)) {
        heldDeliveries.add(d);
      } else {
        submit(d);
      }
    }
  }

  private void submit(Delivery d) {
    activity.begin();
    try {
      pool.execute(
          () -> {
            try {
              runWithRetries(d);
            } finally {
              activity.end();
            }
          });
    } catch (RuntimeException e) {
      activity.end();
      throw e;
    }
  }

  private void runWithRetries(Delivery d) {
    RequestStreamHandler handler = functions.get(d.function);
    String requestId = UUID.randomUUID().toString();
    Throwable last = null;
    for (int attempt = 0; attempt <= asyncRetries; attempt++) {
      try {
        byte[] out = run(d.function, handler, d.payload);
        report(d, requestId, attempt + 1, out, null);
        return;
      } catch (Exception | Error e) {
        handlerErrors.add(e);
        last = e;
      }
    }
    report(d, requestId, asyncRetries + 1, null, last);
  }

  /** Puts the record of an asynchronous invocation's outcome on the function's destination. */
  private void report(Delivery d, String requestId, int invokes, byte[] out, Throwable error) {
    Destinations to = destinations.get(d.function);
    if (to == null || (error == null ? !to.onSuccess : !to.onFailure)) {
      return;
    }
    Instant now = clock.now();
    ObjectNode detail = Json.mapper().createObjectNode();
    detail.put("version", "1.0");
    detail.put("timestamp", now.toString());
    ObjectNode request = detail.putObject("requestContext");
    request.put("requestId", requestId);
    request.put("functionArn", arn(d.function) + ":$LATEST");
    request.put("condition", error == null ? "Success" : "RetriesExhausted");
    request.put("approximateInvokeCount", invokes);
    detail.set("requestPayload", parseOrText(d.payload));
    ObjectNode response = detail.putObject("responseContext");
    response.put("statusCode", 200);
    response.put("executedVersion", "$LATEST");
    if (error == null) {
      detail.set("responsePayload", out.length == 0 ? NullNode.getInstance() : parseOrText(out));
    } else {
      response.put("functionError", "Unhandled");
      detail.set("responsePayload", errorPayload(requestId, error));
    }
    to.bus.putFromService(
        "lambda-destinations",
        LambdaDestinations.SOURCE,
        error == null ? LambdaDestinations.SUCCESS : LambdaDestinations.FAILURE,
        detail,
        now,
        List.of(arn(d.function)));
  }

  /** The error payload of an unhandled error, as Lambda's Java runtime writes it. */
  private static ObjectNode errorPayload(String requestId, Throwable error) {
    ObjectNode payload = Json.mapper().createObjectNode();
    if (error instanceof TimedOut) {
      payload.put("errorType", "Sandbox.Timedout");
      payload.put(
          "errorMessage", "RequestId: " + requestId + " Error: Task timed out after 60.00 seconds");
      return payload;
    }
    payload.put("errorMessage", String.valueOf(error.getMessage()));
    payload.put("errorType", error.getClass().getName());
    var trace = payload.putArray("stackTrace");
    for (StackTraceElement e : error.getStackTrace()) {
      trace.add(e.toString());
    }
    return payload;
  }

  private static JsonNode parseOrText(byte[] bytes) {
    String text = new String(bytes, UTF_8);
    try {
      return Json.parse(text);
    } catch (RuntimeException e) {
      return Json.mapper().getNodeFactory().textNode(text);
    }
  }

  private InvokeResponse invokeNow(String function, RequestStreamHandler handler, byte[] payload) {
    try {
      byte[] out = run(function, handler, payload);
      return InvokeResponse.builder().statusCode(200).payload(SdkBytes.fromByteArray(out)).build();
    } catch (Exception e) {
      String error =
          Json.mapper()
              .createObjectNode()
              .put("errorType", e.getClass().getName())
              .put("errorMessage", String.valueOf(e.getMessage()))
              .toString();
      return InvokeResponse.builder()
          .statusCode(200)
          .functionError("Unhandled")
          .payload(SdkBytes.fromUtf8String(error))
          .build();
    }
  }

  private byte[] run(String function, RequestStreamHandler handler, byte[] payload)
      throws Exception {
    executions.computeIfAbsent(function, f -> new AtomicInteger()).incrementAndGet();
    if (timingOut.contains(function)) {
      throw new TimedOut(function);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    handler.handleRequest(
        new ByteArrayInputStream(payload),
        out,
        new FakeContext(function, UUID.randomUUID().toString()));
    return out.toByteArray();
  }

  /** How many times a function's handler ran (deliveries and retries). */
  public int executions(String function) {
    AtomicInteger n = executions.get(function);
    return n == null ? 0 : n.get();
  }

  /** How many {@code Invoke} calls named a function. */
  public int invokes(String function) {
    AtomicInteger n = invokes.get(function);
    return n == null ? 0 : n.get();
  }

  /** Every exception a handler threw in an asynchronous invocation. */
  public List<Throwable> handlerErrors() {
    synchronized (handlerErrors) {
      return List.copyOf(handlerErrors);
    }
  }

  /** The name of a function named by name or by ARN (with or without a qualifier). */
  public static String functionName(String nameOrArn) {
    if (nameOrArn != null && nameOrArn.startsWith("arn:")) {
      String[] parts = nameOrArn.split(":", -1);
      return parts.length > 6 ? parts[6] : nameOrArn;
    }
    return nameOrArn;
  }

  /** The ARN of a function of this fake account and region. */
  public static String arn(String function) {
    return "arn:aws:lambda:us-east-1:123456789012:function:" + function;
  }

  /** Lambda's answer for a function that does not exist. */
  public static LambdaException notFound(String function) {
    String message = "Function not found: " + arn(function);
    return ResourceNotFoundException.builder()
        .message(message)
        .statusCode(404)
        .awsErrorDetails(details("ResourceNotFoundException", message))
        .build();
  }

  /** Error details as the SDK reads them from a response. */
  public static AwsErrorDetails details(String code, String message) {
    return AwsErrorDetails.builder()
        .errorCode(code)
        .errorMessage(message)
        .serviceName("Lambda")
        .build();
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {}

  /** Where a function's outcomes go. */
  private record Destinations(FakeEventBridge bus, boolean onSuccess, boolean onFailure) {}

  /** An invocation that ran out of time before the function's code did anything. */
  private static final class TimedOut extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TimedOut(String function) {
      super("function " + function + " timed out", null, false, false);
    }
  }

  /** One asynchronous invocation waiting to run. */
  private static final class Delivery {
    final String function;
    final byte[] payload;

    Delivery(String function, byte[] payload) {
      this.function = function;
      this.payload = payload;
    }
  }
}

package dev.triggerflow.aws.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.aws.config.ConfigurationException;
import dev.triggerflow.deployment.AwsContract;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.event.LambdaDestinations;
import dev.triggerflow.spi.Clock;
import dev.triggerflow.spi.EventPublisher;
import dev.triggerflow.spi.FunctionInvoker;
import dev.triggerflow.spi.PayloadStore;
import dev.triggerflow.spi.TaskInvocation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.LambdaException;

/**
 * Starts tasks and wakes orchestrators with asynchronous Lambda invocations ({@code Event}).
 *
 * <p>When Lambda refuses a task invocation for good (the function does not exist, the caller may
 * not invoke it, the payload is malformed or too large), no retry can help, so the call fails
 * visibly: a task-failed event with Lambda's error is published for it, and the workflow sees a
 * failed task. Throttling and service errors are retried by the SDK and then thrown, so the
 * orchestrator's invocation fails and is retried. Waking an orchestrator has no call to fail, so
 * every error there is thrown.
 *
 * <p>A foreign task's function is invoked with the call's input and a field naming the run and the
 * call ({@link LambdaDestinations#foreignPayload}); an input that travels by reference is read back
 * first, since such a function knows nothing of the payload bucket. The engine's own task functions
 * get the task payload of {@link InvocationPayloads}.
 *
 * <p>A batch of tasks (a map, a step of a native workflow that starts several tasks) is sent in
 * parallel on a small pool of threads built on first use and kept for the container's life, so that
 * a map of a hundred calls costs a few round trips of time rather than a hundred. Each invocation
 * is handled as if it were alone: one Lambda refuses fails only its own call.
 */
public final class LambdaFunctionInvoker implements FunctionInvoker {
  private static final Logger log = LoggerFactory.getLogger(LambdaFunctionInvoker.class);

  /** The error type of a task-failed event for a task invocation that Lambda refused. */
  public static final String INVOCATION_REJECTED = "TaskInvocationRejected";

  /** The error type of a task-failed event for a task no function is configured for. */
  public static final String NO_TASK_FUNCTION = "TaskFunctionNotConfigured";

  /** The error type of a task-failed event for a task input too large to send. */
  public static final String INPUT_TOO_LARGE = "TaskInputTooLarge";

  /** The largest payload of an asynchronous invocation in emulators and older quotas. */
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;

  /**
   * HTTP statuses with which Lambda refuses an invocation for good: a malformed request, access
   * denied, no such function, a payload too large, an unsupported media type. Others (409 while a
   * function is being updated, 429 throttling, 5xx) may pass.
   */
  private static final Set<Integer> REJECTIONS = Set.of(400, 403, 404, 413, 415);

  /**
   * How many invocations of a batch are in flight at once by default: enough to hide the round trip
   * of each, few enough for the JDK's HTTP client and the function's memory.
   */
  public static final int DEFAULT_PARALLELISM = 16;

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final LambdaClient client;
  private final String orchestratorFunction;
  private final TaskFunctions taskFunctions;
  private final EventPublisher publisher;
  private final Clock clock;
  private final int maxPayloadBytes;
  private final PayloadStore payloads;
  private final int parallelism;
  private ExecutorService pool;

  private LambdaFunctionInvoker(Builder b) {
    this.client = Objects.requireNonNull(b.client, "a Lambda client is required");
    this.orchestratorFunction = b.orchestratorFunction;
    this.taskFunctions = b.taskFunctions;
    this.publisher = b.publisher;
    this.clock = b.clock;
    this.maxPayloadBytes = b.maxPayloadBytes;
    this.payloads = b.payloads;
    this.parallelism = b.parallelism;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void invokeTask(TaskInvocation inv) {
    Optional<String> function = taskFunctions.functionFor(inv.task());
    if (function.isEmpty()) {
      fail(
          inv,
          NO_TASK_FUNCTION,
          "no Lambda function is configured for task '"
              + inv.task()
              + "': name one in "
              + AwsContract.ENV_TASK_FUNCTIONS
              + " or set "
              + AwsContract.ENV_DEFAULT_TASK_FUNCTION);
      return;
    }
    byte[] payload = payloadOf(inv).getBytes(StandardCharsets.UTF_8);
    if (payload.length > maxPayloadBytes) {
      fail(
          inv,
          INPUT_TOO_LARGE,
          "the invocation of task '"
              + inv.task()
              + "' is "
              + payload.length
              + " bytes, more than the "
              + maxPayloadBytes
              + " bytes an asynchronous invocation may carry; "
              + (taskFunctions.isForeign(inv.task())
                  ? "a foreign task receives its input inline, so keep it smaller"
                  : "configure the payload bucket so large inputs travel by reference"));
      return;
    }
    try {
      invoke(function.get(), payload);
    } catch (LambdaException e) {
      if (REJECTIONS.contains(e.statusCode())) {
        fail(
            inv,
            INVOCATION_REJECTED,
            "Lambda refused to start function '"
                + function.get()
                + "' for task '"
                + inv.task()
                + "': "
                + describe(e));
        return;
      }
      throw new FunctionInvocationException(
          "could not start call "
              + inv.callId()
              + " of run "
              + inv.runId()
              + " on function '"
              + function.get()
              + "': "
              + describe(e),
          e);
    } catch (SdkException e) {
      throw new FunctionInvocationException(
          "could not start call "
              + inv.callId()
              + " of run "
              + inv.runId()
              + " on function '"
              + function.get()
              + "': "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Starts the tasks in parallel, at most {@link Builder#parallelism(int)} at a time, and returns
   * once Lambda has accepted or refused each. A refused invocation fails its call, as in {@link
   * #invokeTask}; an error that may pass is thrown once every invocation has been tried, with the
   * others' errors suppressed in it, so the orchestrator's retry starts again only what did not
   * start (a task started twice is harmless: the same attempt, the same event ids).
   */
  @Override
  public void invokeTasks(List<TaskInvocation> invocations) {
    if (invocations.size() < 2 || parallelism < 2) {
      invocations.forEach(this::invokeTask);
      return;
    }
    Map<String, String> logContext = MDC.getCopyOfContextMap();
    List<Future<?>> started = new ArrayList<>(invocations.size());
    ExecutorService executor = pool();
    for (TaskInvocation inv : invocations) {
      started.add(executor.submit(() -> withLogContext(logContext, () -> invokeTask(inv))));
    }
    RuntimeException failure = null;
    for (Future<?> f : started) {
      RuntimeException e = outcome(f);
      if (e != null && failure == null) {
        failure = e;
      } else if (e != null) {
        failure.addSuppressed(e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** The error of one invocation of a batch, or null. */
  private static RuntimeException outcome(Future<?> f) {
    try {
      f.get();
      return null;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Error error) {
        throw error;
      }
      return cause instanceof RuntimeException re
          ? re
          : new IllegalStateException("a task invocation failed", cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      f.cancel(true);
      return new IllegalStateException("interrupted while starting tasks", e);
    }
  }

  private static void withLogContext(Map<String, String> context, Runnable work) {
    if (context != null) {
      MDC.setContextMap(context);
    }
    try {
      work.run();
    } finally {
      MDC.clear();
    }
  }

  /**
   * The pool that sends batches, built on first use: functions that never send one (the task
   * functions) start no thread, and none is captured in a SnapStart snapshot. Idle threads end
   * after a while; the container's next batch starts them again.
   */
  private synchronized ExecutorService pool() {
    if (pool == null) {
      ThreadPoolExecutor executor =
          new ThreadPoolExecutor(
              parallelism,
              parallelism,
              30,
              TimeUnit.SECONDS,
              new LinkedBlockingQueue<>(),
              r -> {
                Thread t = new Thread(r, "triggerflow-invoke-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
      executor.allowCoreThreadTimeOut(true);
      pool = executor;
    }
    return pool;
  }

  private String payloadOf(TaskInvocation inv) {
    if (!taskFunctions.isForeign(inv.task())) {
      return InvocationPayloads.task(inv);
    }
    JsonNode input = inv.input();
    if (input != null && PayloadStore.isReference(input)) {
      input = payloads.resolve(input);
    }
    return LambdaDestinations.foreignPayload(
            new TaskInvocation(
                inv.runId(), inv.task(), inv.callId(), inv.groupId(), inv.attempt(), input))
        .toString();
  }

  @Override
  public void wakeOrchestrator(String runId) {
    if (orchestratorFunction == null) {
      throw new ConfigurationException(
          "environment variable "
              + AwsContract.ENV_ORCHESTRATOR_FUNCTION
              + " is not set; waking run "
              + runId
              + " needs it");
    }
    try {
      invoke(orchestratorFunction, InvocationPayloads.wake(runId).getBytes(StandardCharsets.UTF_8));
    } catch (SdkException e) {
      String reason = e instanceof LambdaException le ? describe(le) : e.getMessage();
      throw new FunctionInvocationException(
          "could not wake run " + runId + " on function '" + orchestratorFunction + "': " + reason,
          e);
    }
  }

  private void invoke(String function, byte[] payload) {
    InvokeResponse response =
        client.invoke(
            InvokeRequest.builder()
                .functionName(function)
                .invocationType(InvocationType.EVENT)
                .payload(SdkBytes.fromByteArrayUnsafe(payload))
                .build());
    Integer status = response.statusCode();
    if (status == null || status != 202) {
      throw new IllegalStateException(
          "Lambda answered status "
              + status
              + " to an asynchronous invocation of '"
              + function
              + "'; expected 202 (accepted)");
    }
  }

  /** Fails the call for good: its result is a failure that the workflow sees. */
  private void fail(TaskInvocation inv, String errorType, String message) {
    log.warn(
        "call {} of run {} (task {}) cannot start and fails: {}",
        inv.callId(),
        inv.runId(),
        inv.task(),
        errorType);
    publisher.publish(
        List.of(
            EngineEvents.taskFailed(
                inv.runId(),
                inv.groupId(),
                inv.callId(),
                inv.attempt(),
                errorType,
                message,
                clock.now())));
  }

  private static String describe(LambdaException e) {
    String code =
        e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
            ? e.awsErrorDetails().errorCode()
            : e.getClass().getSimpleName();
    String message =
        e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
            ? e.awsErrorDetails().errorMessage()
            : e.getMessage();
    return code + " (HTTP " + e.statusCode() + "): " + message;
  }

  /** Configures a {@link LambdaFunctionInvoker}. */
  public static final class Builder {
    private LambdaClient client;
    private String orchestratorFunction;
    private TaskFunctions taskFunctions = TaskFunctions.none();
    private EventPublisher publisher;
    private Clock clock = Clock.system();
    private int maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;
    private PayloadStore payloads = PayloadStore.inline();
    private int parallelism = DEFAULT_PARALLELISM;

    private Builder() {}

    /** The client (required). */
    public Builder client(LambdaClient client) {
      this.client = client;
      return this;
    }

    /** The orchestrator function's name or ARN; needed to wake runs. */
    public Builder orchestratorFunction(String function) {
      this.orchestratorFunction = function;
      return this;
    }

    /** Which function runs each task; needed to start tasks. */
    public Builder taskFunctions(TaskFunctions functions) {
      this.taskFunctions = Objects.requireNonNull(functions, "functions");
      return this;
    }

    /** Where a task that cannot start reports its failure (required). */
    public Builder publisher(EventPublisher publisher) {
      this.publisher = publisher;
      return this;
    }

    /** The clock that stamps failure events; the system clock by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The largest payload sent; 256 KB by default. */
    public Builder maxPayloadBytes(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxPayloadBytes must be at least 1, not " + n);
      }
      this.maxPayloadBytes = n;
      return this;
    }

    /**
     * Where inputs that travel by reference are read back, for foreign tasks; inline by default.
     */
    public Builder payloads(PayloadStore payloads) {
      this.payloads = Objects.requireNonNull(payloads, "payloads");
      return this;
    }

    /**
     * How many invocations of a batch are in flight at once; {@link #DEFAULT_PARALLELISM} by
     * default, 1 to send them one after the other.
     */
    public Builder parallelism(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("parallelism must be at least 1, not " + n);
      }
      this.parallelism = n;
      return this;
    }

    /** The invoker. */
    public LambdaFunctionInvoker build() {
      Objects.requireNonNull(
          publisher, "a publisher is required to report calls that cannot start");
      return new LambdaFunctionInvoker(this);
    }
  }
}

package dev.triggerflow.aws.lambda;

import dev.triggerflow.aws.config.ConfigurationException;
import dev.triggerflow.deployment.AwsContract;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.spi.Clock;
import dev.triggerflow.spi.EventPublisher;
import dev.triggerflow.spi.FunctionInvoker;
import dev.triggerflow.spi.TaskInvocation;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

  private final LambdaClient client;
  private final String orchestratorFunction;
  private final TaskFunctions taskFunctions;
  private final EventPublisher publisher;
  private final Clock clock;
  private final int maxPayloadBytes;

  private LambdaFunctionInvoker(Builder b) {
    this.client = Objects.requireNonNull(b.client, "a Lambda client is required");
    this.orchestratorFunction = b.orchestratorFunction;
    this.taskFunctions = b.taskFunctions;
    this.publisher = b.publisher;
    this.clock = b.clock;
    this.maxPayloadBytes = b.maxPayloadBytes;
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
    byte[] payload = InvocationPayloads.task(inv).getBytes(StandardCharsets.UTF_8);
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
              + " bytes an asynchronous invocation may carry; configure the payload bucket so"
              + " large inputs travel by reference");
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

    /** The invoker. */
    public LambdaFunctionInvoker build() {
      Objects.requireNonNull(
          publisher, "a publisher is required to report calls that cannot start");
      return new LambdaFunctionInvoker(this);
    }
  }
}

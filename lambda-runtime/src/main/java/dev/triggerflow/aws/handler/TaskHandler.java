package dev.triggerflow.aws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.aws.config.LambdaEngine;
import dev.triggerflow.aws.eventbridge.EventTooLargeException;
import dev.triggerflow.aws.lambda.InvocationPayloads;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.event.Event;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.TaskInvocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * A task function: runs one attempt of one call of a registered task and publishes its completion
 * event (succeeded or failed) to the bus. A task that throws is a failed call, not a failed
 * invocation; the invocation fails only when the event cannot be published, so that Lambda retries
 * it (the same attempt, the same event id: a retry that publishes twice is counted once).
 *
 * <p>The payload is {@code {"runId", "task", "callId", "groupId", "attempt", "input"}}. A payload
 * that cannot be read names no call that could be failed, so it fails the invocation.
 */
public final class TaskHandler implements RequestStreamHandler {
  private static final Logger log = LoggerFactory.getLogger(TaskHandler.class);

  /** The error type of a call whose result is too large for the bus even by reference. */
  public static final String RESULT_TOO_LARGE = "TaskResultTooLarge";

  private final LambdaEngine engine;

  /** The constructor the Lambda runtime uses: the container's engine, from the environment. */
  public TaskHandler() {
    this(LambdaEngine.shared());
  }

  /** A handler on a given engine. Builds the parts it uses now, in the function's init phase. */
  public TaskHandler(LambdaEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
    engine.taskRunner();
    engine.publisher();
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    HandlerIo.putRequestId(context);
    try {
      JsonNode request =
          HandlerIo.readObject(HandlerIo.readText(input), "a task invocation payload");
      TaskInvocation inv;
      try {
        inv = InvocationPayloads.readTask(request);
      } catch (IllegalArgumentException e) {
        log.error("cannot run a task: {}", e.getMessage());
        throw new InvalidRequestException("not a task invocation: " + e.getMessage(), e);
      }
      LogContext.putTask(inv);
      Event result = engine.taskRunner().run(inv);
      Event published = publish(inv, result);
      log.debug("call {} of run {} finished: {}", inv.callId(), inv.runId(), published.type());

      ObjectNode response = Json.mapper().createObjectNode();
      response.put("runId", inv.runId());
      response.put("callId", inv.callId());
      response.put("type", published.type());
      HandlerIo.write(output, response);
    } finally {
      LogContext.clearEvent();
      MDC.remove(HandlerIo.REQUEST_ID);
    }
  }

  /** Publishes the result; one too large for the bus becomes the call's failure instead. */
  private Event publish(TaskInvocation inv, Event result) {
    try {
      engine.publisher().publish(List.of(result));
      return result;
    } catch (EventTooLargeException e) {
      log.warn(
          "the result of call {} of run {} is too large for the bus; failing the call",
          inv.callId(),
          inv.runId());
      Event failure =
          EngineEvents.taskFailed(
              inv.runId(),
              inv.groupId(),
              inv.callId(),
              inv.attempt(),
              RESULT_TOO_LARGE,
              e.getMessage(),
              engine.clock().now());
      engine.publisher().publish(List.of(failure));
      return failure;
    }
  }
}

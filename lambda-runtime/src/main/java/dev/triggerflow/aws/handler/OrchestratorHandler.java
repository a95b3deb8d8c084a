package dev.triggerflow.aws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.aws.config.LambdaEngine;
import dev.triggerflow.aws.lambda.InvocationPayloads;
import dev.triggerflow.aws.metrics.EngineMetrics;
import dev.triggerflow.client.RunExistsException;
import dev.triggerflow.engine.Orchestrator.WakeOutcome;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.RunRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The orchestrator function. It takes two requests:
 *
 * <ul>
 *   <li>{@code {"runId": "..."}} wakes a run: the trigger function and the engine itself send it,
 *       asynchronously. The response is {@code {"runId", "outcome"}}, the outcome of the wake.
 *   <li>{@code {"start": {"workflow": "...", "input": ..., "runId": "..."}}} starts a run, for
 *       callers that may invoke the function but have no access to the tables: the workflow and
 *       input are checked against the deployment's registry, the run is created and then woken by
 *       an asynchronous invocation. The response is {@code {"runId", "started"}}. Starting again
 *       with the same run id, workflow and input is not an error: the run is woken again and {@code
 *       started} is false, so a retried start is harmless. A different start under an existing id
 *       fails with {@link RunExistsException}.
 * </ul>
 *
 * <p>A request it cannot read, and a start the registry refuses, fail the invocation with an
 * exception that says what is wrong: a synchronous caller sees it as the function error.
 */
public final class OrchestratorHandler implements RequestStreamHandler {
  private static final Logger log = LoggerFactory.getLogger(OrchestratorHandler.class);
  private static final String EXPECTED =
      "{\"runId\": \"...\"} or {\"start\": {\"workflow\": \"...\", \"input\": ...}}";

  private final LambdaEngine engine;

  /** The constructor the Lambda runtime uses: the container's engine, from the environment. */
  public OrchestratorHandler() {
    this(LambdaEngine.shared());
  }

  /** A handler on a given engine. Builds the parts it uses now, in the function's init phase. */
  public OrchestratorHandler(LambdaEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
    engine.orchestrator();
    engine.runStarter();
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    HandlerIo.putRequestId(context);
    try (EngineMetrics.Invocation metrics = engine.metrics().begin()) {
      JsonNode request = HandlerIo.readObject(HandlerIo.readText(input), EXPECTED);
      ObjectNode response;
      if (request.has(InvocationPayloads.START)) {
        response = start(request.get(InvocationPayloads.START));
      } else if (request.has(InvocationPayloads.RUN_ID)) {
        response = wake(request, metrics);
      } else {
        throw new InvalidRequestException(
            "the request has neither 'runId' nor 'start'; expected " + EXPECTED);
      }
      HandlerIo.write(output, response);
    } finally {
      LogContext.clearEvent();
      MDC.remove(HandlerIo.REQUEST_ID);
    }
  }

  private ObjectNode wake(JsonNode request, EngineMetrics.Invocation metrics) {
    String runId;
    try {
      runId = InvocationPayloads.readRunId(request);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException("cannot wake: " + e.getMessage(), e);
    }
    long started = System.nanoTime();
    WakeOutcome outcome = engine.orchestrator().wake(runId);
    metrics.wakeDuration(Duration.ofNanos(System.nanoTime() - started));
    LogContext.putRun(runId);
    log.debug("wake of run {} ended {}", runId, outcome);
    ObjectNode response = Json.mapper().createObjectNode();
    response.put("runId", runId);
    response.put("outcome", outcome.name());
    return response;
  }

  private ObjectNode start(JsonNode start) {
    if (start == null || !start.isObject()) {
      throw new InvalidRequestException("'start' must be an object; expected " + EXPECTED);
    }
    JsonNode workflowNode = start.get("workflow");
    if (workflowNode == null || !workflowNode.isTextual()) {
      throw new InvalidRequestException("'start' needs a 'workflow' name (text)");
    }
    JsonNode runIdNode = start.get(InvocationPayloads.RUN_ID);
    if (runIdNode != null && !runIdNode.isNull() && !runIdNode.isTextual()) {
      throw new InvalidRequestException("'start.runId' must be text when given");
    }
    String workflow = workflowNode.asText();
    String requestedId = runIdNode == null || runIdNode.isNull() ? null : runIdNode.asText();
    JsonNode input = start.has("input") ? start.get("input") : NullNode.getInstance();

    ObjectNode response = Json.mapper().createObjectNode();
    try {
      String runId = engine.runStarter().start(workflow, input, requestedId);
      LogContext.putRun(runId);
      log.info("started run {} of workflow {}", runId, workflow);
      response.put("runId", runId);
      response.put("started", true);
    } catch (RunExistsException e) {
      if (!sameStart(requestedId, workflow, input)) {
        throw e;
      }
      LogContext.putRun(requestedId);
      log.info("run {} was started already with the same request; waking it again", requestedId);
      engine.invoker().wakeOrchestrator(requestedId);
      response.put("runId", requestedId);
      response.put("started", false);
    }
    return response;
  }

  private boolean sameStart(String runId, String workflow, JsonNode input) {
    Optional<RunRecord> run = engine.stores().runs().get(runId);
    if (run.isEmpty() || !run.get().workflow().equals(workflow)) {
      return false;
    }
    JsonNode stored = engine.payloads().resolve(run.get().input());
    JsonNode requested = input == null ? NullNode.getInstance() : input;
    return Objects.equals(stored == null ? NullNode.getInstance() : stored, requested);
  }
}

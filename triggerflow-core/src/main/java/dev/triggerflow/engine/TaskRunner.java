package dev.triggerflow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.api.Registry;
import dev.triggerflow.api.Task;
import dev.triggerflow.api.TaskContext;
import dev.triggerflow.api.TaskDefinition;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.event.Event;
import dev.triggerflow.json.Json;
import dev.triggerflow.json.PayloadLimit;
import dev.triggerflow.spi.Clock;
import dev.triggerflow.spi.PayloadStore;
import dev.triggerflow.spi.TaskInvocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task executor role: runs one task invocation and turns what happened into the completion
 * event. A task that throws, an unknown task, an input that does not fit the task's type and a
 * result that cannot be written as JSON all become a failure event for the call; none of them
 * escapes to the caller.
 */
public final class TaskRunner {
  private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);

  /** The longest error message carried in a failure event; longer ones are cut. */
  static final int MAX_MESSAGE_LENGTH = 4096;

  private final Registry registry;
  private final PayloadStore payloads;
  private final Clock clock;

  public TaskRunner(Registry registry, PayloadStore payloads, Clock clock) {
    this.registry = registry;
    this.payloads = payloads;
    this.clock = clock;
  }

  /** Runs the invocation and returns its completion event. */
  @SuppressWarnings("unchecked")
  public Event run(TaskInvocation inv) {
    TaskDefinition<Object, Object> def =
        (TaskDefinition<Object, Object>) registry.task(inv.task()).orElse(null);
    if (def == null) {
      return failed(
          inv,
          "TaskNotRegistered",
          "no task named '"
              + inv.task()
              + "' is registered in this deployment; known: "
              + registry.taskNames());
    }
    Object input;
    try {
      input = Json.fromTree(payloads.resolve(inv.input()), def.inputType());
    } catch (Json.JsonMappingFailure e) {
      return failed(inv, "InvalidTaskInput", e.getMessage());
    }
    Object result;
    try {
      Task<Object, Object> task = def.task();
      result = task.run(new Context(inv), input);
    } catch (Exception e) {
      log.debug("task {} failed for call {} of run {}", inv.task(), inv.callId(), inv.runId(), e);
      return failed(inv, e.getClass().getName(), e.getMessage());
    }
    JsonNode json;
    try {
      json = Json.toTree(result);
    } catch (IllegalArgumentException e) {
      return failed(inv, "InvalidTaskResult", "the result cannot be written as JSON: " + e);
    }
    try {
      PayloadLimit.require("the result of task '" + inv.task() + "'", json);
    } catch (PayloadLimit.PayloadTooLargeException e) {
      return failed(inv, "TaskResultTooLarge", e.getMessage());
    }
    json = payloads.offload(inv.idempotencyKey() + "/result", json);
    return EngineEvents.taskSucceeded(
        inv.runId(), inv.groupId(), inv.callId(), inv.attempt(), json, clock.now());
  }

  private Event failed(TaskInvocation inv, String type, String message) {
    String text = message == null ? "" : message;
    if (text.length() > MAX_MESSAGE_LENGTH) {
      text = text.substring(0, MAX_MESSAGE_LENGTH - 3) + "...";
    }
    return EngineEvents.taskFailed(
        inv.runId(), inv.groupId(), inv.callId(), inv.attempt(), type, text, clock.now());
  }

  private record Context(TaskInvocation inv) implements TaskContext {
    @Override
    public String runId() {
      return inv.runId();
    }

    @Override
    public int callId() {
      return inv.callId();
    }

    @Override
    public int attempt() {
      return inv.attempt();
    }

    @Override
    public String idempotencyKey() {
      return inv.idempotencyKey();
    }
  }
}

package dev.triggerflow.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.event.Event;
import dev.triggerflow.spi.RunStatus;
import dev.triggerflow.spi.TaskInvocation;
import java.time.Instant;
import java.util.List;

/** What an action can see and do. */
public interface ActionContext {

  /** The run (trigger scope) the trigger belongs to. */
  String runId();

  /** The trigger's id. */
  String triggerId();

  /** The action's parameters, fixed when the trigger was created. */
  JsonNode params();

  /** The trigger's context as the condition left it. */
  ObjectNode state();

  /** Wakes the orchestrator of a run. */
  void wakeOrchestrator(String runId);

  /** Starts a task call; its result comes back as an event on the bus. */
  void invokeTask(TaskInvocation invocation);

  /**
   * Finishes the trigger's run: for runs without an orchestrator, such as native workflows.
   *
   * @param status COMPLETED or FAILED
   */
  void finishRun(RunStatus status, JsonNode result, String errorType, String message);

  /** Publishes events to the bus. */
  void publish(List<Event> events);

  /** The engine's clock. */
  Instant now();
}

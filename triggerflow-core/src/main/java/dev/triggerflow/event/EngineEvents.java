package dev.triggerflow.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.json.Json;
import java.time.Instant;
import java.util.Map;

/**
 * The events the engine itself produces, and the one definition of how they are named, shared by
 * the embedded bus, the Lambda handlers and the CDK rule so the three cannot drift apart.
 */
public final class EngineEvents {
  /** The {@code source} of every engine event, and the EventBridge {@code Source}. */
  public static final String SOURCE = "triggerflow";

  /** Every engine event type starts with this; the EventBridge {@code DetailType} is the type. */
  public static final String TYPE_PREFIX = "triggerflow.";

  /** A task call returned a result. */
  public static final String TASK_SUCCEEDED = "triggerflow.task.succeeded";

  /** A task call threw. */
  public static final String TASK_FAILED = "triggerflow.task.failed";

  /** A run completed with a result. */
  public static final String RUN_COMPLETED = "triggerflow.run.completed";

  /** A run failed (or was terminated); sent to its parent run. */
  public static final String RUN_FAILED = "triggerflow.run.failed";

  /** A durable timer fired. */
  public static final String TIMER_FIRED = "triggerflow.timer.fired";

  /** An external event (a signal) for a run. */
  public static final String EXTERNAL_EVENT = "triggerflow.event";

  /** A request to terminate a run. */
  public static final String TERMINATE_REQUESTED = "triggerflow.run.terminate";

  /**
   * The EventBridge event pattern that selects engine events: the rule on AWS and the embedded bus
   * both match with exactly this text.
   */
  public static final String RULE_PATTERN =
      "{\"source\":[\"" + SOURCE + "\"],\"detail-type\":[{\"prefix\":\"" + TYPE_PREFIX + "\"}]}";

  private EngineEvents() {}

  /**
   * The group id a task invocation carries when no trigger counts its call's outcome (a call the
   * workflow awaits on its own): its events have the run's {@link #directSubject direct subject}.
   */
  public static final int DIRECT_GROUP = 0;

  /**
   * The subject of a call group whose outcomes a trigger counts: all calls of a map, a call joined
   * with others (its own group), or a step of a native workflow.
   */
  public static String groupSubject(String runId, int groupId) {
    return runId + "/g" + groupId;
  }

  /**
   * The subject of the outcomes that no trigger counts: those of calls awaited on their own, timers
   * and child runs. The trigger processor stores them for the run and wakes it without looking for
   * a trigger.
   */
  public static String directSubject(String runId) {
    return runId + "/direct";
  }

  /**
   * The subject of the events of one attempt of a call: the group's subject for the first attempt;
   * a subject of its own for each retry, so that a retry's result is counted by the retry's trigger
   * and not taken for a duplicate by the group's.
   */
  public static String attemptSubject(String runId, int groupId, int callId, int attempt) {
    if (attempt > 1) {
      return runId + "/c" + callId + "/a" + attempt;
    }
    return groupId == DIRECT_GROUP ? directSubject(runId) : groupSubject(runId, groupId);
  }

  /** The subject of a run's external events and control requests. */
  public static String runSubject(String runId) {
    return runId + "/run";
  }

  /**
   * The id of the result event of one attempt of one call. Success and failure share it, so the
   * first to arrive wins and the other is recognised as a duplicate.
   */
  public static String taskResultId(String runId, int callId, int attempt) {
    return runId + "/c" + callId + "/a" + attempt + "/result";
  }

  /** The event a task executor publishes when a call returns. */
  public static Event taskSucceeded(
      String runId, int groupId, int callId, int attempt, JsonNode result, Instant time) {
    ObjectNode data = Json.mapper().createObjectNode();
    data.set("result", result);
    return taskEvent(TASK_SUCCEEDED, runId, groupId, callId, attempt, data, time);
  }

  /** The event a task executor publishes when a call throws. */
  public static Event taskFailed(
      String runId,
      int groupId,
      int callId,
      int attempt,
      String errorType,
      String message,
      Instant time) {
    ObjectNode data = Json.mapper().createObjectNode();
    data.put("errorType", errorType);
    data.put("message", message == null ? "" : message);
    return taskEvent(TASK_FAILED, runId, groupId, callId, attempt, data, time);
  }

  private static Event taskEvent(
      String type,
      String runId,
      int groupId,
      int callId,
      int attempt,
      ObjectNode data,
      Instant time) {
    return new Event(
        taskResultId(runId, callId, attempt),
        SOURCE,
        type,
        attemptSubject(runId, groupId, callId, attempt),
        time,
        data,
        Map.of(
            Event.RUN_ID,
            runId,
            Event.CALL_ID,
            Integer.toString(callId),
            Event.ATTEMPT,
            Integer.toString(attempt)));
  }

  /**
   * The event a durable timer puts on the bus. A workflow's timer fires on its own call's subject;
   * the wait before retry {@code attempt} of a task fires on that attempt's subject.
   */
  public static Event timerFired(
      String runId, int callId, int attempt, String subject, Instant fireAt) {
    return new Event(
        runId + "/c" + callId + "/a" + attempt + "/timer",
        SOURCE,
        TIMER_FIRED,
        subject,
        fireAt,
        null,
        Map.of(
            Event.RUN_ID,
            runId,
            Event.CALL_ID,
            Integer.toString(callId),
            Event.ATTEMPT,
            Integer.toString(attempt)));
  }

  /** An external event named {@code name} for a run. */
  public static Event externalEvent(
      String runId, String name, JsonNode payload, String eventId, Instant time) {
    ObjectNode data = Json.mapper().createObjectNode();
    data.put("name", name);
    data.set("payload", payload);
    return new Event(
        eventId,
        SOURCE,
        EXTERNAL_EVENT,
        runSubject(runId),
        time,
        data,
        Map.of(Event.RUN_ID, runId));
  }

  /** A request to terminate a run. */
  public static Event terminateRequested(String runId, String reason, Instant time) {
    ObjectNode data = Json.mapper().createObjectNode();
    data.put("reason", reason == null ? "" : reason);
    return new Event(
        runId + "/terminate",
        SOURCE,
        TERMINATE_REQUESTED,
        runSubject(runId),
        time,
        data,
        Map.of(Event.RUN_ID, runId));
  }

  /** The event that tells a parent run how its child finished. */
  public static Event childFinished(
      String parentRunId,
      int parentCallId,
      boolean succeeded,
      JsonNode result,
      String errorType,
      String message,
      Instant time) {
    ObjectNode data = Json.mapper().createObjectNode();
    if (succeeded) {
      data.set("result", result);
    } else {
      data.put("errorType", errorType);
      data.put("message", message == null ? "" : message);
    }
    return new Event(
        taskResultId(parentRunId, parentCallId, 1),
        SOURCE,
        succeeded ? RUN_COMPLETED : RUN_FAILED,
        directSubject(parentRunId),
        time,
        data,
        Map.of(
            Event.RUN_ID,
            parentRunId,
            Event.CALL_ID,
            Integer.toString(parentCallId),
            Event.ATTEMPT,
            "1"));
  }

  /** Whether an event addresses the run itself rather than one of its calls. */
  public static boolean isRunLevel(Event event) {
    return EXTERNAL_EVENT.equals(event.type()) || TERMINATE_REQUESTED.equals(event.type());
  }

  /**
   * Whether the event is an outcome of one of a run's calls: a task's result, a timer that fired,
   * or a child run that finished, naming its call.
   */
  public static boolean isCallOutcome(Event event) {
    String type = event.type();
    return event.callId().isPresent()
        && (TASK_SUCCEEDED.equals(type)
            || TASK_FAILED.equals(type)
            || TIMER_FIRED.equals(type)
            || RUN_COMPLETED.equals(type)
            || RUN_FAILED.equals(type));
  }

  /** Whether the event is a task result. */
  public static boolean isTaskResult(Event event) {
    return TASK_SUCCEEDED.equals(event.type()) || TASK_FAILED.equals(event.type());
  }
}

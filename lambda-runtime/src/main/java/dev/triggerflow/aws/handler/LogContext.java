package dev.triggerflow.aws.handler;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.aws.logging.LogFields;
import dev.triggerflow.event.Event;
import dev.triggerflow.event.EventCodec;
import dev.triggerflow.event.LambdaDestinations;
import dev.triggerflow.spi.TaskInvocation;
import org.slf4j.MDC;

/** What the handlers put in the logging context, and take out again before they return. */
final class LogContext {
  private LogContext() {}

  /** The run and call of a task attempt. Tasks never replay. */
  static void putTask(TaskInvocation inv) {
    MDC.put(LogFields.RUN_ID, inv.runId());
    MDC.put(LogFields.CALL_ID, Integer.toString(inv.callId()));
    MDC.put(LogFields.REPLAYING, "false");
  }

  /**
   * The run and call an event names, when it can be read; the trigger processor reads it again and
   * dead-letters it when it cannot. Processing an event replays nothing.
   */
  static void putEvent(JsonNode item) {
    MDC.put(LogFields.REPLAYING, "false");
    Event event;
    try {
      event =
          LambdaDestinations.isDestinationRecord(item)
              ? LambdaDestinations.toTaskResult(item)
              : EventCodec.fromTree(item.has("detail") ? item.get("detail") : item);
    } catch (RuntimeException e) {
      return;
    }
    event.runId().ifPresent(runId -> MDC.put(LogFields.RUN_ID, runId));
    event.callId().ifPresent(callId -> MDC.put(LogFields.CALL_ID, Integer.toString(callId)));
  }

  /** The run a request names. */
  static void putRun(String runId) {
    MDC.put(LogFields.RUN_ID, runId);
  }

  /** Takes out what {@link #putTask}, {@link #putEvent} and {@link #putRun} put in. */
  static void clearEvent() {
    MDC.remove(LogFields.RUN_ID);
    MDC.remove(LogFields.CALL_ID);
    MDC.remove(LogFields.REPLAYING);
  }
}

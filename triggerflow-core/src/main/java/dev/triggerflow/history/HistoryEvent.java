package dev.triggerflow.history;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.api.RetryPolicy;
import java.time.Instant;
import java.util.List;

/**
 * One entry of a run's history. The history is append-only and written only by the orchestrator
 * that holds the run's lease. It is grouped in episodes: episode 0 starts the run, and every later
 * episode is one wake of the orchestrator that observed new events, recorded in the order the
 * orchestrator observed them, followed by the commands the replay produced.
 *
 * <p>Durable calls of every kind (tasks, timers, waits for events, child workflows) share one
 * sequence of call ids: the n-th durable call of a run has id n.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = HistoryEvent.RunStarted.class, name = "RunStarted"),
  @JsonSubTypes.Type(value = HistoryEvent.EpisodeStarted.class, name = "EpisodeStarted"),
  @JsonSubTypes.Type(value = HistoryEvent.TaskScheduled.class, name = "TaskScheduled"),
  @JsonSubTypes.Type(value = HistoryEvent.TaskSucceeded.class, name = "TaskSucceeded"),
  @JsonSubTypes.Type(value = HistoryEvent.TaskFailed.class, name = "TaskFailed"),
  @JsonSubTypes.Type(value = HistoryEvent.TaskAttemptFailed.class, name = "TaskAttemptFailed"),
  @JsonSubTypes.Type(value = HistoryEvent.TaskRetried.class, name = "TaskRetried"),
  @JsonSubTypes.Type(value = HistoryEvent.TimerStarted.class, name = "TimerStarted"),
  @JsonSubTypes.Type(value = HistoryEvent.TimerFired.class, name = "TimerFired"),
  @JsonSubTypes.Type(value = HistoryEvent.EventAwaited.class, name = "EventAwaited"),
  @JsonSubTypes.Type(value = HistoryEvent.EventReceived.class, name = "EventReceived"),
  @JsonSubTypes.Type(value = HistoryEvent.ChildStarted.class, name = "ChildStarted"),
  @JsonSubTypes.Type(value = HistoryEvent.CallsJoined.class, name = "CallsJoined"),
  @JsonSubTypes.Type(value = HistoryEvent.RunCompleted.class, name = "RunCompleted"),
  @JsonSubTypes.Type(value = HistoryEvent.RunFailed.class, name = "RunFailed"),
  @JsonSubTypes.Type(value = HistoryEvent.RunTerminated.class, name = "RunTerminated"),
  @JsonSubTypes.Type(value = HistoryEvent.RunContinuedAsNew.class, name = "RunContinuedAsNew"),
})
public sealed interface HistoryEvent {

  /** The episode this entry belongs to. */
  int episode();

  /** A durable call the workflow made: the command that starts it. */
  sealed interface CallStarted extends HistoryEvent {
    /** The call id. */
    int callId();

    /** The call group: the call itself, or the first call of a map. */
    int groupId();

    /** What the call is, for non-determinism checks and timelines: e.g. "task 'add3'". */
    String describe();
  }

  /** The outcome of a call, as observed in {@link #episode()}. */
  sealed interface CallCompleted extends HistoryEvent {
    /** The call id. */
    int callId();
  }

  /** The run began: episode 0. */
  record RunStarted(int episode, String workflow, JsonNode input, Instant time)
      implements HistoryEvent {}

  /** The orchestrator woke and observed new events: the start of an episode after the first. */
  record EpisodeStarted(int episode, Instant time) implements HistoryEvent {}

  /** The workflow called a task; {@code retry} is null when failures are not retried. */
  record TaskScheduled(
      int episode, int callId, int groupId, String task, JsonNode input, RetryPolicy retry)
      implements CallStarted {

    /** A call without retries. */
    public TaskScheduled(int episode, int callId, int groupId, String task, JsonNode input) {
      this(episode, callId, groupId, task, input, null);
    }

    @Override
    public String describe() {
      return "task '" + task + "'";
    }
  }

  /** A task's or child workflow's result. */
  record TaskSucceeded(int episode, int callId, JsonNode result, String eventId, Instant time)
      implements CallCompleted {}

  /** A task's or child workflow's final failure. */
  record TaskFailed(
      int episode, int callId, String errorType, String message, String eventId, Instant time)
      implements CallCompleted {}

  /** One attempt of a task failed and will be retried at {@code retryAt}. */
  record TaskAttemptFailed(
      int episode,
      int callId,
      int attempt,
      String errorType,
      String message,
      String eventId,
      Instant time,
      Instant retryAt)
      implements HistoryEvent {}

  /** The wait before a retry ended: attempt {@code attempt} of the call was started. */
  record TaskRetried(int episode, int callId, int attempt, String eventId, Instant time)
      implements HistoryEvent {}

  /** The workflow started a durable timer that fires at {@code fireAt}. */
  record TimerStarted(int episode, int callId, Instant fireAt) implements CallStarted {
    @Override
    public int groupId() {
      return callId;
    }

    @Override
    public String describe() {
      return "a timer";
    }
  }

  /** A timer fired. */
  record TimerFired(int episode, int callId, String eventId, Instant time)
      implements CallCompleted {}

  /** The workflow waits for the next external event named {@code name}. */
  record EventAwaited(int episode, int callId, String name) implements CallStarted {
    @Override
    public int groupId() {
      return callId;
    }

    @Override
    public String describe() {
      return "a wait for event '" + name + "'";
    }
  }

  /**
   * An external event (a signal, or a matching event from the bus) reached the run. The k-th wait
   * for a name receives the k-th event of that name.
   */
  record EventReceived(int episode, String name, JsonNode payload, String eventId, Instant time)
      implements HistoryEvent {}

  /** The workflow started a child workflow run. */
  record ChildStarted(int episode, int callId, String workflow, JsonNode input, String childRunId)
      implements CallStarted {
    @Override
    public int groupId() {
      return callId;
    }

    @Override
    public String describe() {
      return "child workflow '" + workflow + "'";
    }
  }

  /**
   * The workflow waits on these calls, made in this episode, all together: one trigger joins their
   * results and wakes the run once, instead of one trigger (and one wake) per call.
   */
  record CallsJoined(int episode, List<Integer> callIds) implements HistoryEvent {
    public CallsJoined {
      callIds = List.copyOf(callIds);
    }
  }

  /** The workflow returned. */
  record RunCompleted(int episode, JsonNode result, Instant time) implements HistoryEvent {}

  /** The workflow threw, or its code no longer matches its history. */
  record RunFailed(int episode, String errorType, String message, Instant time)
      implements HistoryEvent {}

  /** The run was stopped from outside. */
  record RunTerminated(int episode, String reason, Instant time) implements HistoryEvent {}

  /** The run finished by starting {@code nextRunId} of the same workflow with a new input. */
  record RunContinuedAsNew(int episode, String nextRunId, JsonNode input, Instant time)
      implements HistoryEvent {}
}

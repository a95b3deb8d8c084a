package dev.triggerflow.history;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One entry of a run's history. The history is append-only and written only by the orchestrator
 * that holds the run's lease. It is grouped in episodes: episode 0 starts the run, and every later
 * episode is one wake of the orchestrator that observed new events, recorded in the order the
 * orchestrator observed them, followed by the commands the replay produced.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
  @JsonSubTypes.Type(value = HistoryEvent.RunStarted.class, name = "RunStarted"),
  @JsonSubTypes.Type(value = HistoryEvent.EpisodeStarted.class, name = "EpisodeStarted"),
  @JsonSubTypes.Type(value = HistoryEvent.TaskScheduled.class, name = "TaskScheduled"),
  @JsonSubTypes.Type(value = HistoryEvent.TaskSucceeded.class, name = "TaskSucceeded"),
  @JsonSubTypes.Type(value = HistoryEvent.TaskFailed.class, name = "TaskFailed"),
  @JsonSubTypes.Type(value = HistoryEvent.RunCompleted.class, name = "RunCompleted"),
  @JsonSubTypes.Type(value = HistoryEvent.RunFailed.class, name = "RunFailed"),
})
public sealed interface HistoryEvent {

  /** The episode this entry belongs to. */
  int episode();

  /** The run began: episode 0. */
  record RunStarted(int episode, String workflow, JsonNode input, Instant time)
      implements HistoryEvent {}

  /** The orchestrator woke and observed new events: the start of an episode after the first. */
  record EpisodeStarted(int episode, Instant time) implements HistoryEvent {}

  /** The workflow called a task; the command that starts it. */
  record TaskScheduled(int episode, int callId, int groupId, String task, JsonNode input)
      implements HistoryEvent {}

  /** A call's result, as observed in {@code episode}. */
  record TaskSucceeded(int episode, int callId, JsonNode result, String eventId, Instant time)
      implements HistoryEvent {}

  /** A call's failure, as observed in {@code episode}. */
  record TaskFailed(
      int episode, int callId, String errorType, String message, String eventId, Instant time)
      implements HistoryEvent {}

  /** The workflow returned. */
  record RunCompleted(int episode, JsonNode result, Instant time) implements HistoryEvent {}

  /** The workflow threw, or its code no longer matches its history. */
  record RunFailed(int episode, String errorType, String message, Instant time)
      implements HistoryEvent {}
}

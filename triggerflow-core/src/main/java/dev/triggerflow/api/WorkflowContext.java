package dev.triggerflow.api;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The durable context a workflow's code runs in. Every method here is deterministic: on a replay it
 * returns what it returned when the run first reached that point.
 */
public interface WorkflowContext {

  /** This run's id. */
  String runId();

  /** The registered name of this run's workflow. */
  String workflowName();

  /**
   * Calls a task asynchronously. The first time the run reaches this call, the engine records it
   * and starts the task once the orchestrator has stopped; on later replays it returns the recorded
   * call.
   */
  <I, O> DurableFuture<O> call(TaskRef<I, O> task, I input);

  /** Calls a task class asynchronously; see {@link #call(TaskRef, Object)}. */
  default <I, O, T extends Task<I, O>> DurableFuture<O> call(Class<T> task, I input) {
    return call(TaskRef.of(task), input);
  }

  /**
   * Calls a task once per input, all joined by one trigger: the run wakes once, when every call has
   * finished, however many inputs there are.
   *
   * @return one future per input, in the order of the inputs
   */
  <I, O> List<DurableFuture<O>> map(TaskRef<I, O> task, List<? extends I> inputs);

  /** Maps a task class over inputs; see {@link #map(TaskRef, List)}. */
  default <I, O, T extends Task<I, O>> List<DurableFuture<O>> map(
      Class<T> task, List<? extends I> inputs) {
    return map(TaskRef.of(task), inputs);
  }

  /**
   * A future that completes when all the given futures have, with their results in order. It fails
   * with the first failure, in the order of the list, once all have completed.
   */
  <T> DurableFuture<List<T>> allOf(List<? extends DurableFuture<? extends T>> futures);

  /**
   * A future that completes with the first of the given futures to complete. "First" is the order
   * in which the orchestrator observed the results, which the history records, so every replay
   * picks the same one.
   */
  <T> DurableFuture<T> anyOf(List<? extends DurableFuture<? extends T>> futures);

  /** The time at which the orchestrator first reached this point of the run. */
  Instant now();

  /** A random number generator seeded from the run id, the same on every replay. */
  Random random();

  /** A random UUID drawn from {@link #random()}. */
  UUID randomUUID();

  /** Whether the code is replaying history, that is, running past a point it reached before. */
  boolean isReplaying();
}

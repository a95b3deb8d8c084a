package dev.triggerflow.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
   * Calls a task asynchronously, trying it again on failure as {@code retry} says. The waits are
   * durable timers; the future completes with the first success or the last failure.
   */
  <I, O> DurableFuture<O> call(TaskRef<I, O> task, I input, RetryPolicy retry);

  /** Calls a task class with retries; see {@link #call(TaskRef, Object, RetryPolicy)}. */
  default <I, O, T extends Task<I, O>> DurableFuture<O> call(
      Class<T> task, I input, RetryPolicy retry) {
    return call(TaskRef.of(task), input, retry);
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

  /** Maps a task over inputs, each call retried as {@code retry} says. */
  <I, O> List<DurableFuture<O>> map(
      TaskRef<I, O> task, List<? extends I> inputs, RetryPolicy retry);

  /**
   * Starts a child workflow run and returns a future of its result. The child runs on its own, with
   * its own history; its completion wakes this run through a trigger.
   *
   * @param workflow the child's registered workflow name
   * @param input the child's input
   * @param resultType the type to read the child's result as
   */
  <I, O> DurableFuture<O> callWorkflow(String workflow, I input, Class<O> resultType);

  /** Starts a child workflow by its class; see {@link #callWorkflow(String, Object, Class)}. */
  default <I, O, W extends Workflow<I, O>> DurableFuture<O> callWorkflow(
      Class<W> workflow, I input) {
    return callWorkflow(
        WorkflowDefinition.nameOf(workflow), input, WorkflowDefinition.resultClassOf(workflow));
  }

  /**
   * A durable timer: a future that completes {@code duration} after the current point of the run.
   * Nothing runs while it waits; it survives restarts, and can be raced in {@link #anyOf}.
   */
  DurableFuture<Void> timer(Duration duration);

  /** Waits durably for {@code duration}. */
  default void sleep(Duration duration) {
    timer(duration).get();
  }

  /**
   * Waits for the next external event named {@code name}: a signal sent to this run, or an event
   * from the bus that matches a pattern the run registered. The k-th wait for a name receives the
   * k-th event of that name; events that arrive before the wait are kept for it.
   *
   * @param type the type to read the event's payload as
   */
  <T> DurableFuture<T> waitForEvent(String name, Class<T> type);

  /**
   * Waits for the next external event named {@code name} for at most {@code timeout}: the future
   * holds the payload, or is empty when the timeout came first. An event that arrives after its
   * wait timed out is dropped.
   */
  <T> DurableFuture<Optional<T>> waitForEvent(String name, Class<T> type, Duration timeout);

  /**
   * Ends this run and starts a fresh run of the same workflow with {@code input}, so a looping or
   * long-lived workflow keeps its history bounded. This method does not return.
   */
  void continueAsNew(Object input);

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

  /**
   * A logger for workflow code that stays silent while the code replays history, so each line is
   * logged once, when the run first reaches it; its lines carry the run id and episode.
   */
  org.slf4j.Logger logger();
}

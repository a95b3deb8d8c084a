package dev.triggerflow.api;

/**
 * The result of a durable call. Waiting on a future whose result is not yet recorded suspends the
 * run: the orchestrator stops, and it runs again from the top once the result arrives.
 *
 * @param <T> the result type
 */
public interface DurableFuture<T> {

  /**
   * Waits for the result.
   *
   * @return the result
   * @throws TaskFailedException if the call failed
   */
  T get();

  /**
   * Whether the result is already known at this point of the run. The answer is the same on every
   * replay.
   */
  boolean isDone();

  /** The call id behind this future, or -1 for a future that combines others. */
  int callId();
}

package dev.triggerflow.api;

/** Facts about one task invocation. */
public interface TaskContext {

  /** The run that made the call. */
  String runId();

  /** The call's id: the n-th durable call of the run has id n. */
  int callId();

  /** The attempt number, starting at 1. */
  int attempt();

  /**
   * A key that is the same for every delivery of this attempt and different for every other call or
   * attempt; use it to make side effects idempotent.
   */
  String idempotencyKey();
}

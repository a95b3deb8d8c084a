package dev.triggerflow.simulation;

/**
 * A deliberate defect the simulation can plant in a store or in the task executor, to prove that
 * its checks catch what they claim to: a check that no broken world can fail is not a check.
 */
enum Mutation {
  /** Nothing broken. */
  NONE,
  /** The run store lets go of a lease even when events arrived meanwhile (lost wakes). */
  RELEASE_IGNORES_WAKE_SEQ,
  /** The trigger store forgets which events a trigger has counted (duplicates count twice). */
  TRIGGERS_FORGET_SEEN_EVENTS,
  /** The trigger store replaces a trigger whatever its version (lost updates, double fires). */
  TRIGGER_REPLACE_IGNORES_VERSION,
  /**
   * The task executor runs the second delivery of an invocation with another call's input under the
   * same idempotency key: what an engine that reused keys would cause.
   */
  EXECUTOR_REUSES_KEYS
}

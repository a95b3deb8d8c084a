package dev.triggerflow.simulation;

/**
 * A store or AWS call that failed in a way the caller sees: throttled, or timed out after the write
 * went through. Unlike a {@link SimulatedCrash}, the engine's own error handling runs; the
 * invocation then fails and is retried as AWS retries it.
 */
final class SimulatedFailure extends RuntimeException {
  SimulatedFailure(String where) {
    super("simulated failure " + where, null, false, false);
  }
}

package dev.triggerflow.simulation;

/**
 * A function instance dying at a persistence point. It is an {@link Error} so that no {@code catch
 * (Exception e)} in the engine can swallow it: like a real crash, it ends the invocation there and
 * then, and the simulation redelivers the invocation the way AWS retries it.
 */
final class SimulatedCrash extends Error {
  SimulatedCrash(String where) {
    super(where, null, false, false);
  }
}

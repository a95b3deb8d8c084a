package dev.triggerflow.engine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Thrown by {@code continueAsNew}: ends the run's code at once. An {@link Error} for the same
 * reason as {@link WorkflowSuspended}: {@code catch (Exception e)} must not stop it.
 */
final class ContinueAsNewSignal extends Error {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // never serialized: it lives only within one replay
  private final JsonNode input;

  ContinueAsNewSignal(JsonNode input) {
    super("the run continues as a new run; workflow code must not catch this", null, false, false);
    this.input = input;
  }

  JsonNode input() {
    return input;
  }
}

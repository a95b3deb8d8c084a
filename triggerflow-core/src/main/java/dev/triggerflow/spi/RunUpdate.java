package dev.triggerflow.spi;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an orchestrator writes to the run record when it releases its lease. Counters only grow: a
 * store keeps the larger of the stored and the written value.
 */
public record RunUpdate(
    RunStatus status,
    JsonNode result,
    String errorType,
    String errorMessage,
    int historyLength,
    int dispatchedThrough,
    int episodes) {

  /** An update that changes nothing. */
  public static RunUpdate none() {
    return new RunUpdate(null, null, null, null, 0, 0, 0);
  }
}

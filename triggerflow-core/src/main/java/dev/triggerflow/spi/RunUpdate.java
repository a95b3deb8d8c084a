package dev.triggerflow.spi;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What an orchestrator writes to the run record when it releases its lease. Counters only grow: a
 * store keeps the larger of the stored and the written value. {@code firstOpenCall} is such a
 * counter too: calls get their outcomes for good, and new calls have higher ids.
 */
public record RunUpdate(
    RunStatus status,
    JsonNode result,
    String errorType,
    String errorMessage,
    int historyLength,
    int dispatchedThrough,
    int episodes,
    int firstOpenCall) {

  /** An update that changes nothing. */
  public static RunUpdate none() {
    return new RunUpdate(null, null, null, null, 0, 0, 0, 0);
  }
}

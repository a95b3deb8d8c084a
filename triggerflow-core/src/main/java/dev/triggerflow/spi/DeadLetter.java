package dev.triggerflow.spi;

import java.time.Instant;

/**
 * An event the engine could not process, kept for inspection.
 *
 * @param id a unique id of the dead letter
 * @param time when it was stored
 * @param reason why, in words that say what is wrong
 * @param runId the run it names, if one could be read
 * @param payload the event as received (possibly not JSON at all)
 */
public record DeadLetter(String id, Instant time, String reason, String runId, String payload) {}

package dev.triggerflow.spi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.api.Names;
import java.time.Instant;
import java.util.Objects;

/**
 * A run as the run store keeps it: one record per run, the unit of the orchestrator's lease.
 *
 * @param runId the run id
 * @param workflow the registered workflow name
 * @param input the run's input
 * @param status the run's state
 * @param result the result of a completed run, or null
 * @param errorType the error type of a failed run, or null
 * @param errorMessage the error message of a failed run, or null
 * @param createdAt when the run was started
 * @param updatedAt when the record last changed
 * @param wakeSeq incremented by the trigger processor for every event stored for the run; the lease
 *     holder releases only if it has not moved since it read the run
 * @param leaseOwner the orchestrator holding the lease, or null
 * @param leaseExpiresAt when the lease lapses, or null
 * @param historyLength the number of history events, as of the last release
 * @param dispatchedThrough the number of history events whose commands have been dispatched
 * @param episodes the number of episodes, that is, of times the workflow's code has run
 * @param firstOpenCall the lowest call id whose outcome the run may still be waiting for, as of the
 *     last release: every call below it has its outcome in the history, so an event for one of them
 *     is a late duplicate. 0 until the first release.
 * @param parentRunId the run that started this one as a child workflow, or null
 * @param parentCallId the parent's call id for this child, or 0 when there is no parent
 */
public record RunRecord(
    String runId,
    String workflow,
    JsonNode input,
    RunStatus status,
    JsonNode result,
    String errorType,
    String errorMessage,
    Instant createdAt,
    Instant updatedAt,
    long wakeSeq,
    String leaseOwner,
    Instant leaseExpiresAt,
    int historyLength,
    int dispatchedThrough,
    int episodes,
    int firstOpenCall,
    String parentRunId,
    int parentCallId) {

  public RunRecord {
    Names.requireValid("run id", runId);
    Names.requireValid("workflow name", workflow);
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (parentRunId != null) {
      Names.requireValid("parent run id", parentRunId);
    }
  }

  /** A new run, not yet started by the orchestrator. */
  public static RunRecord started(String runId, String workflow, JsonNode input, Instant now) {
    return child(runId, workflow, input, now, null, 0);
  }

  /** A new run started by call {@code parentCallId} of run {@code parentRunId}. */
  public static RunRecord child(
      String runId,
      String workflow,
      JsonNode input,
      Instant now,
      String parentRunId,
      int parentCallId) {
    return new RunRecord(
        runId,
        workflow,
        input,
        RunStatus.RUNNING,
        null,
        null,
        null,
        now,
        now,
        0,
        null,
        null,
        0,
        0,
        0,
        0,
        parentRunId,
        parentCallId);
  }

  /** This record with an update applied and the lease as given. */
  public RunRecord apply(RunUpdate u, String owner, Instant leaseUntil, Instant now) {
    return new RunRecord(
        runId,
        workflow,
        input,
        u.status() != null ? u.status() : status,
        u.result() != null ? u.result() : result,
        u.errorType() != null ? u.errorType() : errorType,
        u.errorMessage() != null ? u.errorMessage() : errorMessage,
        createdAt,
        now,
        wakeSeq,
        owner,
        leaseUntil,
        Math.max(historyLength, u.historyLength()),
        Math.max(dispatchedThrough, u.dispatchedThrough()),
        Math.max(episodes, u.episodes()),
        Math.max(firstOpenCall, u.firstOpenCall()),
        parentRunId,
        parentCallId);
  }

  /** This record with its lease set or cleared. */
  public RunRecord withLease(String owner, Instant until) {
    return new RunRecord(
        runId,
        workflow,
        input,
        status,
        result,
        errorType,
        errorMessage,
        createdAt,
        updatedAt,
        wakeSeq,
        owner,
        until,
        historyLength,
        dispatchedThrough,
        episodes,
        firstOpenCall,
        parentRunId,
        parentCallId);
  }

  /** This record with one more event arrival counted. */
  public RunRecord withEventArrived() {
    return new RunRecord(
        runId,
        workflow,
        input,
        status,
        result,
        errorType,
        errorMessage,
        createdAt,
        updatedAt,
        wakeSeq + 1,
        leaseOwner,
        leaseExpiresAt,
        historyLength,
        dispatchedThrough,
        episodes,
        firstOpenCall,
        parentRunId,
        parentCallId);
  }

  /** Whether another orchestrator holds an unexpired lease at {@code now}. */
  public boolean leaseHeldByOther(String owner, Instant now) {
    return leaseOwner != null
        && !leaseOwner.equals(owner)
        && leaseExpiresAt != null
        && leaseExpiresAt.isAfter(now);
  }
}

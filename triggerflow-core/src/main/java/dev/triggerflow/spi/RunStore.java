package dev.triggerflow.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Runs, one record each. Every operation is a single-record atomic write or a consistent read; the
 * lease protocol (one orchestrator at a time, no lost wake) is implemented here, not around it.
 */
public interface RunStore {

  /**
   * Creates a run record.
   *
   * @return false if a run with that id exists already (nothing is written)
   */
  boolean create(RunRecord run);

  /** The run, read consistently. */
  Optional<RunRecord> get(String runId);

  /**
   * Takes the run's lease for {@code owner} until {@code now + duration}, if it is free, expired,
   * or already held by {@code owner}.
   */
  LeaseOutcome acquireLease(String runId, String owner, Instant now, Duration duration);

  /**
   * Counts one wake requested for the run ({@code wakeSeq + 1}), before the wake is sent.
   *
   * @return the run after the increment, or empty if there is no such run
   */
  Optional<RunRecord> recordEventArrival(String runId);

  /**
   * Writes {@code update} and clears the lease, if {@code owner} still holds it and {@code wakeSeq}
   * is still {@code observedWakeSeq}.
   */
  ReleaseOutcome release(
      String runId, String owner, long observedWakeSeq, RunUpdate update, Instant now);

  /**
   * Lists runs, newest first.
   *
   * @param query filters and paging
   */
  RunPage list(RunQuery query);
}

package dev.triggerflow.spi;

import java.time.Instant;

/** The outcome of trying to take a run's lease. */
public sealed interface LeaseOutcome {

  /** The lease is ours; {@code run} is the record as of taking it. */
  record Acquired(RunRecord run) implements LeaseOutcome {}

  /** Another orchestrator holds the lease until {@code expiresAt}. */
  record Held(String owner, Instant expiresAt) implements LeaseOutcome {}

  /** There is no such run. */
  record NotFound() implements LeaseOutcome {}
}

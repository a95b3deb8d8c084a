package dev.triggerflow.spi;

/** The outcome of releasing a run's lease. */
public enum ReleaseOutcome {
  /** Released, with the update written. */
  RELEASED,
  /**
   * Not released and nothing written: events arrived since the lease was taken, so the holder must
   * run again before it lets go. The lease is still held.
   */
  EVENTS_ARRIVED,
  /** The lease was no longer ours (it expired and another orchestrator took it). */
  LEASE_LOST
}

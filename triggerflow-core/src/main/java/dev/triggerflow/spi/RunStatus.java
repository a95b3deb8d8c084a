package dev.triggerflow.spi;

/** The states of a run. */
public enum RunStatus {
  /** Started and not finished. */
  RUNNING,
  /** The workflow returned a result. */
  COMPLETED,
  /** The workflow threw, or its code no longer matched its history. */
  FAILED,
  /** Stopped from outside. */
  TERMINATED,
  /** Finished by starting a fresh run of the same workflow. */
  CONTINUED_AS_NEW;

  /** Whether the run has finished. */
  public boolean isTerminal() {
    return this != RUNNING;
  }
}

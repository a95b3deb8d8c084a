package dev.triggerflow.engine;

import dev.triggerflow.spi.RunRecord;

/** Told when an orchestrator in this process finishes a run. */
@FunctionalInterface
public interface RunListener {

  /** The run reached a terminal state; {@code run} is its record after the final release. */
  void onFinished(RunRecord run);
}

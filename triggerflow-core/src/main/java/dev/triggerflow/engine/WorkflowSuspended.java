package dev.triggerflow.engine;

/**
 * Thrown inside workflow code when it waits on a result that is not recorded yet: the run stops
 * here and runs again from the top when the result arrives. It is an {@link Error} so that {@code
 * catch (Exception e)} in workflow code does not swallow it; code that catches {@code Throwable}
 * and goes on is detected and treated as suspended all the same.
 */
public final class WorkflowSuspended extends Error {
  private static final long serialVersionUID = 1L;

  WorkflowSuspended() {
    super("the run is waiting for a result; workflow code must not catch this", null, false, false);
  }
}

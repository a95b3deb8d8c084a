package dev.triggerflow.testkit;

import java.util.Objects;

/**
 * One finished invocation of a task during a test, mocked or real: which call of which run, which
 * attempt, the input the task received and how it ended.
 *
 * @param task the task's registered name
 * @param runId the run that made the call
 * @param callId the call's id within the run
 * @param attempt the attempt, from 1
 * @param input the input, read into the task's input type, as the task received it
 * @param result what the task returned, or null when it threw (or returned null)
 * @param error what the task threw, or null when it returned
 */
public record Invocation(
    String task,
    String runId,
    int callId,
    int attempt,
    Object input,
    Object result,
    Exception error) {

  public Invocation {
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(runId, "runId");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1, not " + attempt);
    }
  }

  /** Whether the invocation threw. */
  public boolean failed() {
    return error != null;
  }
}

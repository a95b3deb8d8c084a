package dev.triggerflow.api;

/**
 * A function the orchestrator calls. A task runs on the task executor (a thread pool locally, a
 * Lambda function on AWS) and may have side effects. Delivery is at least once: a task may run more
 * than once for the same call, so side effects should use {@link TaskContext#idempotencyKey()}.
 *
 * @param <I> the input type, read from JSON
 * @param <O> the result type, written as JSON
 */
@FunctionalInterface
public interface Task<I, O> {

  /**
   * Runs the task.
   *
   * @param ctx facts about this call
   * @param input the call's input
   * @return the call's result
   * @throws Exception a failure of the call; the orchestrator sees it as a {@link
   *     TaskFailedException} carrying the exception's type and message
   */
  O run(TaskContext ctx, I input) throws Exception;
}

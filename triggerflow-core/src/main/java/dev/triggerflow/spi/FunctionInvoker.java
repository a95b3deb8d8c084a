package dev.triggerflow.spi;

/**
 * Starts functions asynchronously: tasks, and the orchestrator. Both calls return once the request
 * is accepted, not when the function finishes.
 */
public interface FunctionInvoker {

  /**
   * Starts one task attempt; its result comes back as an event on the bus.
   *
   * @throws RuntimeException if the request could not be accepted
   */
  void invokeTask(TaskInvocation invocation);

  /**
   * Wakes the orchestrator of a run.
   *
   * @throws RuntimeException if the request could not be accepted
   */
  void wakeOrchestrator(String runId);
}

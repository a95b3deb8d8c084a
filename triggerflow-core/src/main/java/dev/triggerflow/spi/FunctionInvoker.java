package dev.triggerflow.spi;

import java.util.List;

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
   * Starts several task attempts, for example every call of a map. Adapters whose requests take a
   * network round trip override this to send them in parallel.
   *
   * @throws RuntimeException if some request could not be accepted; the others may have been
   */
  default void invokeTasks(List<TaskInvocation> invocations) {
    for (TaskInvocation invocation : invocations) {
      invokeTask(invocation);
    }
  }

  /**
   * Wakes the orchestrator of a run.
   *
   * @throws RuntimeException if the request could not be accepted
   */
  void wakeOrchestrator(String runId);
}

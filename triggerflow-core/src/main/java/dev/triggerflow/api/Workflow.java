package dev.triggerflow.api;

/**
 * An orchestrator written as plain imperative code.
 *
 * <p>The engine runs {@link #run} from the top every time the run wakes, and the context returns
 * recorded results for every call that already completed. The code must therefore be deterministic:
 * it takes time, random numbers and ids from the {@link WorkflowContext}, never from the system,
 * and it performs side effects only through tasks.
 *
 * @param <I> the input type, read from JSON
 * @param <O> the result type, written as JSON
 */
@FunctionalInterface
public interface Workflow<I, O> {

  /**
   * The orchestrator code.
   *
   * @param ctx the durable context of this run
   * @param input the run's input
   * @return the run's result
   * @throws Exception a failure of the run; it becomes the run's error
   */
  O run(WorkflowContext ctx, I input) throws Exception;
}

package dev.triggerflow.examples.dag;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.api.Registry;
import dev.triggerflow.nativeflow.NativeWorkflow;

/**
 * Triggerflow's native mode: a DAG A, then B and C in parallel, then D once both are done, defined
 * purely as triggers. No orchestrator runs; the trigger processor evaluates the join before D and
 * starts each step.
 */
public final class Dag {
  private Dag() {}

  /** The workflow. */
  public static NativeWorkflow workflow() {
    return NativeWorkflow.builder("dag")
        .step("A", "dag_a")
        .step("B", "dag_b")
        .step("C", "dag_c")
        .step("D", "dag_d")
        .start("A")
        .when("A")
        .invoke("B")
        .invoke("C")
        .whenAll("B", "C")
        .invoke("D")
        .when("D")
        .complete()
        .build();
  }

  /** The workflow with its four tasks: A adds 1, B doubles, C triples, D sums. */
  public static void register(Registry.Builder registry) {
    registry
        .nativeWorkflow(workflow())
        .task("dag_a", Integer.class, Integer.class, (ctx, x) -> (x == null ? 0 : x) + 1)
        .task("dag_b", Integer.class, Integer.class, (ctx, x) -> 2 * x)
        .task("dag_c", Integer.class, Integer.class, (ctx, x) -> 3 * x)
        .task(
            "dag_d",
            JsonNode.class,
            Integer.class,
            (ctx, xs) -> {
              int sum = 0;
              for (JsonNode x : xs) {
                sum += x.asInt();
              }
              return sum;
            });
  }
}

package dev.triggerflow.aws.cost;

import dev.triggerflow.api.DurableFuture;
import dev.triggerflow.api.Registry;
import dev.triggerflow.api.TaskRef;
import dev.triggerflow.deployment.RegistryProvider;
import java.util.ArrayList;
import java.util.List;

/** The cost model's workloads: n no-op calls in a row, and a map of n no-op tasks. */
public final class CostRegistry implements RegistryProvider {
  static final TaskRef<Integer, Integer> NOOP = TaskRef.of("noop", Integer.class, Integer.class);

  @Override
  public Registry registry() {
    return Registry.builder()
        .task("noop", Integer.class, Integer.class, (ctx, x) -> x)
        .workflow(
            "steps",
            Integer.class,
            Integer.class,
            (ctx, n) -> {
              int x = 0;
              for (int i = 0; i < n; i++) {
                x = ctx.call(NOOP, i).get();
              }
              return x;
            })
        .workflow(
            "fanout",
            Integer.class,
            Integer.class,
            (ctx, n) -> {
              List<Integer> inputs = new ArrayList<>();
              for (int i = 0; i < n; i++) {
                inputs.add(i);
              }
              List<DurableFuture<Integer>> fs = ctx.map(NOOP, inputs);
              return ctx.<Integer>allOf(fs).get().size();
            })
        .build();
  }
}

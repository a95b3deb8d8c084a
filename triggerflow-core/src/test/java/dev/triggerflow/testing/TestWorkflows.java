package dev.triggerflow.testing;

import dev.triggerflow.api.DurableFuture;
import dev.triggerflow.api.Registry;
import dev.triggerflow.api.Task;
import dev.triggerflow.api.TaskContext;
import dev.triggerflow.api.TaskName;
import dev.triggerflow.api.TaskRef;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Small tasks and workflows for engine tests. */
public final class TestWorkflows {
  public static final TaskRef<Integer, Integer> ADD3 =
      TaskRef.of("add3", Integer.class, Integer.class);
  public static final TaskRef<Integer, Integer> DOUBLE =
      TaskRef.of("double", Integer.class, Integer.class);

  private TestWorkflows() {}

  /**
   * A registry with the workflows {@code seq} (add3 of 0, then add3 of that: 6) and {@code map}
   * (double of 0 to n - 1 as one map, summed), and their tasks, to which a test may add more.
   */
  public static Registry.Builder sequenceAndMap(Add3 add3) {
    return Registry.builder()
        .workflow(
            "seq",
            Integer.class,
            Integer.class,
            (ctx, in) -> {
              int r = ctx.call(ADD3, 0).get();
              return ctx.call(ADD3, r).get();
            })
        .workflow(
            "map",
            Integer.class,
            Integer.class,
            (ctx, n) -> {
              List<Integer> inputs = new ArrayList<>();
              for (int i = 0; i < n; i++) {
                inputs.add(i);
              }
              List<DurableFuture<Integer>> fs = ctx.map(DOUBLE, inputs);
              return ctx.<Integer>allOf(fs).get().stream().mapToInt(Integer::intValue).sum();
            })
        .task(add3)
        .task(new Doubler());
  }

  /** Adds 3 to its input and counts its executions by input. */
  @TaskName("add3")
  public static final class Add3 implements Task<Integer, Integer> {
    public final ConcurrentMap<Integer, AtomicInteger> executions = new ConcurrentHashMap<>();

    @Override
    public Integer run(TaskContext ctx, Integer x) {
      executions.computeIfAbsent(x, k -> new AtomicInteger()).incrementAndGet();
      return x + 3;
    }

    /** How often the task ran, in all. */
    public int total() {
      return executions.values().stream().mapToInt(AtomicInteger::get).sum();
    }
  }

  /** Doubles its input. */
  @TaskName("double")
  public static final class Doubler implements Task<Integer, Integer> {
    @Override
    public Integer run(TaskContext ctx, Integer x) {
      return 2 * x;
    }
  }

  /** Always throws. */
  @TaskName("boom")
  public static final class Boom implements Task<String, String> {
    @Override
    public String run(TaskContext ctx, String why) {
      throw new IllegalStateException("boom: " + why);
    }
  }
}

package dev.triggerflow.testing;

import dev.triggerflow.api.Task;
import dev.triggerflow.api.TaskContext;
import dev.triggerflow.api.TaskName;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Small tasks for engine tests. */
public final class TestWorkflows {
  private TestWorkflows() {}

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

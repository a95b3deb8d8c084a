package dev.triggerflow.benchmarks.triggerflow;

import dev.triggerflow.api.Registry;
import dev.triggerflow.api.TaskRef;
import dev.triggerflow.benchmarks.StepClock;
import java.util.ArrayList;
import java.util.List;

/**
 * The two workloads as Triggerflow workflows, over a task that does nothing but stamp its step:
 * what is measured is the engine, not the work.
 */
public final class NoOpWorkflows {
  /** The sequential workflow: {@code n} calls, each waiting for the previous one. */
  public static final String SEQUENTIAL = "sequential";

  /** The map workflow: {@code n} calls joined by one trigger. */
  public static final String MAP = "map";

  /** The no-op task: returns its input. */
  public static final TaskRef<Integer, Integer> NOOP =
      TaskRef.of("noop", Integer.class, Integer.class);

  private NoOpWorkflows() {}

  /** A registry of both workflows, whose task stamps {@code clock} with its call id. */
  public static Registry registry(StepClock clock) {
    return Registry.builder()
        .task(
            NOOP.name(),
            Integer.class,
            Integer.class,
            (ctx, input) -> {
              clock.stamp(ctx.callId());
              return input;
            })
        .workflow(
            SEQUENTIAL,
            Integer.class,
            Integer.class,
            (ctx, n) -> {
              int done = 0;
              for (int i = 1; i <= n; i++) {
                done += ctx.call(NOOP, i).get() == i ? 1 : 0;
              }
              return done;
            })
        .workflow(
            MAP,
            Integer.class,
            Integer.class,
            (ctx, n) -> {
              List<Integer> inputs = new ArrayList<>(n);
              for (int i = 1; i <= n; i++) {
                inputs.add(i);
              }
              return ctx.allOf(ctx.map(NOOP, inputs)).get().size();
            })
        .build();
  }
}

package dev.triggerflow.aws.fakes;

import dev.triggerflow.api.Registry;
import dev.triggerflow.api.TaskContext;
import dev.triggerflow.api.TaskRef;
import dev.triggerflow.api.WorkflowContext;
import dev.triggerflow.deployment.RegistryProvider;
import dev.triggerflow.examples.pi.MonteCarlo;
import dev.triggerflow.examples.pi.Pi;
import dev.triggerflow.examples.sequence.MyFunction;
import dev.triggerflow.examples.sequence.Sequence;
import java.time.Duration;

/**
 * The examples with {@code my_function} sleeping milliseconds instead of seconds, and a workflow
 * whose values are too large for the bus: {@code large} builds a text of {@code n} characters,
 * passes it to the task {@code reverse}, and returns what the task returned.
 */
public final class FastExamplesRegistry implements RegistryProvider {
  /** The task of the {@code large} workflow. */
  public static final TaskRef<String, String> REVERSE =
      TaskRef.of("reverse", String.class, String.class);

  @Override
  public Registry registry() {
    return Registry.builder()
        .workflow(new Sequence())
        .task(new MyFunction(Duration.ofMillis(5)))
        .workflow(new Pi())
        .task(new MonteCarlo())
        .task(
            "reverse",
            String.class,
            String.class,
            (TaskContext ctx, String text) -> new StringBuilder(text).reverse().toString())
        .workflow(
            "large",
            Integer.class,
            String.class,
            (WorkflowContext ctx, Integer n) -> ctx.call(REVERSE, "ab".repeat(n / 2)).get())
        .build();
  }
}

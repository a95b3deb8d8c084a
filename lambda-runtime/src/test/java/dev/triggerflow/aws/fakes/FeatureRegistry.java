package dev.triggerflow.aws.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.api.Registry;
import dev.triggerflow.api.TaskFailedException;
import dev.triggerflow.api.TaskRef;
import dev.triggerflow.deployment.RegistryProvider;
import dev.triggerflow.examples.Examples;
import dev.triggerflow.examples.sequence.MyFunction;
import java.time.Duration;

/**
 * Every example (with a fast {@code my_function}), and the workflows the engine's feature tests use
 * that no example has: child workflows, continue-as-new, a foreign task called by name, and a task
 * whose function crashes.
 *
 * <ul>
 *   <li>{@code parent}: calls {@code child} on 5 (which adds 3), then {@code failing-child}, and
 *       returns "8 / " and the failing child's error type.
 *   <li>{@code countdown}: adds 3 and subtracts 4, continuing as new while the rest is positive.
 *   <li>{@code foreign}: calls the foreign task {@code shout} and returns its {@code text}, or the
 *       call's error.
 *   <li>{@code crash}: calls {@code crashy}, which runs on a function of its own, and returns its
 *       result or the call's error.
 * </ul>
 */
public final class FeatureRegistry implements RegistryProvider {
  /** The foreign task: a plain function outside the engine. */
  public static final TaskRef<JsonNode, JsonNode> SHOUT =
      TaskRef.of("shout", JsonNode.class, JsonNode.class);

  /** A task of the engine on a function of its own. */
  public static final TaskRef<Integer, Integer> CRASHY =
      TaskRef.of("crashy", Integer.class, Integer.class);

  private static final TaskRef<Integer, Integer> ADD3 = TaskRef.of(MyFunction.class);

  @Override
  public Registry registry() {
    return Examples.builder(new MyFunction(Duration.ofMillis(5)))
        .workflow(
            "parent",
            Integer.class,
            String.class,
            (ctx, in) -> {
              int child = ctx.callWorkflow("child", 5, Integer.class).get();
              try {
                ctx.callWorkflow("failing-child", 0, String.class).get();
                return "unexpected";
              } catch (TaskFailedException e) {
                return child + " / " + e.errorType();
              }
            })
        .workflow("child", Integer.class, Integer.class, (ctx, in) -> ctx.call(ADD3, in).get())
        .workflow(
            "failing-child",
            Integer.class,
            String.class,
            (ctx, in) -> {
              throw new IllegalArgumentException("child refuses");
            })
        .workflow(
            "countdown",
            Integer.class,
            Integer.class,
            (ctx, n) -> {
              int left = ctx.call(ADD3, n).get() - 4;
              if (left > 0) {
                ctx.continueAsNew(left);
              }
              return left;
            })
        .workflow(
            "foreign",
            JsonNode.class,
            String.class,
            (ctx, in) -> {
              try {
                return ctx.call(SHOUT, in).get().path("text").asText();
              } catch (TaskFailedException e) {
                return "FAILED " + e.errorType() + ": " + e.errorMessage();
              }
            })
        .workflow(
            "crash",
            Integer.class,
            String.class,
            (ctx, in) -> {
              try {
                return "ok " + ctx.call(CRASHY, in).get();
              } catch (TaskFailedException e) {
                return "FAILED " + e.errorType() + ": " + e.errorMessage();
              }
            })
        .task("crashy", Integer.class, Integer.class, (ctx, n) -> n)
        .build();
  }
}

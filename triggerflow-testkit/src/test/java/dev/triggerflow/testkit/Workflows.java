package dev.triggerflow.testkit;

import dev.triggerflow.api.Registry;
import dev.triggerflow.api.RetryPolicy;
import dev.triggerflow.api.TaskRef;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Small workflows and tasks that the kit's own tests run. */
final class Workflows {
  static final TaskRef<String, String> GREET = TaskRef.of("greet", String.class, String.class);
  static final TaskRef<Integer, String> UNRELIABLE =
      TaskRef.of("unreliable", Integer.class, String.class);
  static final RetryPolicy RETRY = RetryPolicy.of(5, Duration.ofSeconds(1));

  /** How many times the real {@code greet} task ran, across every test. */
  static final AtomicInteger REAL_GREETS = new AtomicInteger();

  private Workflows() {}

  static Registry registry() {
    return builder().build();
  }

  static Registry.Builder builder() {
    return Registry.builder()
        // Sleeps for the given number of hours.
        .workflow(
            "nap",
            Integer.class,
            String.class,
            (ctx, hours) -> {
              ctx.sleep(Duration.ofHours(hours));
              return "rested " + hours + "h";
            })
        // Waits an hour for an answer.
        .workflow(
            "ask",
            String.class,
            String.class,
            (ctx, question) -> {
              Optional<String> answer =
                  ctx.waitForEvent("answer", String.class, Duration.ofHours(1)).get();
              return question + " " + answer.orElse("no answer");
            })
        // Waits for an event with no timeout.
        .workflow(
            "await_go",
            String.class,
            String.class,
            (ctx, input) -> "went " + ctx.waitForEvent("go", String.class).get())
        // Greets the input, then the result again.
        .workflow(
            "greet_twice",
            String.class,
            String.class,
            (ctx, name) -> {
              String once = ctx.call(GREET, name).get();
              return ctx.call(GREET, once).get();
            })
        .workflow(
            "retrying",
            Integer.class,
            String.class,
            (ctx, n) -> ctx.call(UNRELIABLE, n, RETRY).get())
        // Sleeps an hour and starts over with one less, until zero.
        .workflow(
            "countdown",
            Integer.class,
            String.class,
            (ctx, n) -> {
              if (n > 0) {
                ctx.sleep(Duration.ofHours(1));
                ctx.continueAsNew(n - 1);
              }
              return "lift-off";
            })
        .workflow("increment", Integer.class, Integer.class, (ctx, n) -> n + 1)
        .workflow(
            "boom",
            String.class,
            String.class,
            (ctx, input) -> {
              throw new IllegalArgumentException("bad input: " + input);
            })
        .task(
            "greet",
            String.class,
            String.class,
            (ctx, name) -> {
              REAL_GREETS.incrementAndGet();
              return "hello " + name;
            })
        // Fails its first n attempts.
        .task(
            "unreliable",
            Integer.class,
            String.class,
            (ctx, n) -> {
              if (ctx.attempt() <= n) {
                throw new IllegalStateException("attempt " + ctx.attempt() + " failed");
              }
              return "ok on attempt " + ctx.attempt();
            });
  }
}

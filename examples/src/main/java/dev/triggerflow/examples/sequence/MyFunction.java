package dev.triggerflow.examples.sequence;

import dev.triggerflow.api.Task;
import dev.triggerflow.api.TaskContext;
import dev.triggerflow.api.TaskName;
import java.time.Duration;

/** The seed's {@code my_function(x)}: sleeps {@code x} seconds, then returns {@code x + 3}. */
@TaskName("my_function")
public final class MyFunction implements Task<Integer, Integer> {
  private final Duration unit;

  /** Sleeps {@code x} seconds. */
  public MyFunction() {
    this(Duration.ofSeconds(1));
  }

  /** Sleeps {@code x} times {@code unit}: tests use a shorter unit. */
  public MyFunction(Duration unit) {
    this.unit = unit;
  }

  @Override
  public Integer run(TaskContext ctx, Integer x) throws InterruptedException {
    Thread.sleep(unit.multipliedBy(x).toMillis());
    return x + 3;
  }
}

package dev.triggerflow.examples;

import dev.triggerflow.api.Registry;
import dev.triggerflow.examples.pi.MonteCarlo;
import dev.triggerflow.examples.pi.Pi;
import dev.triggerflow.examples.sequence.MyFunction;
import dev.triggerflow.examples.sequence.Sequence;

/** The registry of every example workflow and task. */
public final class Examples {
  private Examples() {}

  /** All examples, with tasks as they run in production. */
  public static Registry registry() {
    return Registry.builder()
        .workflow(new Sequence())
        .task(new MyFunction())
        .workflow(new Pi())
        .task(new MonteCarlo())
        .build();
  }
}

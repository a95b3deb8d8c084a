package dev.triggerflow.cli;

import dev.triggerflow.api.Registry;
import dev.triggerflow.deployment.RegistryProvider;
import dev.triggerflow.examples.Examples;
import dev.triggerflow.examples.sequence.MyFunction;
import java.time.Duration;

/** Every example, with {@code my_function} sleeping milliseconds instead of seconds. */
public final class FastExamples implements RegistryProvider {
  @Override
  public Registry registry() {
    return Examples.builder(new MyFunction(Duration.ofMillis(5))).build();
  }
}

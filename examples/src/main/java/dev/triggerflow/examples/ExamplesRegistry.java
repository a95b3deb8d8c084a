package dev.triggerflow.examples;

import dev.triggerflow.api.Registry;
import dev.triggerflow.deployment.RegistryProvider;

/** The examples as a deployment's registry provider. */
public final class ExamplesRegistry implements RegistryProvider {
  @Override
  public Registry registry() {
    return Examples.registry();
  }
}

package dev.triggerflow.cli;

import dev.triggerflow.api.Registry;
import dev.triggerflow.deployment.RegistryProvider;
import java.util.ServiceLoader;

/**
 * The workflows the CLI can run: every {@link RegistryProvider} on the class path, declared in
 * {@code META-INF/services} by the jars a user puts there (the examples declare theirs). Only
 * classes declared this way are loaded; nothing is loaded by a name found in data.
 */
final class Registries {
  private Registries() {}

  static Registry discover() {
    Registry.Builder builder = Registry.builder();
    for (RegistryProvider provider : ServiceLoader.load(RegistryProvider.class)) {
      builder.include(provider.registry());
    }
    return builder.build();
  }
}

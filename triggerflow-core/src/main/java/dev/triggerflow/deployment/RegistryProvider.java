package dev.triggerflow.deployment;

import dev.triggerflow.api.Registry;

/**
 * Supplies a deployment's registry. A deployment names its provider class in its configuration (on
 * AWS, {@link AwsContract#ENV_REGISTRY_PROVIDER}); the class must have a public no-argument
 * constructor.
 */
@FunctionalInterface
public interface RegistryProvider {

  /** The workflows, tasks, conditions and actions of the deployment. */
  Registry registry();
}

package dev.triggerflow.aws.config;

import dev.triggerflow.api.Registry;
import dev.triggerflow.deployment.AwsContract;
import dev.triggerflow.deployment.RegistryProvider;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Map;

/**
 * Loads a deployment's registry from the {@link RegistryProvider} class that the deployment names
 * in {@link AwsContract#ENV_REGISTRY_PROVIDER}. This is the only class the runtime loads by name,
 * and the name comes from the function's configuration, never from an event or a stored record.
 */
public final class RegistryLoader {
  private RegistryLoader() {}

  /**
   * Loads the registry named by the environment.
   *
   * @throws ConfigurationException if the variable is missing or the class is not a usable provider
   */
  public static Registry fromEnvironment(Map<String, String> env) {
    String name = env.get(AwsContract.ENV_REGISTRY_PROVIDER);
    if (name == null || name.isBlank()) {
      throw new ConfigurationException(
          "environment variable "
              + AwsContract.ENV_REGISTRY_PROVIDER
              + " is not set: set it to the fully qualified name of the class that implements "
              + RegistryProvider.class.getName()
              + " and lists this deployment's workflows and tasks");
    }
    return load(name.trim(), RegistryLoader.class.getClassLoader());
  }

  /**
   * Loads the registry of the provider class {@code className}.
   *
   * @throws ConfigurationException if the class is not a usable provider
   */
  public static Registry load(String className, ClassLoader loader) {
    Class<?> type;
    try {
      type = Class.forName(className, true, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new ConfigurationException(
          "registry provider class '"
              + className
              + "' (from "
              + AwsContract.ENV_REGISTRY_PROVIDER
              + ") cannot be loaded: check the name and that its jar is in the deployment package",
          e);
    }
    if (!RegistryProvider.class.isAssignableFrom(type)) {
      throw new ConfigurationException(
          "class '"
              + className
              + "' (from "
              + AwsContract.ENV_REGISTRY_PROVIDER
              + ") does not implement "
              + RegistryProvider.class.getName());
    }
    RegistryProvider provider = instantiate(type.asSubclass(RegistryProvider.class));
    Registry registry;
    try {
      registry = provider.registry();
    } catch (RuntimeException e) {
      throw new ConfigurationException(
          "registry provider '" + className + "' failed to build its registry: " + e, e);
    }
    if (registry == null) {
      throw new ConfigurationException(
          "registry provider '" + className + "' returned no registry (null)");
    }
    return registry;
  }

  private static RegistryProvider instantiate(Class<? extends RegistryProvider> type) {
    if (Modifier.isAbstract(type.getModifiers())) {
      throw new ConfigurationException(
          "registry provider '" + type.getName() + "' is abstract; name a concrete class");
    }
    Constructor<? extends RegistryProvider> constructor;
    try {
      constructor = type.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new ConfigurationException(
          "registry provider '"
              + type.getName()
              + "' needs a public constructor without arguments (and must be a public class)",
          e);
    }
    try {
      return constructor.newInstance();
    } catch (InvocationTargetException e) {
      throw new ConfigurationException(
          "the constructor of registry provider '" + type.getName() + "' threw " + e.getCause(),
          e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new ConfigurationException(
          "registry provider '" + type.getName() + "' cannot be instantiated: " + e, e);
    }
  }
}

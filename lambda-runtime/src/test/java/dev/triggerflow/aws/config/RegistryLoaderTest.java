package dev.triggerflow.aws.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triggerflow.api.Registry;
import dev.triggerflow.deployment.AwsContract;
import dev.triggerflow.deployment.RegistryProvider;
import dev.triggerflow.examples.ExamplesRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryLoaderTest {

  private static Registry load(String className) {
    return RegistryLoader.fromEnvironment(Map.of(AwsContract.ENV_REGISTRY_PROVIDER, className));
  }

  @Test
  void provider_isLoadedFromTheEnvironment() {
    Registry registry = load(ExamplesRegistry.class.getName());

    assertThat(registry.workflowNames()).contains("sequence", "pi");
  }

  @Test
  void variableMissing_namesTheVariableAndTheInterface() {
    assertThatThrownBy(() -> RegistryLoader.fromEnvironment(Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(AwsContract.ENV_REGISTRY_PROVIDER)
        .hasMessageContaining(RegistryProvider.class.getName());
  }

  @Test
  void classMissing_namesTheClass() {
    assertThatThrownBy(() -> load("com.example.NoSuchProvider"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'com.example.NoSuchProvider'")
        .hasMessageContaining("cannot be loaded");
  }

  @Test
  void classOfAnotherKind_isRefused() {
    assertThatThrownBy(() -> load(String.class.getName()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("does not implement");
  }

  @Test
  void providerWithoutANoArgumentConstructor_isRefused() {
    assertThatThrownBy(() -> load(NeedsArgument.class.getName()))
        .hasMessageContaining("public constructor without arguments");
  }

  @Test
  void providerWhoseConstructorThrows_reportsTheCause() {
    assertThatThrownBy(() -> load(Throws.class.getName()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("constructor")
        .hasRootCauseMessage("no config");
  }

  @Test
  void providerReturningNull_isRefused() {
    assertThatThrownBy(() -> load(ReturnsNull.class.getName()))
        .hasMessageContaining("returned no registry");
  }

  /** A provider the runtime cannot construct. */
  public static final class NeedsArgument implements RegistryProvider {
    /** Needs an argument. */
    public NeedsArgument(String unused) {}

    @Override
    public Registry registry() {
      return Registry.builder().build();
    }
  }

  /** A provider whose constructor fails. */
  public static final class Throws implements RegistryProvider {
    /** Fails. */
    public Throws() {
      throw new IllegalStateException("no config");
    }

    @Override
    public Registry registry() {
      return Registry.builder().build();
    }
  }

  /** A provider with no registry. */
  public static final class ReturnsNull implements RegistryProvider {
    @Override
    public Registry registry() {
      return null;
    }
  }
}

package dev.triggerflow.aws.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triggerflow.aws.fakes.FastExamplesRegistry;
import dev.triggerflow.aws.fakes.Testbed;
import dev.triggerflow.deployment.AwsContract;
import dev.triggerflow.spi.Stores;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;

class LambdaEngineTest {

  @Test
  void buildingEveryFunctionsHandler_makesNoAwsCall() {
    try (Testbed aws = Testbed.builder().dynamo(true).build()) {

      Map<String, Long> calls = aws.apiCalls();

      assertThat(calls).as("calls made while the handlers were built (init phase)").isEmpty();
    }
  }

  @Test
  void fromEnvironment_withoutRegistryProvider_failsNamingTheVariable() {
    assertThatThrownBy(() -> LambdaEngine.fromEnvironment(Map.of("AWS_REGION", "us-east-1")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(AwsContract.ENV_REGISTRY_PROVIDER);
  }

  @Test
  void stores_withoutAnyTable_failNamingTheVariables() {
    LambdaEngine engine = engine(Map.of());

    assertThatThrownBy(engine::stores)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(AwsContract.ENV_RUNS_TABLE)
        .hasMessageContaining(AwsContract.ENV_DEAD_LETTER_TABLE);
  }

  @Test
  void storeOfATableTheFunctionWasNotGiven_failsOnUseNamingTheVariable() {
    LambdaEngine engine =
        engine(
            Map.of(
                AwsContract.ENV_RUNS_TABLE, "runs",
                AwsContract.ENV_TRIGGERS_TABLE, "triggers",
                AwsContract.ENV_DEAD_LETTER_TABLE, "dead"));

    Stores stores = engine.stores();

    assertThatThrownBy(() -> stores.history().read("run-1", 0))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(AwsContract.ENV_HISTORY_TABLE)
        .hasMessageContaining("HistoryStore.read");
  }

  @Test
  void publisher_withoutBus_failsNamingTheVariable() {
    LambdaEngine engine = engine(Map.of());

    assertThatThrownBy(engine::publisher)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(AwsContract.ENV_EVENT_BUS);
  }

  private static LambdaEngine engine(Map<String, String> env) {
    return LambdaEngine.builder()
        .settings(LambdaSettings.fromEnvironment(env))
        .clients(AwsClients.builder().region(Region.US_EAST_1).build())
        .registry(new FastExamplesRegistry().registry())
        .build();
  }
}

package dev.triggerflow.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triggerflow.deployment.AwsContract;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;

class ExamplesAppTest {
  private static Stack stack;
  private static TriggerflowEngine engine;
  private static Map<String, Object> json;

  @BeforeAll
  static void synth() {
    stack = TestStacks.examples();
    engine = (TriggerflowEngine) stack.getNode().findChild("Engine");
    json = TestStacks.json(stack);
  }

  @Test
  void stack_isNamedForTheExamples_andIsEnvironmentAgnostic() {
    assertThat(stack.getStackName()).isEqualTo("TriggerflowExamples");
    assertThat(Token.isUnresolved(stack.getAccount())).isTrue();
    assertThat(Token.isUnresolved(stack.getRegion())).isTrue();
    assertThat(stack.getEnvironment()).isEqualTo("aws://unknown-account/unknown-region");
  }

  @Test
  void everyFunctionButRunExpiry_loadsTheExamplesRegistry() {
    Map<String, Map<String, Object>> functions = Cfn.resources(json, "AWS::Lambda::Function");
    String runExpiry = Cfn.logicalId(engine.getRunExpiryFunction());

    assertThat(functions).hasSize(5).containsKey(runExpiry);
    functions.forEach(
        (id, fn) ->
            assertThat(
                    Cfn.at(
                        Cfn.props(fn),
                        "Environment",
                        "Variables",
                        AwsContract.ENV_REGISTRY_PROVIDER))
                .as(id)
                // It runs no workflow or task code, so it loads no registry.
                .isEqualTo(
                    id.equals(runExpiry) ? null : "dev.triggerflow.examples.ExamplesRegistry"));
  }

  @Test
  void tasks_myFunctionAndMonteCarlo_haveFunctionsSizedForTheirWork() {
    Map<String, Object> sizes = new TreeMap<>();
    for (TaskFunction task : engine.getTaskFunctions()) {
      Map<String, Object> p = Cfn.props(Cfn.resource(json, Cfn.logicalId(task.getFunction())));
      sizes.put(
          String.join(",", task.getTasks()), p.get("MemorySize") + "MB/" + p.get("Timeout") + "s");
    }

    assertThat(sizes)
        .containsExactly(
            Map.entry("monte_carlo", "1769MB/300s"), Map.entry("my_function", "512MB/30s"));
  }

  @Test
  void context_turnsSnapStartOff_andPicksTheArchitecture_forEmulators() {
    App app =
        new App(
            AppProps.builder()
                .context(
                    Map.of(
                        ExamplesApp.SNAP_START_CONTEXT, "false",
                        ExamplesApp.ARCHITECTURE_CONTEXT, "x86_64"))
                .build());

    Map<String, Object> local =
        TestStacks.json(ExamplesApp.createStack(app, TestStacks.PLACEHOLDER_CODE));

    assertThat(Cfn.resources(local, "AWS::Lambda::Alias")).isEmpty();
    Cfn.resources(local, "AWS::Lambda::Function")
        .forEach(
            (id, fn) -> {
              assertThat(Cfn.props(fn).get("SnapStart")).as(id).isNull();
              assertThat(Cfn.props(fn).get("Architectures")).as(id).isEqualTo(List.of("x86_64"));
            });
  }

  @Test
  void context_withAnUnknownValue_isRejected() {
    App app =
        new App(AppProps.builder().context(Map.of(ExamplesApp.SNAP_START_CONTEXT, "no")).build());

    assertThatThrownBy(() -> ExamplesApp.createStack(app, TestStacks.PLACEHOLDER_CODE))
        .hasMessageContaining("triggerflow:snapStart must be true or false");
  }

  @Test
  void exampleData_isDeletedWithTheStack() {
    for (String type :
        new String[] {"AWS::DynamoDB::Table", "AWS::S3::Bucket", "AWS::SQS::Queue"}) {
      Cfn.resources(json, type)
          .forEach((id, r) -> assertThat(r.get("DeletionPolicy")).as(id).isEqualTo("Delete"));
    }
  }
}

package dev.triggerflow.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triggerflow.deployment.AwsContract;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
  void everyFunction_loadsTheExamplesRegistry() {
    Map<String, Map<String, Object>> functions = Cfn.resources(json, "AWS::Lambda::Function");

    assertThat(functions).hasSize(4);
    functions.forEach(
        (id, fn) ->
            assertThat(
                    Cfn.at(
                        Cfn.props(fn),
                        "Environment",
                        "Variables",
                        AwsContract.ENV_REGISTRY_PROVIDER))
                .as(id)
                .isEqualTo("dev.triggerflow.examples.ExamplesRegistry"));
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
  void exampleData_isDeletedWithTheStack() {
    for (String type :
        new String[] {"AWS::DynamoDB::Table", "AWS::S3::Bucket", "AWS::SQS::Queue"}) {
      Cfn.resources(json, type)
          .forEach((id, r) -> assertThat(r.get("DeletionPolicy")).as(id).isEqualTo("Delete"));
    }
  }
}

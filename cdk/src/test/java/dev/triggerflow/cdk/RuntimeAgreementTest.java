package dev.triggerflow.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triggerflow.aws.config.LambdaSettings;
import dev.triggerflow.aws.dynamodb.StoreSettings;
import dev.triggerflow.aws.dynamodb.TableNames;
import dev.triggerflow.aws.lambda.LambdaFunctionInvoker;
import dev.triggerflow.aws.lambda.TaskFunctions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.lambda.Function;

/**
 * The Lambda runtime reading what the construct writes: the task routing of the functions that
 * start tasks, parsed by the runtime's own settings, and the connections the JVM keeps per host
 * against the runtime's batches of task invocations. (Names shared by both sides are checked
 * against core's contract in the other tests.) Also the run expiry function's tables and retention,
 * read by the runtime's own store settings.
 */
class RuntimeAgreementTest {

  @Test
  void runtime_readsTheTaskRouting_ofTheOrchestratorAndTheTrigger() {
    List<TriggerflowEngine> engines = new ArrayList<>();
    List<TaskFunction> java = new ArrayList<>();
    List<Function> foreign = new ArrayList<>();
    Stack stack =
        TestStacks.engine(
            p -> {},
            e -> {
              engines.add(e);
              java.add(e.addTask("Java", TaskFunctionProps.builder().tasks("java_task").build()));
              java.add(
                  e.addTask(
                      "Default",
                      TaskFunctionProps.builder().tasks("other").defaultFunction(true).build()));
              foreign.add(LeastPrivilegeTest.foreignFunction(e));
              e.addForeignTask("py_task", foreign.get(0));
            });
    Map<String, Object> json = TestStacks.json(stack);
    TriggerflowEngine engine = engines.get(0);

    for (EngineFunction fn : List.of(engine.orchestratorFunction(), engine.triggerFunction())) {
      TaskFunctions routing = LambdaSettings.fromEnvironment(environment(json, fn)).taskFunctions();

      assertThat(routing.foreignTasks()).as(fn.getNode().getId()).containsExactly("py_task");
      assertThat(routing.functionFor("py_task"))
          .as(fn.getNode().getId())
          .contains("<" + Cfn.logicalId(foreign.get(0)) + ".Arn>");
      assertThat(routing.functionFor("java_task"))
          .as(fn.getNode().getId())
          .contains(qualifiedName(java.get(0)));
      assertThat(routing.functionFor("any_unlisted_task"))
          .as(fn.getNode().getId())
          .contains(qualifiedName(java.get(1)));
    }
  }

  @Test
  void runtime_readsTheRunExpiryFunctionsTables_andTheRetentionOfItsDeadLetters() {
    List<TriggerflowEngine> engines = new ArrayList<>();
    Stack stack = TestStacks.engine(p -> p.retention(Duration.days(7)), engines::add);
    Map<String, Object> json = TestStacks.json(stack);
    TriggerflowEngine engine = engines.get(0);

    Map<String, String> env = environment(json, engine.runExpiryFunction());

    assertThat(TableNames.fromEnvironment(env))
        .isEqualTo(
            new TableNames(
                "<" + Cfn.logicalId(engine.getRunsTable()) + ">",
                "<" + Cfn.logicalId(engine.getHistoryTable()) + ">",
                "<" + Cfn.logicalId(engine.getTriggersTable()) + ">",
                "<" + Cfn.logicalId(engine.getDeadLetterTable()) + ">"));
    assertThat(StoreSettings.fromEnvironment(env).retention())
        .isEqualTo(java.time.Duration.ofDays(7));
  }

  @Test
  void keptConnectionsPerHost_holdTheRuntimesBatchOfTaskInvocations() {
    assertThat(TriggerflowEngine.KEPT_CONNECTIONS_PER_HOST)
        .isGreaterThanOrEqualTo(LambdaFunctionInvoker.DEFAULT_PARALLELISM);
  }

  /** A function's environment, with values filled in at deploy time written as cdk-nag does. */
  private static Map<String, String> environment(Map<String, Object> json, EngineFunction fn) {
    Map<String, String> env = new LinkedHashMap<>();
    Cfn.map(
            Cfn.at(
                Cfn.props(Cfn.resource(json, Cfn.logicalId(fn.function()))),
                "Environment",
                "Variables"))
        .forEach((name, value) -> env.put(name, Cfn.render(value)));
    return env;
  }

  /** How the task map names a Java task function: the alias's function name and the alias. */
  private static String qualifiedName(TaskFunction task) {
    return "<" + Cfn.logicalId(task.getInvokeTarget()) + ">[:6]:" + EngineFunction.ALIAS;
  }
}

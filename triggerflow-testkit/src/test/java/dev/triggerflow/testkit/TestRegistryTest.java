package dev.triggerflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.triggerflow.api.Registry;
import dev.triggerflow.nativeflow.NativeWorkflow;
import dev.triggerflow.spi.RunStatus;
import org.junit.jupiter.api.Test;

/** The registry a test runs on: a copy of the user's with every task wrapped. */
class TestRegistryTest {

  private static Registry withNativeWorkflow() {
    NativeWorkflow doubled =
        NativeWorkflow.builder("doubled")
            .step("A", "double")
            .start("A")
            .when("A")
            .condition("any_result", null)
            .action("finish", null)
            .build();
    return Workflows.builder()
        .nativeWorkflow(doubled)
        .task("double", Integer.class, Integer.class, (ctx, x) -> 2 * x)
        .condition("any_result", (ctx, event) -> true)
        .condition("unused", (ctx, event) -> false)
        .action(
            "finish",
            (ctx, event) ->
                ctx.finishRun(RunStatus.COMPLETED, TextNode.valueOf("done"), null, null))
        .build();
  }

  @Test
  void copy_keepsWorkflowsAndWrapsEveryTask() {
    Registry source = withNativeWorkflow();

    Registry copy = TestRegistry.copy(source, new TaskDoubles());

    assertThat(copy.workflowNames()).isEqualTo(source.workflowNames());
    assertThat(copy.taskNames()).isEqualTo(source.taskNames());
    assertThat(copy.workflow("nap").orElseThrow()).isSameAs(source.workflow("nap").orElseThrow());
    assertThat(copy.nativeWorkflow("doubled").orElseThrow())
        .isSameAs(source.nativeWorkflow("doubled").orElseThrow());
    assertThat(copy.task("greet").orElseThrow().task())
        .isNotSameAs(source.task("greet").orElseThrow().task());
    assertThat(copy.task("greet").orElseThrow().inputType()).isEqualTo(String.class);
  }

  @Test
  void copy_takesEveryCustomConditionAndAction() {
    Registry source = withNativeWorkflow();

    Registry copy = TestRegistry.copy(source, new TaskDoubles());

    assertThat(copy.conditionNames()).isEqualTo(source.conditionNames()).contains("unused");
    assertThat(copy.condition("any_result")).isPresent();
    assertThat(copy.action("finish")).isPresent();
  }

  @Test
  void nativeWorkflow_runsOnTheCopy_withItsStepTaskMocked() {
    try (TestRuntime rt = TestRuntime.builder().registry(withNativeWorkflow()).build()) {
      TaskMock<Object, Object> step = rt.mock("double").thenReturn(0);
      String runId = rt.start("doubled", 21);

      assertThat(rt.awaitResult(runId, String.class)).isEqualTo("done");
      assertThat(step.inputs()).containsExactly(21);
    }
  }
}

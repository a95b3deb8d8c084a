package dev.triggerflow.nativeflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.triggerflow.api.Registry;
import dev.triggerflow.engine.Orchestrator;
import dev.triggerflow.spi.RunStatus;
import dev.triggerflow.spi.TaskInvocation;
import dev.triggerflow.testing.EngineHarness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NativeWorkflowTest {
  private final List<String> order = new ArrayList<>();

  private Registry registry(boolean failC) {
    NativeWorkflow dag =
        NativeWorkflow.builder("dag")
            .step("A", "inc")
            .step("B", "double")
            .step("C", failC ? "fail" : "triple")
            .step("D", "sum")
            .start("A")
            .when("A")
            .invoke("B")
            .invoke("C")
            .whenAll("B", "C")
            .invoke("D")
            .when("D")
            .complete()
            .build();
    return Registry.builder()
        .nativeWorkflow(dag)
        .task("inc", Integer.class, Integer.class, (ctx, x) -> record("A", x + 1))
        .task("double", Integer.class, Integer.class, (ctx, x) -> record("B", 2 * x))
        .task("triple", Integer.class, Integer.class, (ctx, x) -> record("C", 3 * x))
        .task(
            "fail",
            Integer.class,
            Integer.class,
            (ctx, x) -> {
              throw new IllegalStateException("C is broken");
            })
        .task(
            "sum",
            JsonNode.class,
            Integer.class,
            (ctx, xs) -> {
              int total = 0;
              for (JsonNode x : xs) {
                total += x.asInt();
              }
              return record("D", total);
            })
        .build();
  }

  private synchronized int record(String step, int value) {
    order.add(step);
    return value;
  }

  @Test
  void dag_runsAThenBAndCThenD_withoutAnOrchestrator() {
    EngineHarness h = new EngineHarness(registry(false));
    String run = h.start("dag", IntNode.valueOf(1));

    h.runToQuiescence();

    assertThat(h.run(run).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(h.run(run).result().asInt()).isEqualTo(2 * 2 + 3 * 2);
    assertThat(order.get(0)).isEqualTo("A");
    assertThat(order.subList(1, 3)).containsExactlyInAnyOrder("B", "C");
    assertThat(order.get(3)).isEqualTo("D");
    assertThat(h.wakeCount).isZero();
    assertThat(h.history(run)).isEmpty();
  }

  @Test
  void orchestratorWakeOrRecovery_ofANativeRun_leavesItToItsTriggers() {
    EngineHarness h = new EngineHarness(registry(false));
    String run = h.start("dag", IntNode.valueOf(1));

    Orchestrator.WakeOutcome recovered = h.orchestrator.recover(run);
    Orchestrator.WakeOutcome woken = h.orchestrator.wake(run);
    h.runToQuiescence();

    assertThat(recovered).isEqualTo(Orchestrator.WakeOutcome.NATIVE);
    assertThat(woken).isEqualTo(Orchestrator.WakeOutcome.NATIVE);
    assertThat(h.run(run).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(h.run(run).result().asInt()).isEqualTo(2 * 2 + 3 * 2);
    assertThat(h.history(run)).isEmpty();
    assertThat(h.run(run).leaseOwner()).isNull();
  }

  @Test
  void recovery_afterTheStartStepWasLost_startsItAgainAndTheRunCompletes() {
    EngineHarness h = new EngineHarness(registry(false));
    String run = h.start("dag", IntNode.valueOf(1));
    h.invocations.clear();

    boolean recovered = h.processor.recoverNative(run);
    h.runToQuiescence();

    assertThat(recovered).isTrue();
    assertThat(h.run(run).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(h.run(run).result().asInt()).isEqualTo(2 * 2 + 3 * 2);
    assertThat(order).containsExactlyInAnyOrder("A", "B", "C", "D");
  }

  @Test
  void recovery_afterTheBranchesWereLost_invokesOnlyTheLostOnesAgain() {
    EngineHarness h = new EngineHarness(registry(false));
    String run = h.start("dag", IntNode.valueOf(1));
    h.runTasks();
    h.deliverEvents();
    List<String> lost = h.invocations.stream().map(TaskInvocation::task).toList();
    h.invocations.clear();

    h.processor.recoverNative(run);
    List<String> again = h.invocations.stream().map(TaskInvocation::task).toList();
    h.runToQuiescence();

    assertThat(lost).containsExactlyInAnyOrder("double", "triple");
    assertThat(again).containsExactlyInAnyOrder("double", "triple");
    assertThat(h.run(run).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(order).containsExactlyInAnyOrder("A", "B", "C", "D");
  }

  @Test
  void recovery_ofAHealthyRunInFlight_reinvokesNothingFinishedAndCountsNothingTwice() {
    EngineHarness h = new EngineHarness(registry(false));
    String run = h.start("dag", IntNode.valueOf(1));
    h.runTasks();
    h.deliverEvents();
    h.runTasks();
    h.deliverEvents();

    h.processor.recoverNative(run);
    List<String> again = h.invocations.stream().map(TaskInvocation::task).toList();
    h.runToQuiescence();

    assertThat(again).containsExactly("sum", "sum");
    assertThat(h.run(run).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(h.run(run).result().asInt()).isEqualTo(2 * 2 + 3 * 2);
  }

  @Test
  void recovery_ofAnOrchestratedOrFinishedRun_leavesItToTheOrchestrator() {
    EngineHarness h = new EngineHarness(registry(false));
    String run = h.start("dag", IntNode.valueOf(1));
    h.runToQuiescence();

    assertThat(h.processor.recoverNative(run)).isFalse();
    assertThat(h.processor.recoverNative("no-such-run")).isFalse();
  }

  @Test
  void dag_joinBeforeD_waitsForBothBranches_inEitherOrder() {
    EngineHarness h = new EngineHarness(registry(false));
    String run = h.start("dag", IntNode.valueOf(1));
    h.runToQuiescence();
    List<TaskInvocation> d = h.invoked.stream().filter(i -> i.task().equals("sum")).toList();

    assertThat(d).hasSize(1);
    assertThat(d.get(0).input().toString()).isEqualTo("[4,6]");
    assertThat(h.run(run).status()).isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void dag_failingBranch_failsTheRunWithItsError() {
    EngineHarness h = new EngineHarness(registry(true));
    String run = h.start("dag", IntNode.valueOf(1));

    h.runToQuiescence();

    assertThat(h.run(run).status()).isEqualTo(RunStatus.FAILED);
    assertThat(h.run(run).errorMessage()).isEqualTo("C is broken");
    assertThat(order).doesNotContain("D");
  }

  @Test
  void builder_rejectsUnknownSteps() {
    assertThatThrownBy(() -> NativeWorkflow.builder("x").step("A", "t").start("B"))
        .hasMessageContaining("no step named 'B'");
  }
}

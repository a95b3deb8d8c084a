package dev.triggerflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.triggerflow.benchmarks.durable.DurableFunctionsRunner;
import dev.triggerflow.benchmarks.replay.SyntheticHistories;
import dev.triggerflow.benchmarks.temporal.TemporalWorkloads;
import dev.triggerflow.benchmarks.triggerflow.EmbeddedWorkloads;
import dev.triggerflow.benchmarks.triggerflow.NoOpWorkflows;
import dev.triggerflow.benchmarks.triggerflow.SynchronousEngine;
import dev.triggerflow.benchmarks.triggerflow.TriggerThroughput;
import dev.triggerflow.engine.HistoryIndex;
import dev.triggerflow.engine.ReplayOutcome;
import dev.triggerflow.engine.Replayer;
import dev.triggerflow.spi.PayloadStore;
import dev.triggerflow.trigger.Actions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The workloads do what the tables say they measure, at sizes small enough for every build. No test
 * here looks at a timing: the machines are shared and their timings are not reproducible.
 */
class WorkloadsTest {

  @Test
  void sequential_onEmbeddedRuntime_wakesOncePerCall() throws Exception {
    try (EmbeddedWorkloads workloads = EmbeddedWorkloads.inMemory()) {

      EmbeddedWorkloads.Outcome outcome = workloads.run(NoOpWorkflows.SEQUENTIAL, 12, 10, 100);

      assertThat(outcome.episodes()).isEqualTo(13);
      assertThat(outcome.stepCosts()).hasSize(2);
      assertThat(outcome.stepCosts().get(0)).isPositive();
      assertThat(outcome.stepCosts().get(1)).isZero();
    }
  }

  @Test
  void map_onEmbeddedRuntime_wakesOnceForTheJoin() throws Exception {
    try (EmbeddedWorkloads workloads = EmbeddedWorkloads.inMemory()) {

      EmbeddedWorkloads.Outcome outcome = workloads.run(NoOpWorkflows.MAP, 50);

      assertThat(outcome.episodes()).isEqualTo(2);
    }
  }

  @Test
  void workloads_onSqliteStore_completeLikeInMemory() throws Exception {
    try (EmbeddedWorkloads workloads = EmbeddedWorkloads.sqlite()) {

      EmbeddedWorkloads.Outcome sequential = workloads.run(NoOpWorkflows.SEQUENTIAL, 3);
      EmbeddedWorkloads.Outcome map = workloads.run(NoOpWorkflows.MAP, 20);

      assertThat(sequential.episodes()).isEqualTo(4);
      assertThat(map.episodes()).isEqualTo(2);
    }
  }

  @Test
  void synchronousEngine_timesEveryWake() {
    SynchronousEngine engine = new SynchronousEngine();

    SynchronousEngine.Profile profile = engine.sequential(25);

    assertThat(profile.wakeCost(1)).isPositive();
    assertThat(profile.wakeCost(25)).isPositive();
    assertThat(profile.totalNanos()).isPositive();
  }

  @Test
  void syntheticHistories_replayToCompletion() {
    for (String workflow : new String[] {NoOpWorkflows.SEQUENTIAL, NoOpWorkflows.MAP}) {
      HistoryIndex history =
          HistoryIndex.of(
              workflow.equals(NoOpWorkflows.MAP)
                  ? SyntheticHistories.map(40)
                  : SyntheticHistories.sequential(40));

      ReplayOutcome outcome =
          Replayer.replay(
              SyntheticHistories.definition(workflow),
              SyntheticHistories.RUN_ID,
              history,
              PayloadStore.inline());

      assertThat(outcome).isInstanceOf(ReplayOutcome.Completed.class);
      assertThat(((ReplayOutcome.Completed) outcome).result().asInt()).isEqualTo(40);
      assertThat(outcome.commands()).isEmpty();
    }
  }

  @Test
  void syntheticHistories_haveTheEventCountsTheReplayTableUses() {
    assertThat(SyntheticHistories.sequential(7)).hasSize(3 * 7 + 1);
    assertThat(SyntheticHistories.map(7)).hasSize(2 * 7 + 2);
  }

  @Test
  void triggerThroughput_withWake_firesEveryJoinOnce() {
    TriggerThroughput experiment = new TriggerThroughput(5, 30, Actions.WAKE, 7);

    TriggerThroughput.Outcome outcome = experiment.run();

    assertThat(outcome.events()).isEqualTo(150);
    assertThat(outcome.wakes()).isEqualTo(5);
  }

  @Test
  void triggerThroughput_withNone_wakesNothing() {
    TriggerThroughput experiment = new TriggerThroughput(3, 10, Actions.NONE, 7);

    TriggerThroughput.Outcome outcome = experiment.run();

    assertThat(outcome.wakes()).isZero();
  }

  @Test
  void temporal_runsBothWorkloadsAndCountsWorkflowTasks() {
    try (TemporalWorkloads temporal = new TemporalWorkloads()) {

      TemporalWorkloads.Outcome sequential = temporal.sequential(3, 3);
      TemporalWorkloads.Outcome map = temporal.map(5);

      assertThat(sequential.workflowTasks()).isGreaterThanOrEqualTo(4);
      assertThat(sequential.stepCosts().get(0)).isPositive();
      assertThat(map.workflowTasks()).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void durableFunctions_runsBothWorkloadsThroughTheNodeScript() throws Exception {
    Path nodeDir = Path.of("node");
    assumeTrue(
        Files.exists(nodeDir.resolve("node_modules/.package-lock.json")),
        "the npm packages are installed by the build's generate-resources step");
    DurableFunctionsRunner runner = new DurableFunctionsRunner(nodeDir);
    DurableFunctionsRunner.Request sequential =
        runner.add(NoOpWorkflows.SEQUENTIAL, 3, 0, 1, List.of(3), false);
    DurableFunctionsRunner.Request map = runner.add(NoOpWorkflows.MAP, 4, 0, 1, List.of(), false);

    DurableFunctionsRunner.Outcome outcome =
        runner.run(Path.of("target/durable-functions-test.log"));

    assertThat(outcome.failure()).isNull();
    assertThat(outcome.errors()).isEmpty();
    assertThat(outcome.result(sequential).orElseThrow().stepCosts()).containsKey(3);
    assertThat(outcome.result(map).orElseThrow().invocations()).isPositive();
  }
}

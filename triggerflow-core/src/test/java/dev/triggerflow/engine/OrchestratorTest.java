package dev.triggerflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triggerflow.api.DurableFuture;
import dev.triggerflow.api.Registry;
import dev.triggerflow.api.TaskRef;
import dev.triggerflow.event.Event;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.history.HistoryEvent.TaskScheduled;
import dev.triggerflow.spi.LeaseOutcome;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import dev.triggerflow.spi.TaskInvocation;
import dev.triggerflow.testing.EngineHarness;
import dev.triggerflow.testing.TestWorkflows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrchestratorTest {
  private static final TaskRef<Integer, Integer> DOUBLE = TestWorkflows.DOUBLE;

  private final TestWorkflows.Add3 add3 = new TestWorkflows.Add3();

  private Registry registry() {
    return TestWorkflows.sequenceAndMap(add3)
        .workflow(
            "all-of-calls",
            Integer.class,
            Integer.class,
            (ctx, n) -> {
              List<DurableFuture<Integer>> fs = new ArrayList<>();
              for (int i = 0; i < n; i++) {
                fs.add(ctx.call(DOUBLE, i));
              }
              int sum = ctx.<Integer>allOf(fs).get().stream().mapToInt(Integer::intValue).sum();
              DurableFuture<Integer> again = ctx.call(DOUBLE, sum);
              return ctx.<Integer>allOf(List.of(again, ctx.call(DOUBLE, 1))).get().get(0);
            })
        .build();
  }

  @Test
  void allOfSeparateCalls_wakesOnceWhenTheLastFinishes() {
    EngineHarness h = new EngineHarness(registry());
    String run = h.start("all-of-calls", com.fasterxml.jackson.databind.node.IntNode.valueOf(5));

    h.runToQuiescence();

    assertThat(h.run(run).result().asInt()).isEqualTo(2 * 2 * (4 * 5 / 2));
    assertThat(h.run(run).episodes()).isEqualTo(3);
    assertThat(h.wakeCount).isEqualTo(3);
    assertThat(h.history(run)).filteredOn(HistoryEvent.CallsJoined.class::isInstance).hasSize(2);
  }

  @Test
  void sequence_runsEachTaskOnce_andWakesOncePerResult() {
    EngineHarness h = new EngineHarness(registry());
    String run = h.start("seq", null);

    h.runToQuiescence();

    RunRecord record = h.run(run);
    assertThat(record.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(record.result().asInt()).isEqualTo(6);
    assertThat(record.episodes()).isEqualTo(3);
    assertThat(h.wakeCount).isEqualTo(3);
    assertThat(add3.executions).containsOnlyKeys(0, 3);
    assertThat(add3.total()).isEqualTo(2);
  }

  @Test
  void map_wakesOnceForTheWholeMap() {
    EngineHarness h = new EngineHarness(registry());
    String run = h.start("map", com.fasterxml.jackson.databind.node.IntNode.valueOf(50));

    h.runToQuiescence();

    assertThat(h.run(run).result().asInt()).isEqualTo(2 * (49 * 50 / 2));
    assertThat(h.run(run).episodes()).isEqualTo(2);
    assertThat(h.wakeCount).isEqualTo(2);
  }

  @Test
  void duplicatedResultEvent_neitherDoubleCountsNorWakesTwice() {
    EngineHarness h = new EngineHarness(registry());
    String run = h.start("map", com.fasterxml.jackson.databind.node.IntNode.valueOf(3));
    h.performWakes();
    h.runTasks();
    List<Event> results = new ArrayList<>(h.events);
    h.events.clear();

    for (Event e : results) {
      h.processor.process(e);
      h.processor.process(e);
    }
    h.processor.process(results.get(0));

    assertThat(h.wakes).hasSize(1);
    h.runToQuiescence();
    assertThat(h.run(run).result().asInt()).isEqualTo(6);
    assertThat(h.wakeCount).isEqualTo(2);
  }

  @Test
  void eventArrivingWhileTheLeaseIsHeld_isPickedUpByTheHolder() {
    EngineHarness h = new EngineHarness(registry());
    String run = h.start("seq", null);
    h.performWakes();
    LeaseOutcome taken =
        h.stores.runs().acquireLease(run, "other-holder", h.clock.now(), Duration.ofMinutes(1));
    long observed = ((LeaseOutcome.Acquired) taken).run().wakeSeq();

    h.runTasks();
    h.deliverEvents();
    Orchestrator.WakeOutcome meanwhile = h.orchestrator.wake(h.wakes.poll());

    assertThat(meanwhile).isEqualTo(Orchestrator.WakeOutcome.LEASE_HELD);
    assertThat(
            h.stores
                .runs()
                .release(
                    run,
                    "other-holder",
                    observed,
                    dev.triggerflow.spi.RunUpdate.none(),
                    h.clock.now()))
        .isEqualTo(dev.triggerflow.spi.ReleaseOutcome.EVENTS_ARRIVED);
  }

  @Test
  void resultsArrivingDuringAWake_areProcessedBeforeTheLeaseIsReleased_evenIfWakesAreLost() {
    List<String> dropped = new ArrayList<>();
    // Tasks run inline, while the orchestrator still holds the lease, and every wake they cause
    // is dropped: only the release check can keep the run going.
    EngineHarness inline =
        new EngineHarness(registry()) {
          @Override
          public void invokeTask(TaskInvocation invocation) {
            processor.process(taskRunner.run(invocation));
          }

          @Override
          public void wakeOrchestrator(String runId) {
            dropped.add(runId);
          }
        };
    String run = inline.start("seq", null);

    inline.orchestrator.wake(run);

    assertThat(inline.run(run).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(inline.run(run).result().asInt()).isEqualTo(6);
    assertThat(dropped).isNotEmpty();
  }

  @Test
  void crashBetweenCommitAndDispatch_isRepairedByTheNextWake() {
    EngineHarness failing =
        new EngineHarness(registry()) {
          private boolean failed;

          @Override
          public void invokeTask(TaskInvocation invocation) {
            if (!failed) {
              failed = true;
              throw new IllegalStateException("simulated crash before dispatch");
            }
            super.invokeTask(invocation);
          }
        };
    String run = failing.start("seq", null);

    assertThatThrownBy(failing::performWakes).hasMessageContaining("simulated crash");
    List<HistoryEvent> committed = failing.history(run);
    failing.clock.advance(Duration.ofMinutes(2));
    failing.wakes.add(run);
    failing.runToQuiescence();

    assertThat(committed).hasAtLeastOneElementOfType(TaskScheduled.class);
    assertThat(failing.run(run).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(add3.total()).isEqualTo(2);
  }

  @Test
  void wakeOfAFinishedRun_changesNothing() {
    EngineHarness h = new EngineHarness(registry());
    String run = h.start("seq", null);
    h.runToQuiescence();
    int historySize = h.history(run).size();

    Orchestrator.WakeOutcome outcome = h.orchestrator.wake(run);

    assertThat(outcome).isEqualTo(Orchestrator.WakeOutcome.FINISHED);
    assertThat(h.history(run)).hasSize(historySize);
    assertThat(h.invocations).isEmpty();
  }

  @Test
  void replayWithoutCache_givesTheSameRunAsWithCache() {
    EngineHarness cached = new EngineHarness(registry());
    EngineHarness uncached =
        new EngineHarness(registry(), dev.triggerflow.store.memory.InMemoryStores.create(), 0);
    String a = cached.start("seq", null);
    String b = uncached.start("seq", null);

    cached.runToQuiescence();
    uncached.runToQuiescence();

    assertThat(cached.run(a).result()).isEqualTo(uncached.run(b).result());
    assertThat(cached.history(a)).hasSameSizeAs(uncached.history(b));
  }
}

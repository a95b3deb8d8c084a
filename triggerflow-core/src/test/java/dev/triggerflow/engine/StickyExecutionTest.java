package dev.triggerflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.triggerflow.api.Registry;
import dev.triggerflow.api.TaskRef;
import dev.triggerflow.spi.RunStatus;
import dev.triggerflow.store.memory.InMemoryStores;
import dev.triggerflow.testing.EngineHarness;
import dev.triggerflow.testing.TestWorkflows;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Workflow code kept parked between wakes instead of replayed from the top. */
class StickyExecutionTest {
  private static final TaskRef<Integer, Integer> ADD3 =
      TaskRef.of("add3", Integer.class, Integer.class);

  private final AtomicInteger fromTheTop = new AtomicInteger();

  private Registry registry() {
    return Registry.builder()
        .task(new TestWorkflows.Add3())
        .workflow(
            "steps",
            Integer.class,
            Integer.class,
            (ctx, n) -> {
              fromTheTop.incrementAndGet();
              int x = 0;
              for (int i = 0; i < n; i++) {
                x = ctx.call(ADD3, x).get();
              }
              return x;
            })
        .build();
  }

  private static long parkedThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("tf-workflow-") && t.isAlive())
        .count();
  }

  @Test
  void cachedRun_continuesParkedCode_insteadOfReplayingFromTheTop() {
    EngineHarness h = new EngineHarness(registry());
    String run = h.start("steps", IntNode.valueOf(20));

    h.runToQuiescence();

    assertThat(h.run(run).result().asInt()).isEqualTo(60);
    assertThat(h.run(run).episodes()).isEqualTo(21);
    assertThat(fromTheTop.get()).isEqualTo(1);
  }

  @Test
  void withoutCache_everyWakeReplaysFromTheTop_withTheSameResult() {
    EngineHarness h = new EngineHarness(registry(), InMemoryStores.create(), 0);
    String run = h.start("steps", IntNode.valueOf(20));

    h.runToQuiescence();

    assertThat(h.run(run).result().asInt()).isEqualTo(60);
    assertThat(fromTheTop.get()).isEqualTo(21);
  }

  @Test
  void anotherProcessAdvancedTheRun_parkedCodeIsDiscardedAndTheRunReplays() {
    EngineHarness first = new EngineHarness(registry());
    String run = first.start("steps", IntNode.valueOf(3));
    first.performWakes();
    first.runTasks();
    first.deliverEvents();
    EngineHarness second =
        new EngineHarness(registry(), first.stores, 16) {
          {
            invocations.addAll(first.invocations);
          }
        };

    second.wakes.addAll(first.wakes);
    first.wakes.clear();
    second.performWakes();
    second.runTasks();
    second.deliverEvents();
    first.wakes.addAll(second.wakes);
    second.wakes.clear();
    first.runToQuiescence();

    assertThat(first.run(run).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(first.run(run).result().asInt()).isEqualTo(9);
    assertThat(fromTheTop.get()).isEqualTo(3);
  }

  @Test
  void finishedRuns_leaveNoParkedThread() throws InterruptedException {
    long before = parkedThreads();
    EngineHarness h = new EngineHarness(registry());
    for (int i = 0; i < 10; i++) {
      h.start("steps", IntNode.valueOf(2));
    }

    h.runToQuiescence();
    Thread.sleep(200);

    assertThat(parkedThreads()).isLessThanOrEqualTo(before);
  }

  @Test
  void evictedRuns_releaseTheirThreads_andStillComplete() throws InterruptedException {
    long before = parkedThreads();
    EngineHarness h = new EngineHarness(registry(), InMemoryStores.create(), 2);
    for (int i = 0; i < 10; i++) {
      h.start("steps", IntNode.valueOf(3));
    }
    h.performWakes();
    Thread.sleep(200);
    long parkedWithSmallCache = parkedThreads() - before;

    h.runToQuiescence();

    assertThat(parkedWithSmallCache).isLessThanOrEqualTo(2);
    assertThat(h.stores.runs().list(dev.triggerflow.spi.RunQuery.all(20)).runs())
        .allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.COMPLETED));
  }
}

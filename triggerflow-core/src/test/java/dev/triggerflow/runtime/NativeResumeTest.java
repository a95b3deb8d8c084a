package dev.triggerflow.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.triggerflow.api.Registry;
import dev.triggerflow.nativeflow.NativeWorkflow;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import dev.triggerflow.spi.Stores;
import dev.triggerflow.store.memory.InMemoryStores;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A native run whose process stops while one of its steps runs: a second runtime on the same stores
 * resumes it, starts the lost step again, and the run completes. The first runtime stands for the
 * process that stopped: its step never returns while the second one works.
 */
class NativeResumeTest {
  private static NativeWorkflow dag() {
    return NativeWorkflow.builder("dag")
        .step("A", "inc")
        .step("B", "double")
        .step("C", "triple")
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
  }

  private static Registry registry(CountDownLatch bStarted, CountDownLatch bMayReturn) {
    return Registry.builder()
        .nativeWorkflow(dag())
        .task("inc", Integer.class, Integer.class, (ctx, x) -> x + 1)
        .task(
            "double",
            Integer.class,
            Integer.class,
            (ctx, x) -> {
              bStarted.countDown();
              bMayReturn.await();
              return 2 * x;
            })
        .task("triple", Integer.class, Integer.class, (ctx, x) -> 3 * x)
        .task(
            "sum",
            JsonNode.class,
            Integer.class,
            (ctx, xs) -> {
              int total = 0;
              for (JsonNode x : xs) {
                total += x.asInt();
              }
              return total;
            })
        .build();
  }

  /**
   * Polls the stores: the step that finishes the run may be carried out by either runtime, since
   * the first one's other branch may still be running when the second one resumes.
   */
  private static RunRecord awaitFinished(Stores stores, String run) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    RunRecord current = stores.runs().get(run).orElseThrow();
    while (!current.status().isTerminal() && System.nanoTime() < deadline) {
      Thread.sleep(20);
      current = stores.runs().get(run).orElseThrow();
    }
    return current;
  }

  @Test
  void nativeRunStoppedWhileAStepRan_isCarriedOnByResume() throws Exception {
    Stores stores = InMemoryStores.create();
    CountDownLatch stuckStarted = new CountDownLatch(1);
    CountDownLatch stuckMayReturn = new CountDownLatch(1);
    CountDownLatch open = new CountDownLatch(0);
    try (EmbeddedRuntime stopped =
            EmbeddedRuntime.builder()
                .registry(registry(stuckStarted, stuckMayReturn))
                .stores(stores)
                .build();
        EmbeddedRuntime resumed =
            EmbeddedRuntime.builder().registry(registry(open, open)).stores(stores).build()) {
      try {
        String run = stopped.start("dag", IntNode.valueOf(1));
        assertThat(stuckStarted.await(30, TimeUnit.SECONDS)).isTrue();

        assertThat(resumed.resume()).containsExactly(run);
        RunRecord done = awaitFinished(stores, run);

        assertThat(done.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(done.result().asInt()).isEqualTo(2 * 2 + 3 * 2);
        assertThat(resumed.history(run)).isEmpty();
      } finally {
        stuckMayReturn.countDown();
      }
    }
  }
}

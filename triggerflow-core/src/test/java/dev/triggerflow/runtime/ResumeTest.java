package dev.triggerflow.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.triggerflow.api.Registry;
import dev.triggerflow.api.TaskRef;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import dev.triggerflow.spi.Stores;
import dev.triggerflow.store.memory.InMemoryStores;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Resuming runs that no process carries on: every running run, or only the ones named. */
class ResumeTest {
  private static final TaskRef<Integer, Integer> INC =
      TaskRef.of("inc", Integer.class, Integer.class);

  private static Registry registry() {
    return Registry.builder()
        .task("inc", Integer.class, Integer.class, (ctx, x) -> x + 1)
        .workflow(
            "twice",
            Integer.class,
            Integer.class,
            (ctx, x) -> ctx.call(INC, ctx.call(INC, x).get()).get())
        .build();
  }

  /** A run as a starter leaves it when it stops between creating the run and waking it. */
  private static void orphan(Stores stores, String runId) {
    stores.runs().create(RunRecord.started(runId, "twice", IntNode.valueOf(1), Instant.now()));
  }

  @Test
  void resume_namedRuns_continuesThoseAndLeavesTheOthers() throws Exception {
    Stores stores = InMemoryStores.create();
    orphan(stores, "named");
    orphan(stores, "other");
    try (EmbeddedRuntime runtime =
        EmbeddedRuntime.builder().registry(registry()).stores(stores).build()) {

      List<String> resumed = runtime.resume(List.of("named"));
      RunRecord named = runtime.awaitCompletion("named", Duration.ofSeconds(30));
      runtime.awaitIdle(Duration.ofSeconds(30));

      assertThat(resumed).containsExactly("named");
      assertThat(named.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(named.result().asInt()).isEqualTo(3);
      RunRecord other = stores.runs().get("other").orElseThrow();
      assertThat(other.status()).isEqualTo(RunStatus.RUNNING);
      assertThat(other.episodes()).isZero();
    }
  }

  @Test
  void resume_everyRun_continuesAllThatAreRunning() throws Exception {
    Stores stores = InMemoryStores.create();
    orphan(stores, "first");
    orphan(stores, "second");
    try (EmbeddedRuntime runtime =
        EmbeddedRuntime.builder().registry(registry()).stores(stores).build()) {

      List<String> resumed = runtime.resume();

      assertThat(resumed).containsExactlyInAnyOrder("first", "second");
      assertThat(runtime.awaitCompletion("first", Duration.ofSeconds(30)).result().asInt())
          .isEqualTo(3);
      assertThat(runtime.awaitCompletion("second", Duration.ofSeconds(30)).result().asInt())
          .isEqualTo(3);
    }
  }
}

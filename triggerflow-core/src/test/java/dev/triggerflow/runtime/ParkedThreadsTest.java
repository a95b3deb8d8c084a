package dev.triggerflow.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.triggerflow.api.Registry;
import dev.triggerflow.spi.LeaseOutcome;
import dev.triggerflow.spi.ReleaseOutcome;
import dev.triggerflow.spi.RunPage;
import dev.triggerflow.spi.RunQuery;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import dev.triggerflow.spi.RunStore;
import dev.triggerflow.spi.RunUpdate;
import dev.triggerflow.spi.Stores;
import dev.triggerflow.store.memory.InMemoryStores;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Workflow code parked between wakes runs on a thread of its own. Those threads end when their run
 * leaves the cache for good: when the runtime closes, and when a wake fails after it took the run
 * out of the cache. Otherwise every such run would keep a thread until the process ends.
 */
class ParkedThreadsTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** Waits for two events, one after the other. */
  private static Registry registry() {
    return Registry.builder()
        .workflow(
            "two-events",
            Integer.class,
            Integer.class,
            (ctx, x) ->
                x
                    + ctx.waitForEvent("first", Integer.class).get()
                    + ctx.waitForEvent("second", Integer.class).get())
        .build();
  }

  private static long workflowThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("tf-workflow-"))
        .count();
  }

  /** The number of live workflow threads once it has settled at {@code expected}, or after 10 s. */
  private static long settledAt(long expected) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    long now = workflowThreads();
    while (now != expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
      now = workflowThreads();
    }
    return now;
  }

  @Test
  void closingTheRuntime_endsTheThreadsOfParkedRuns() throws Exception {
    long before = workflowThreads();
    EmbeddedRuntime runtime = EmbeddedRuntime.builder().registry(registry()).build();
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      runs.add(runtime.start("two-events", IntNode.valueOf(i), null));
    }
    runtime.awaitIdle(WAIT);
    assertThat(settledAt(before + 5)).as("one parked thread per waiting run").isEqualTo(before + 5);

    runtime.close();

    assertThat(settledAt(before)).isEqualTo(before);
    assertThat(runs).hasSize(5);
  }

  @Test
  void wakeThatFailsAfterTakingTheParkedRun_endsItsThreadAndTheRunGoesOn() throws Exception {
    AtomicBoolean failNextRelease = new AtomicBoolean();
    Stores memory = InMemoryStores.create();
    Stores stores =
        new Stores(
            new FailingRelease(memory.runs(), failNextRelease),
            memory.history(),
            memory.inbox(),
            memory.triggers(),
            memory.deadLetters());
    long before = workflowThreads();
    try (EmbeddedRuntime runtime =
        EmbeddedRuntime.builder().registry(registry()).stores(stores).build()) {
      String runId = runtime.start("two-events", IntNode.valueOf(1), null);
      runtime.awaitIdle(WAIT);
      assertThat(settledAt(before + 1)).isEqualTo(before + 1);

      failNextRelease.set(true);
      runtime.signal(runId, "first", IntNode.valueOf(10), "e-1");
      runtime.awaitIdle(WAIT);

      assertThat(failNextRelease).as("the release failed once").isFalse();
      assertThat(settledAt(before)).as("the failed wake's parked code ended").isEqualTo(before);

      // The run goes on: the next wake replays its history, the first event included.
      runtime.signal(runId, "second", IntNode.valueOf(100), "e-2");
      RunRecord run = runtime.awaitCompletion(runId, WAIT);
      assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(run.result().asInt()).isEqualTo(111);
    }
  }

  /** A run store whose next release fails once when armed, as a store that times out does. */
  private record FailingRelease(RunStore delegate, AtomicBoolean failNext) implements RunStore {
    @Override
    public boolean create(RunRecord run) {
      return delegate.create(run);
    }

    @Override
    public Optional<RunRecord> get(String runId) {
      return delegate.get(runId);
    }

    @Override
    public LeaseOutcome acquireLease(String runId, String owner, Instant now, Duration duration) {
      return delegate.acquireLease(runId, owner, now, duration);
    }

    @Override
    public Optional<RunRecord> recordEventArrival(String runId) {
      return delegate.recordEventArrival(runId);
    }

    @Override
    public ReleaseOutcome release(
        String runId, String owner, long observedWakeSeq, RunUpdate update, Instant now) {
      if (failNext.compareAndSet(true, false)) {
        throw new IllegalStateException("the store timed out");
      }
      return delegate.release(runId, owner, observedWakeSeq, update, now);
    }

    @Override
    public RunPage list(RunQuery query) {
      return delegate.list(query);
    }
  }
}

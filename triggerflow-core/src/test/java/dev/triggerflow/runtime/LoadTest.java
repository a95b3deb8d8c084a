package dev.triggerflow.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.triggerflow.api.Registry;
import dev.triggerflow.api.TaskRef;
import dev.triggerflow.spi.RunPage;
import dev.triggerflow.spi.RunQuery;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Load on the embedded runtime: 10,000 runs in flight at once, each making ten calls in a row, so
 * 100,000 task results pass through the bus and the trigger processor. Nothing may be lost: every
 * run completes with the right result and every call ran. The peak heap is measured and printed,
 * never asserted as a figure beyond a loose bound that catches leaks of whole histories.
 */
class LoadTest {
  private static final int RUNS = 10_000;
  private static final int STEPS = 10;
  private static final TaskRef<Integer, Integer> INC =
      TaskRef.of("inc", Integer.class, Integer.class);

  @Test
  void tenThousandConcurrentRuns_hundredThousandEvents_noneLost() throws Exception {
    AtomicInteger executions = new AtomicInteger();
    Registry registry =
        Registry.builder()
            .task(
                "inc",
                Integer.class,
                Integer.class,
                (ctx, x) -> {
                  executions.incrementAndGet();
                  return x + 1;
                })
            .workflow(
                "steps",
                Integer.class,
                Integer.class,
                (ctx, start) -> {
                  int x = start;
                  for (int i = 0; i < STEPS; i++) {
                    x = ctx.call(INC, x).get();
                  }
                  return x;
                })
            .build();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    AtomicLong peak = new AtomicLong();
    Thread sampler =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                  Thread.sleep(20);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    sampler.setDaemon(true);
    sampler.start();
    long started = System.nanoTime();

    try (EmbeddedRuntime runtime =
        EmbeddedRuntime.builder().registry(registry).orchestratorThreads(2).build()) {
      List<String> ids = new ArrayList<>(RUNS);
      for (int i = 0; i < RUNS; i++) {
        ids.add(runtime.start("steps", IntNode.valueOf(i)));
      }
      for (String id : ids) {
        runtime.awaitCompletion(id, Duration.ofMinutes(5));
      }
      sampler.interrupt();
      double seconds = (System.nanoTime() - started) / 1e9;

      int completed = 0;
      String token = null;
      do {
        RunPage page = runtime.list(new RunQuery("steps", null, 1000, token));
        for (RunRecord r : page.runs()) {
          assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
          int start =
              runtime.history(r.runId()).get(0)
                      instanceof dev.triggerflow.history.HistoryEvent.RunStarted s
                  ? s.input().asInt()
                  : -1;
          assertThat(r.result().asInt()).isEqualTo(start + STEPS);
          completed++;
        }
        token = page.nextPageToken();
      } while (token != null);

      assertThat(completed).isEqualTo(RUNS);
      assertThat(executions.get()).isGreaterThanOrEqualTo(RUNS * STEPS);
      assertThat(runtime.deadLetters(10)).isEmpty();
      System.out.printf(
          "load: %d runs, %d task results, %.1f s (%.0f results/s), task executions %d,"
              + " peak heap %d MiB%n",
          RUNS, RUNS * STEPS, seconds, RUNS * STEPS / seconds, executions.get(), peak.get() >> 20);
      assertThat(peak.get()).isLessThan(Runtime.getRuntime().maxMemory());
    }
  }
}

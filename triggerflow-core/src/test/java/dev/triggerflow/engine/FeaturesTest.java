package dev.triggerflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.triggerflow.api.DurableFuture;
import dev.triggerflow.api.Registry;
import dev.triggerflow.api.RetryPolicy;
import dev.triggerflow.api.TaskFailedException;
import dev.triggerflow.api.TaskRef;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.history.HistoryEvent.TaskAttemptFailed;
import dev.triggerflow.history.HistoryEvent.TaskRetried;
import dev.triggerflow.history.HistoryEvent.TimerFired;
import dev.triggerflow.history.HistoryEvent.TimerStarted;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import dev.triggerflow.store.memory.InMemoryStores;
import dev.triggerflow.testing.EngineHarness;
import dev.triggerflow.testing.TestWorkflows;
import dev.triggerflow.trigger.TriggerProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Timers, external events, retries, child workflows, continue-as-new and termination. */
class FeaturesTest {
  private static final TaskRef<Integer, Integer> ADD3 =
      TaskRef.of("add3", Integer.class, Integer.class);
  private static final TaskRef<Integer, Integer> FLAKY =
      TaskRef.of("flaky", Integer.class, Integer.class);
  private static final TaskRef<String, String> BOOM =
      TaskRef.of("boom", String.class, String.class);

  private final AtomicInteger flakyCalls = new AtomicInteger();
  private int failuresBeforeSuccess = 2;

  private Registry registry() {
    return Registry.builder()
        .task(new TestWorkflows.Add3())
        .task(new TestWorkflows.Boom())
        .task(
            "flaky",
            Integer.class,
            Integer.class,
            (ctx, x) -> {
              if (flakyCalls.incrementAndGet() <= failuresBeforeSuccess) {
                throw new java.io.UncheckedIOException(new java.io.IOException("flaky"));
              }
              return x * 10;
            })
        .workflow(
            "sleeper",
            Integer.class,
            String.class,
            (ctx, in) -> {
              ctx.sleep(Duration.ofDays(1));
              return "woke at " + ctx.now();
            })
        .workflow(
            "race",
            Integer.class,
            String.class,
            (ctx, in) -> {
              DurableFuture<Integer> task = ctx.call(ADD3, 1);
              DurableFuture<Void> timer = ctx.timer(Duration.ofMinutes(5));
              ctx.anyOf(List.of(task, timer)).get();
              return task.isDone() ? "task" : "timer";
            })
        .workflow(
            "approval",
            Integer.class,
            String.class,
            (ctx, in) -> {
              Optional<String> answer =
                  ctx.waitForEvent("approval", String.class, Duration.ofDays(1)).get();
              return answer.map(a -> "approved by " + a).orElse("timed out");
            })
        .workflow(
            "two-signals",
            Integer.class,
            String.class,
            (ctx, in) -> {
              String a = ctx.waitForEvent("item", String.class).get();
              String b = ctx.waitForEvent("item", String.class).get();
              return a + "," + b;
            })
        .workflow(
            "retrying",
            Integer.class,
            Integer.class,
            (ctx, in) -> ctx.call(FLAKY, 4, RetryPolicy.of(3, Duration.ofSeconds(10))).get())
        .workflow(
            "no-retry-on-boom",
            Integer.class,
            String.class,
            (ctx, in) -> {
              RetryPolicy policy =
                  RetryPolicy.of(5, Duration.ofSeconds(1))
                      .withNonRetryable(IllegalStateException.class);
              return ctx.call(BOOM, "x", policy).get();
            })
        .workflow(
            "parent",
            Integer.class,
            String.class,
            (ctx, in) -> {
              int child = ctx.callWorkflow("child", 5, Integer.class).get();
              try {
                ctx.callWorkflow("failing-child", 0, String.class).get();
                return "unexpected";
              } catch (TaskFailedException e) {
                return child + " / " + e.errorType();
              }
            })
        .workflow("child", Integer.class, Integer.class, (ctx, in) -> ctx.call(ADD3, in).get())
        .workflow(
            "failing-child",
            Integer.class,
            String.class,
            (ctx, in) -> {
              throw new IllegalArgumentException("child refuses");
            })
        .workflow(
            "countdown",
            Integer.class,
            Integer.class,
            (ctx, n) -> {
              int left = ctx.call(ADD3, n).get() - 4;
              if (left > 0) {
                ctx.continueAsNew(left);
              }
              return left;
            })
        .workflow(
            "endless",
            Integer.class,
            Integer.class,
            (ctx, in) -> {
              int x = 0;
              while (true) {
                x = ctx.call(ADD3, x).get();
              }
            })
        .workflow(
            "waits-on-child",
            Integer.class,
            String.class,
            (ctx, in) -> ctx.callWorkflow("sleeper", 0, String.class).get())
        .build();
  }

  private static long count(List<HistoryEvent> history, Class<?> kind) {
    return history.stream().filter(kind::isInstance).count();
  }

  @Test
  void sleep_waitsForTheTimer_withoutRunning() {
    EngineHarness h = new EngineHarness(registry());
    String run = h.start("sleeper", null);
    h.runToQuiescence();
    int wakesWhileWaiting = h.wakeCount;

    h.advance(Duration.ofHours(23));
    h.runToQuiescence();
    assertThat(h.run(run).status()).isEqualTo(RunStatus.RUNNING);
    h.advance(Duration.ofHours(1));
    h.runToQuiescence();

    assertThat(wakesWhileWaiting).isEqualTo(1);
    assertThat(h.run(run).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(h.run(run).result().asText()).isEqualTo("woke at 2026-01-02T00:00:00Z");
    assertThat(count(h.history(run), TimerStarted.class)).isEqualTo(1);
    assertThat(count(h.history(run), TimerFired.class)).isEqualTo(1);
  }

  @Test
  void timerInAnyOf_losesToAFasterTask_andIsCancelledWhenTheRunEnds() {
    EngineHarness h = new EngineHarness(registry());
    String run = h.start("race", null);

    h.runToQuiescence();

    assertThat(h.run(run).result().asText()).isEqualTo("task");
    assertThat(h.timers).isEmpty();
    assertThat(h.cancelledTimers).hasSize(1);
  }

  @Test
  void waitForEvent_receivesTheSignal() {
    EngineHarness h = new EngineHarness(registry());
    String run = h.start("approval", null);
    h.runToQuiescence();

    h.events.add(
        EngineEvents.externalEvent(run, "approval", TextNode.valueOf("ana"), "s1", h.clock.now()));
    h.runToQuiescence();

    assertThat(h.run(run).result().asText()).isEqualTo("approved by ana");
  }

  @Test
  void signalSentBeforeTheStartWake_whoseOwnWakeFoundTheLeaseHeld_isFoldedIntoTheStart() {
    EngineHarness h = new EngineHarness(registry());
    String run = h.start("approval", null);
    h.processor.process(
        EngineEvents.externalEvent(run, "approval", TextNode.valueOf("ana"), "s1", h.clock.now()));
    assertThat(h.wakes).containsExactly(run, run);
    // The signal's wake ran while the start wake held the lease, and so did nothing.
    h.wakes.removeLast();

    h.performWakes();
    h.runToQuiescence();

    assertThat(h.run(run).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(h.run(run).result().asText()).isEqualTo("approved by ana");
    assertThat(h.history(run).get(1)).isInstanceOf(HistoryEvent.EventReceived.class);
  }

  @Test
  void waitForEvent_timesOut_andALateSignalIsDropped() {
    EngineHarness h = new EngineHarness(registry());
    String run = h.start("approval", null);
    h.runToQuiescence();

    h.advance(Duration.ofDays(1));
    h.runToQuiescence();
    h.events.add(
        EngineEvents.externalEvent(run, "approval", TextNode.valueOf("bo"), "s1", h.clock.now()));
    TriggerProcessor.Outcome late = h.processor.process(h.events.poll());

    assertThat(h.run(run).result().asText()).isEqualTo("timed out");
    assertThat(late).isEqualTo(TriggerProcessor.Outcome.IGNORED);
  }

  @Test
  void signalsSentBeforeTheWait_areKeptInOrder_andDuplicatesDropped() {
    EngineHarness h = new EngineHarness(registry());
    String run = h.start("two-signals", null);
    h.events.add(
        EngineEvents.externalEvent(run, "item", TextNode.valueOf("a"), "i1", h.clock.now()));
    h.events.add(
        EngineEvents.externalEvent(run, "item", TextNode.valueOf("a"), "i1", h.clock.now()));
    h.events.add(
        EngineEvents.externalEvent(run, "item", TextNode.valueOf("b"), "i2", h.clock.now()));

    h.runToQuiescence();

    assertThat(h.run(run).result().asText()).isEqualTo("a,b");
  }

  @Test
  void retry_retriesWithDurableTimers_andRecordsEachAttempt() {
    EngineHarness h = new EngineHarness(registry());
    String run = h.start("retrying", null);
    h.runToQuiescence();
    assertThat(h.timers).hasSize(1);

    h.advance(Duration.ofSeconds(10));
    h.runToQuiescence();
    h.advance(Duration.ofSeconds(20));
    h.runToQuiescence();

    RunRecord record = h.run(run);
    assertThat(record.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(record.result().asInt()).isEqualTo(40);
    List<HistoryEvent> history = h.history(run);
    assertThat(history)
        .filteredOn(TaskAttemptFailed.class::isInstance)
        .extracting(e -> ((TaskAttemptFailed) e).attempt())
        .containsExactly(1, 2);
    assertThat(count(history, TaskRetried.class)).isEqualTo(2);
    assertThat(flakyCalls.get()).isEqualTo(3);
  }

  @Test
  void retry_exhausted_failsTheCallWithTheLastError() {
    failuresBeforeSuccess = 10;
    EngineHarness h = new EngineHarness(registry());
    String run = h.start("retrying", null);

    for (int i = 0; i < 5; i++) {
      h.runToQuiescence();
      h.advance(Duration.ofMinutes(5));
    }

    assertThat(h.run(run).status()).isEqualTo(RunStatus.FAILED);
    assertThat(h.run(run).errorMessage()).contains("UncheckedIOException", "flaky");
    assertThat(flakyCalls.get()).isEqualTo(3);
  }

  @Test
  void retry_nonRetryableError_failsAtOnce() {
    EngineHarness h = new EngineHarness(registry());
    String run = h.start("no-retry-on-boom", null);

    h.runToQuiescence();

    assertThat(h.run(run).status()).isEqualTo(RunStatus.FAILED);
    assertThat(h.timers).isEmpty();
    assertThat(count(h.history(run), TaskAttemptFailed.class)).isZero();
  }

  @Test
  void childWorkflows_returnTheirResults_andTheirFailures() {
    EngineHarness h = new EngineHarness(registry());
    String run = h.start("parent", null);

    h.runToQuiescence();

    assertThat(h.run(run).result().asText())
        .isEqualTo("8 / " + IllegalArgumentException.class.getName());
    RunRecord child = h.run(run + "-c1");
    assertThat(child.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(child.parentRunId()).isEqualTo(run);
    assertThat(child.parentCallId()).isEqualTo(1);
  }

  @Test
  void continueAsNew_startsAFreshRunWithBoundedHistory() {
    EngineHarness h = new EngineHarness(registry());
    String run = h.start("countdown", IntNode.valueOf(3));

    h.runToQuiescence();

    assertThat(h.run(run).status()).isEqualTo(RunStatus.CONTINUED_AS_NEW);
    assertThat(h.run(run).result().get("continuedAs").asText()).isEqualTo(run + "-n2");
    assertThat(h.run(run + "-n2").status()).isEqualTo(RunStatus.CONTINUED_AS_NEW);
    RunRecord last = h.run(run + "-n3");
    assertThat(last.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(last.result().asInt()).isZero();
    assertThat(h.history(run + "-n3")).hasSizeLessThan(10);
  }

  @Test
  void historyLimit_failsTheRunClearly() {
    EngineHarness h = new EngineHarness(registry(), InMemoryStores.create(), 16);
    Orchestrator small =
        new Orchestrator(
            registry(),
            h.stores,
            dev.triggerflow.spi.PayloadStore.inline(),
            h,
            h.events::addAll,
            h,
            h.clock,
            Duration.ofMinutes(1),
            new HistoryCache(16),
            null,
            40);
    String run = h.start("endless", null);

    for (int i = 0; i < 50 && !h.run(run).status().isTerminal(); i++) {
      while (!h.wakes.isEmpty()) {
        small.wake(h.wakes.poll());
      }
      h.runTasks();
      h.deliverEvents();
    }

    assertThat(h.run(run).status()).isEqualTo(RunStatus.FAILED);
    assertThat(h.run(run).errorType()).isEqualTo("HistoryLimitExceeded");
    assertThat(h.run(run).errorMessage()).contains("limit of 40", "continueAsNew");
  }

  @Test
  void terminate_stopsTheRun_cancelsTimers_andIgnoresLateEvents() {
    EngineHarness h = new EngineHarness(registry());
    String run = h.start("sleeper", null);
    h.runToQuiescence();
    Object timerEvent = h.timers.values().iterator().next().getValue();

    h.events.add(EngineEvents.terminateRequested(run, "no longer needed", h.clock.now()));
    h.runToQuiescence();
    TriggerProcessor.Outcome late = h.processor.process((dev.triggerflow.event.Event) timerEvent);

    RunRecord record = h.run(run);
    assertThat(record.status()).isEqualTo(RunStatus.TERMINATED);
    assertThat(record.errorMessage()).isEqualTo("no longer needed");
    assertThat(h.timers).isEmpty();
    assertThat(h.stores.triggers().list(run)).isEmpty();
    assertThat(late).isEqualTo(TriggerProcessor.Outcome.IGNORED);
  }

  @Test
  void terminate_propagatesToRunningChildren() {
    EngineHarness h = new EngineHarness(registry());
    String run = h.start("waits-on-child", null);
    h.runToQuiescence();

    h.events.add(EngineEvents.terminateRequested(run, "stop", h.clock.now()));
    h.runToQuiescence();

    assertThat(h.run(run).status()).isEqualTo(RunStatus.TERMINATED);
    assertThat(h.run(run + "-c1").status()).isEqualTo(RunStatus.TERMINATED);
    assertThat(h.timers).isEmpty();
  }
}

package dev.triggerflow.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.history.HistoryEvent.RunCompleted;
import dev.triggerflow.history.HistoryEvent.RunStarted;
import dev.triggerflow.history.HistoryEvent.TaskScheduled;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.Stores;
import dev.triggerflow.store.memory.InMemoryStores;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The simulation's checks can fail: with a defect planted in a store or in the task executor, some
 * early seed breaks the invariant the defect attacks, and the check reports it. A check that no
 * broken world can fail would prove nothing about the engine.
 */
class PlantedDefectsTest {
  private static final int SEEDS = 300;
  private static final Instant T0 = Simulation.START;

  /** The first seed, over the given scenarios, whose run breaks an invariant. */
  private static Optional<Simulation.Result> firstFailure(Mutation mutation, String... scenarios) {
    return firstFailure(SEEDS, mutation, scenarios);
  }

  /** The first of {@code seeds} seeds, over the given scenarios, whose run breaks an invariant. */
  private static Optional<Simulation.Result> firstFailure(
      int seeds, Mutation mutation, String... scenarios) {
    for (String name : scenarios) {
      Scenario s = Scenario.named(name);
      Checks.Outcome reference = Simulation.faultFree(s).outcome();
      Optional<Simulation.Result> failure =
          LongStream.rangeClosed(1, seeds)
              .mapToObj(seed -> Simulation.run(s, seed, reference, mutation))
              .filter(r -> !r.ok())
              .findFirst();
      if (failure.isPresent()) {
        return failure;
      }
    }
    return Optional.empty();
  }

  @Test
  void releaseThatIgnoresNewEvents_losesAWake_andTheRunIsReportedStuck() {
    // The window is narrow: an event must be stored and counted while the orchestrator runs, and
    // its own wake must find the lease still held. About one seed in 200 opens it.
    Optional<Simulation.Result> failure =
        firstFailure(2_000, Mutation.RELEASE_IGNORES_WAKE_SEQ, "sequence", "saga-failure", "flaky");

    assertThat(failure).isPresent();
    assertThat(failure.get().violations()).anyMatch(v -> v.contains("is stuck"));
  }

  @Test
  void triggersThatForgetSeenEvents_countDuplicates_andTheJoinFiresEarly() {
    Optional<Simulation.Result> failure = firstFailure(Mutation.TRIGGERS_FORGET_SEEN_EVENTS, "pi");

    assertThat(failure).isPresent();
    assertThat(failure.get().violations()).anyMatch(v -> v.contains("is stuck"));
  }

  @Test
  void triggerReplaceWithoutAVersionCheck_losesUpdates_andIsCaught() {
    Optional<Simulation.Result> failure =
        firstFailure(Mutation.TRIGGER_REPLACE_IGNORES_VERSION, "pi", "dag");

    assertThat(failure).isPresent();
  }

  @Test
  void executorReusingAKeyForAnotherCall_isCaughtByTheLedger() {
    Optional<Simulation.Result> failure = firstFailure(Mutation.EXECUTOR_REUSES_KEYS, "pi");

    assertThat(failure).isPresent();
    assertThat(failure.get().violations()).anyMatch(v -> v.contains("idempotency key"));
  }

  @Test
  void historyThatIsRewritten_isReported() {
    Checks checks = new Checks(new Trace(), InMemoryStores.create());
    HistoryEvent start = new RunStarted(0, "sequence", IntNode.valueOf(0), T0);

    checks.onHistory("r", List.of(start, scheduled(1, 0)));
    checks.onHistory("r", List.of(start, scheduled(1, 5)));

    assertThat(checks.violations()).anyMatch(v -> v.contains("was rewritten"));
  }

  @Test
  void episodeAppendedAfterTheRunFinished_isReported() {
    Checks checks = new Checks(new Trace(), InMemoryStores.create());

    checks.onAppend("r", 1, List.of(new RunCompleted(1, IntNode.valueOf(6), T0)));
    checks.onAppend("r", 2, List.of(new HistoryEvent.EpisodeStarted(2, T0)));

    assertThat(checks.violations()).anyMatch(v -> v.contains("appended after the run finished"));
  }

  @Test
  void historyWithACallIdGap_isReportedCorrupt() {
    Stores stores = InMemoryStores.create();
    Scenario sequence = Scenario.named("sequence");
    stores.runs().create(RunRecord.started(sequence.runId(), "sequence", IntNode.valueOf(0), T0));
    stores
        .history()
        .append(
            sequence.runId(),
            0,
            List.of(new RunStarted(0, "sequence", IntNode.valueOf(0), T0), scheduled(2, 0)));
    Checks checks = new Checks(new Trace(), stores);

    checks.atEnd(sequence, new Ledger(), null);

    assertThat(checks.violations()).anyMatch(v -> v.contains("corrupt history"));
  }

  private static TaskScheduled scheduled(int callId, int input) {
    return new TaskScheduled(0, callId, callId, "my_function", IntNode.valueOf(input));
  }
}

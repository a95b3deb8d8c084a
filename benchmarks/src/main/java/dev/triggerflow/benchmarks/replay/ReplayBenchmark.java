package dev.triggerflow.benchmarks.replay;

import dev.triggerflow.api.WorkflowDefinition;
import dev.triggerflow.benchmarks.triggerflow.NoOpWorkflows;
import dev.triggerflow.engine.HistoryIndex;
import dev.triggerflow.engine.ReplayOutcome;
import dev.triggerflow.engine.Replayer;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.spi.PayloadStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The replay of a finished history, and the indexing that precedes it on a wake that finds no
 * cached history. A wake of a sequential run at step k replays a history like {@code sequential}
 * with k calls, so the time per event here is what each step adds to every later wake.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ReplayBenchmark {
  private static final PayloadStore PAYLOADS = PayloadStore.inline();

  /** The number of calls in the history. */
  @Param({"1000", "10000", "100000"})
  public int calls;

  private WorkflowDefinition<?, ?> sequentialDefinition;
  private WorkflowDefinition<?, ?> mapDefinition;
  private List<HistoryEvent> sequentialEvents;
  private HistoryIndex sequentialHistory;
  private HistoryIndex mapHistory;

  /** Builds the histories once per trial; a replay only reads them. */
  @Setup
  public void buildHistories() {
    sequentialDefinition = SyntheticHistories.definition(NoOpWorkflows.SEQUENTIAL);
    mapDefinition = SyntheticHistories.definition(NoOpWorkflows.MAP);
    sequentialEvents = SyntheticHistories.sequential(calls);
    sequentialHistory = HistoryIndex.of(sequentialEvents);
    mapHistory = HistoryIndex.of(SyntheticHistories.map(calls));
    requireCompleted(replaySequential());
    requireCompleted(replayMap());
  }

  private static void requireCompleted(ReplayOutcome outcome) {
    if (!(outcome instanceof ReplayOutcome.Completed)) {
      throw new IllegalStateException(
          "the synthetic history did not replay to the end: " + outcome);
    }
  }

  /** Replays the sequential workflow over {@code 3 × calls + 1} events. */
  @Benchmark
  public ReplayOutcome replaySequential() {
    return Replayer.replay(
        sequentialDefinition, SyntheticHistories.RUN_ID, sequentialHistory, PAYLOADS);
  }

  /** Replays the map workflow over {@code 2 × calls + 2} events. */
  @Benchmark
  public ReplayOutcome replayMap() {
    return Replayer.replay(mapDefinition, SyntheticHistories.RUN_ID, mapHistory, PAYLOADS);
  }

  /** Indexes the sequential history, as a wake without a cached history does after reading it. */
  @Benchmark
  public HistoryIndex indexSequential() {
    return HistoryIndex.of(sequentialEvents);
  }
}

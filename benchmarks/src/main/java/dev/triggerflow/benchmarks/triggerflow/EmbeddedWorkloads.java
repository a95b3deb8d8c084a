package dev.triggerflow.benchmarks.triggerflow;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.triggerflow.benchmarks.StepClock;
import dev.triggerflow.runtime.EmbeddedRuntime;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import dev.triggerflow.spi.Stores;
import dev.triggerflow.store.sqlite.SqliteStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The workloads on the embedded runtime as a user gets it from its builder (default thread pools,
 * history cache and lease), on the in-memory store or on a SQLite file in a temporary directory.
 * One instance serves the warm-up and measured runs of one size, so later runs find the JIT warm.
 */
public final class EmbeddedWorkloads implements AutoCloseable {
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(30);

  private final StepClock clock = new StepClock();
  private final EmbeddedRuntime runtime;
  private final SqliteStores sqlite;
  private final Path directory;

  private EmbeddedWorkloads(Stores stores, SqliteStores sqlite, Path directory) {
    this.runtime =
        EmbeddedRuntime.builder().registry(NoOpWorkflows.registry(clock)).stores(stores).build();
    this.sqlite = sqlite;
    this.directory = directory;
  }

  /** The runtime on its default, in-memory store. */
  public static EmbeddedWorkloads inMemory() {
    return new EmbeddedWorkloads(null, null, null);
  }

  /** The runtime on a SQLite file in a new temporary directory, removed on close. */
  public static EmbeddedWorkloads sqlite() {
    try {
      Path dir = Files.createTempDirectory("triggerflow-bench-");
      SqliteStores stores = SqliteStores.open(dir);
      return new EmbeddedWorkloads(stores.stores(), stores, dir);
    } catch (IOException e) {
      throw new UncheckedIOException("could not create a directory for the SQLite store", e);
    }
  }

  /**
   * What one run took.
   *
   * @param nanos from the start request to the completed run record
   * @param episodes how many times the orchestrator ran the workflow's code
   * @param stepCosts for a sequential run, the cost of each step asked for, in nanoseconds
   */
  public record Outcome(long nanos, int episodes, List<Double> stepCosts) {}

  /**
   * Runs one workflow to completion and checks that it did all its calls.
   *
   * @param stepsAt the steps whose cost to report (sequential runs); steps past {@code n} give 0
   */
  public Outcome run(String workflow, int n, int... stepsAt)
      throws InterruptedException, TimeoutException {
    clock.reset(n);
    long start = System.nanoTime();
    String runId = runtime.start(workflow, IntNode.valueOf(n));
    RunRecord done = runtime.awaitCompletion(runId, RUN_TIMEOUT);
    long nanos = System.nanoTime() - start;
    clock.finish(n);
    if (done.status() != RunStatus.COMPLETED || done.result().asInt() != n) {
      throw new IllegalStateException(
          "run "
              + runId
              + " of "
              + workflow
              + "("
              + n
              + ") ended "
              + done.status()
              + " with "
              + done.result()
              + ": "
              + done.errorMessage());
    }
    List<Double> costs = new ArrayList<>();
    for (int k : stepsAt) {
      costs.add(k <= n ? clock.stepCost(k, n) : 0.0);
    }
    // Deletes and releases that trail the completion must not spill into the next measurement.
    runtime.awaitIdle(RUN_TIMEOUT);
    return new Outcome(nanos, done.episodes(), costs);
  }

  @Override
  public void close() {
    runtime.close();
    if (sqlite != null) {
      sqlite.close();
    }
    if (directory != null) {
      deleteQuietly(directory);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A temporary directory left behind is not worth failing a benchmark run for.
    }
  }
}

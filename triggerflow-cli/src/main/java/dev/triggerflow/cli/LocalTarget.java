package dev.triggerflow.cli;

import dev.triggerflow.client.WorkflowClient;
import dev.triggerflow.runtime.EmbeddedRuntime;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.Stores;
import dev.triggerflow.store.sqlite.SqliteStores;
import dev.triggerflow.store.sqlite.StoreLockedException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/** The embedded runtime on the SQLite file store under the CLI's state directory. */
final class LocalTarget extends Target {
  private final SqliteStores stores;
  private final EmbeddedRuntime runtime;

  private LocalTarget(SqliteStores stores) {
    this.stores = stores;
    this.runtime =
        EmbeddedRuntime.builder().registry(Registries.discover()).stores(stores.stores()).build();
  }

  static LocalTarget open(Path dir) {
    try {
      return new LocalTarget(SqliteStores.open(dir));
    } catch (StoreLockedException e) {
      throw new StoreBusyException(e.getMessage(), e);
    }
  }

  EmbeddedRuntime runtime() {
    return runtime;
  }

  @Override
  WorkflowClient client() {
    return runtime;
  }

  @Override
  RunRecord awaitFor(String runId, Duration slice) throws TimeoutException, InterruptedException {
    return runtime.awaitCompletion(runId, slice);
  }

  /**
   * Lets the work this process started finish (tasks, event deliveries, wakes) before it exits;
   * what then remains is waiting on timers or outside events, and is kept in the store.
   */
  @Override
  void settle() throws InterruptedException {
    runtime.awaitIdle(Duration.ofMinutes(10));
  }

  /**
   * Starts again every call that was started and has no result, and wakes each run, as {@link
   * EmbeddedRuntime#resume(java.util.Collection)} does.
   */
  @Override
  List<String> resume(List<String> runIds) {
    for (String id : runIds) {
      requireRunning(runtime, id);
    }
    return runtime.resume(runIds.isEmpty() ? null : runIds);
  }

  @Override
  boolean runsWithoutThisProcess() {
    return false;
  }

  @Override
  Optional<Stores> progressStores() {
    return Optional.of(runtime.stores());
  }

  @Override
  public void close() {
    runtime.close();
    stores.close();
  }
}

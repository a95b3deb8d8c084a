package dev.triggerflow.cli;

import dev.triggerflow.api.Registry;
import dev.triggerflow.runtime.EmbeddedRuntime;
import dev.triggerflow.store.sqlite.SqliteStores;
import dev.triggerflow.store.sqlite.StoreLockedException;
import java.nio.file.Path;

/** The embedded runtime on the SQLite file store under the CLI's state directory. */
final class LocalRuntime implements AutoCloseable {
  private final SqliteStores stores;
  private final EmbeddedRuntime runtime;
  private final Registry registry;

  private LocalRuntime(SqliteStores stores, Registry registry) {
    this.stores = stores;
    this.registry = registry;
    this.runtime = EmbeddedRuntime.builder().registry(registry).stores(stores.stores()).build();
  }

  static LocalRuntime open(Path dir) {
    SqliteStores stores;
    try {
      stores = SqliteStores.open(dir);
    } catch (StoreLockedException e) {
      throw new StoreBusyException(e.getMessage(), e);
    }
    return new LocalRuntime(stores, Registries.discover());
  }

  EmbeddedRuntime runtime() {
    return runtime;
  }

  Registry registry() {
    return registry;
  }

  /**
   * Lets the work this process started finish (tasks, event deliveries, wakes) before it exits;
   * what then remains is waiting on timers or outside events, and is kept in the store.
   */
  void settle() throws InterruptedException {
    runtime.awaitIdle(java.time.Duration.ofMinutes(10));
  }

  @Override
  public void close() {
    runtime.close();
    stores.close();
  }
}

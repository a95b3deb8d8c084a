package dev.triggerflow.store.sqlite;

import java.nio.file.Path;

/**
 * The store directory is in use: another process, or another {@link SqliteStores} of this one,
 * holds its lock. Two writers would break the one-orchestrator-per-run lease, so the second one is
 * refused rather than made to wait.
 */
public final class StoreLockedException extends SqliteStoreException {
  private static final long serialVersionUID = 1L;

  private final transient Path directory;

  StoreLockedException(Path directory, String message) {
    super(message);
    this.directory = directory;
  }

  static StoreLockedException byAnotherProcess(Path directory, String holder) {
    return new StoreLockedException(
        directory,
        "another triggerflow process is using "
            + directory
            + "; wait for it to finish or stop it"
            + (holder.isEmpty() ? "" : " (pid " + holder + ")"));
  }

  static StoreLockedException byThisProcess(Path directory) {
    return new StoreLockedException(
        directory,
        "the store in "
            + directory
            + " is already open in this process; use that one, or close it first");
  }

  /** The directory that is in use. */
  public Path directory() {
    return directory;
  }
}

package dev.triggerflow.store.sqlite;

import dev.triggerflow.spi.Stores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable local stores: runs, histories, pending events, triggers and dead letters in one
 * SQLite file, so that runs survive the process and can be inspected after it exits.
 *
 * <p>One process at a time owns a store directory. Opening takes an exclusive lock on a file in the
 * directory and fails if another process holds it. Because holding the lock proves that no other
 * process works on these runs, opening also clears every run lease left behind by a process that
 * died, so that its runs can be resumed at once instead of after their leases expire.
 *
 * <p>Within the process the stores are safe for concurrent use; each operation is one SQLite
 * transaction.
 */
public final class SqliteStores implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SqliteStores.class);

  /** The database file in the store directory. */
  public static final String DATABASE_FILE = "triggerflow.db";

  /** The file whose lock marks the directory as in use. */
  public static final String LOCK_FILE = "triggerflow.lock";

  /** The store directories this process has open, by real path. */
  private static final Set<Path> OPEN_IN_THIS_PROCESS = ConcurrentHashMap.newKeySet();

  private final Path directory;
  private final FileChannel lockChannel;
  private final Database db;
  private final SqliteRunStore runs;
  private final Stores stores;
  private final AtomicBoolean closed = new AtomicBoolean();

  private SqliteStores(Path directory, FileChannel lockChannel, Database db) {
    this.directory = directory;
    this.lockChannel = lockChannel;
    this.db = db;
    this.runs = new SqliteRunStore(db);
    this.stores =
        new Stores(
            runs,
            new SqliteHistoryStore(db),
            new SqliteInboxStore(db),
            new SqliteTriggerStore(db),
            new SqliteDeadLetterStore(db));
  }

  /**
   * Opens the store in {@code directory}, creating the directory and the database if they do not
   * exist, and clears the run leases a dead process left behind.
   *
   * @throws StoreLockedException if another process (or another open store of this one) is using
   *     the directory
   * @throws SqliteStoreException if the database cannot be opened or was written by a newer version
   * @throws UncheckedIOException if the directory or the lock file cannot be created
   */
  public static SqliteStores open(Path directory) {
    Path dir = createDirectory(directory);
    // Checked before a second channel on the lock file is opened: on some systems closing any
    // channel on a file drops every lock this process holds on it, the first store's included.
    if (!OPEN_IN_THIS_PROCESS.add(dir)) {
      throw StoreLockedException.byThisProcess(dir);
    }
    try {
      return openLocked(dir);
    } catch (RuntimeException e) {
      OPEN_IN_THIS_PROCESS.remove(dir);
      throw e;
    }
  }

  private static Path createDirectory(Path directory) {
    try {
      return Files.createDirectories(directory.toAbsolutePath().normalize()).toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the store directory " + directory, e);
    }
  }

  private static SqliteStores openLocked(Path dir) {
    FileChannel channel;
    try {
      channel =
          FileChannel.open(
              dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the lock file in " + dir, e);
    }
    try {
      lockOrFail(dir, channel);
      recordOwner(channel);
      return openDatabase(dir, channel);
    } catch (IOException e) {
      UncheckedIOException failure = new UncheckedIOException("cannot lock the store in " + dir, e);
      closeAfterFailure(channel, failure);
      throw failure;
    } catch (RuntimeException e) {
      closeAfterFailure(channel, e);
      throw e;
    }
  }

  private static SqliteStores openDatabase(Path dir, FileChannel channel) {
    Database db;
    try {
      db = Database.open(dir.resolve(DATABASE_FILE));
    } catch (SQLException e) {
      throw new SqliteStoreException(
          "cannot open the SQLite database in " + dir + ": " + e.getMessage(), e);
    }
    try {
      SqliteStores opened = new SqliteStores(dir, channel, db);
      opened.prepare();
      return opened;
    } catch (RuntimeException e) {
      closeAfterFailure(db, e);
      throw e;
    }
  }

  private static void lockOrFail(Path dir, FileChannel channel) throws IOException {
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      throw StoreLockedException.byThisProcess(dir);
    }
    if (lock == null) {
      throw StoreLockedException.byAnotherProcess(dir, holderOf(dir));
    }
  }

  /** Writes this process's id into the lock file, for the message another process shows. */
  private static void recordOwner(FileChannel channel) throws IOException {
    channel.truncate(0);
    channel.write(
        ByteBuffer.wrap(
            Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)),
        0);
  }

  /** The process id the lock holder wrote, or empty when it cannot be read. */
  private static String holderOf(Path dir) {
    try {
      String pid = Files.readString(dir.resolve(LOCK_FILE), StandardCharsets.UTF_8).trim();
      return pid.matches("[0-9]{1,19}") ? pid : "";
    } catch (IOException e) {
      // Some systems refuse to read a file another process has locked; the pid is only a hint.
      return "";
    }
  }

  /** Closes what an open that failed had opened; closing the lock channel releases the lock. */
  private static void closeAfterFailure(AutoCloseable resource, RuntimeException failure) {
    try {
      resource.close();
    } catch (Exception e) {
      failure.addSuppressed(e);
    }
  }

  /** Brings the schema up to date and clears the leases of the previous owner. */
  private void prepare() {
    int from = db.write("prepare the schema", () -> Schema.migrate(db, directory.toString()));
    if (from == 0) {
      log.info("created a new store in {} (schema version {})", directory, Schema.CURRENT);
    } else if (from < Schema.CURRENT) {
      log.info(
          "upgraded the store in {} from schema version {} to {}", directory, from, Schema.CURRENT);
    }
    int cleared = db.write("clear leases left by a stopped process", runs::clearLeases);
    if (cleared > 0) {
      log.info(
          "cleared the leases of {} runs in {}, left by a process that stopped",
          cleared,
          directory);
    }
  }

  /** The stores; valid until {@link #close}. */
  public Stores stores() {
    return stores;
  }

  /** The store directory, as a real (absolute, resolved) path. */
  public Path directory() {
    return directory;
  }

  /** Closes the database and lets go of the directory; later store operations fail. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    RuntimeException failure = null;
    try {
      db.close();
    } catch (RuntimeException e) {
      failure = e;
    }
    // Closing the channel releases the lock; it must happen even when the database would not close.
    try {
      lockChannel.close();
    } catch (IOException e) {
      UncheckedIOException unlock =
          new UncheckedIOException("cannot release the lock on " + directory, e);
      if (failure == null) {
        failure = unlock;
      } else {
        failure.addSuppressed(unlock);
      }
    }
    OPEN_IN_THIS_PROCESS.remove(directory);
    if (failure != null) {
      throw failure;
    }
  }
}

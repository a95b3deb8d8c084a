package dev.triggerflow.store.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * One SQLite connection shared by the stores of one {@link SqliteStores}, with its prepared
 * statements. Every operation runs under one lock: SQLite allows a single writer at a time anyway,
 * and one connection keeps prepared statements reusable and the lease logic free of busy retries
 * between threads of this process.
 */
final class Database implements AutoCloseable {
  /**
   * How long to wait for a lock held by another connection, such as an inspecting sqlite3 shell.
   */
  private static final int BUSY_TIMEOUT_MILLIS = 10_000;

  private final Path file;
  private final Connection connection;
  private final Statement control;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private boolean closed;

  /** A step of work on the connection. */
  @FunctionalInterface
  interface Work<T> {
    T run() throws SQLException;
  }

  private Database(Path file, Connection connection) throws SQLException {
    this.file = file;
    this.connection = connection;
    this.control = connection.createStatement();
  }

  /** Opens (creating if needed) the database file in WAL mode. */
  static Database open(Path file) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    // In WAL mode NORMAL survives a crash of the process; only a power loss can lose the last
    // commits, and tasks are at-least-once, so a lost commit means a task runs again.
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    Connection connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try {
      return new Database(file, connection);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /**
   * Runs {@code work} under the lock without a transaction: for a single statement, which SQLite
   * runs atomically on its own.
   */
  <T> T read(String what, Work<T> work) {
    lock.lock();
    try {
      requireOpen();
      return work.run();
    } catch (SQLException e) {
      throw failure(what, e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs {@code work} in one write transaction, taken at its start ({@code BEGIN IMMEDIATE}) so
   * that what it reads cannot change before it writes. An exception rolls everything back.
   */
  <T> T write(String what, Work<T> work) {
    lock.lock();
    try {
      requireOpen();
      control.execute("BEGIN IMMEDIATE");
      T result;
      try {
        result = work.run();
      } catch (SQLException | RuntimeException e) {
        rollback(e);
        throw e;
      }
      control.execute("COMMIT");
      return result;
    } catch (SQLException e) {
      throw failure(what, e);
    } finally {
      lock.unlock();
    }
  }

  private void rollback(Exception cause) {
    try {
      control.execute("ROLLBACK");
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * A prepared statement for {@code sql}, prepared once; call only inside {@link #read} or {@link
   * #write}.
   */
  PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement statement = statements.get(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      statements.put(sql, statement);
    }
    statement.clearParameters();
    return statement;
  }

  /**
   * Runs a statement that takes no parameters; call only inside {@link #read} or {@link #write}.
   */
  void execute(String sql) throws SQLException {
    control.execute(sql);
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the SQLite store " + file + " is closed");
    }
  }

  private SqliteStoreException failure(String what, SQLException e) {
    return new SqliteStoreException(
        "SQLite store " + file + ": cannot " + what + ": " + e.getMessage(), e);
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      List<AutoCloseable> resources = new ArrayList<>(statements.values());
      resources.add(control);
      resources.add(connection);
      statements.clear();
      SqliteStoreException failure = null;
      for (AutoCloseable resource : resources) {
        try {
          resource.close();
        } catch (Exception e) {
          if (failure == null) {
            failure =
                new SqliteStoreException(
                    "SQLite store " + file + ": cannot close: " + e.getMessage(), e);
          } else {
            failure.addSuppressed(e);
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
    } finally {
      lock.unlock();
    }
  }
}

package dev.triggerflow.store.sqlite;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The tables of the SQLite store and the steps that bring an older file up to date. A file records
 * its version in {@code schema_version}; a new file is version 0, and step {@code i} of {@link
 * #MIGRATIONS} takes a file from version {@code i} to {@code i + 1}. A later change adds a step; it
 * never edits one that has shipped.
 *
 * <p>Units: instants a listing sorts by are two integers, epoch seconds and the nanoseconds within
 * that second; other instants are ISO-8601 text; JSON columns hold JSON text, and a SQL NULL in one
 * means the value was absent (not JSON {@code null}).
 */
final class Schema {
  private static final List<List<String>> MIGRATIONS =
      List.of(
          List.of(
              "CREATE TABLE runs ("
                  + " run_id TEXT NOT NULL PRIMARY KEY,"
                  + " workflow TEXT NOT NULL,"
                  + " input TEXT,"
                  + " status TEXT NOT NULL,"
                  + " result TEXT,"
                  + " error_type TEXT,"
                  + " error_message TEXT,"
                  + " created_s INTEGER NOT NULL,"
                  + " created_ns INTEGER NOT NULL,"
                  + " updated_at TEXT NOT NULL,"
                  + " wake_seq INTEGER NOT NULL,"
                  + " lease_owner TEXT,"
                  + " lease_expires_at TEXT,"
                  + " history_length INTEGER NOT NULL,"
                  + " dispatched_through INTEGER NOT NULL,"
                  + " episodes INTEGER NOT NULL,"
                  + " parent_run_id TEXT,"
                  + " parent_call_id INTEGER NOT NULL)",
              "CREATE INDEX runs_newest ON runs (created_s DESC, created_ns DESC, run_id DESC)",
              "CREATE INDEX runs_by_workflow"
                  + " ON runs (workflow, created_s DESC, created_ns DESC, run_id DESC)",
              "CREATE INDEX runs_by_status"
                  + " ON runs (status, created_s DESC, created_ns DESC, run_id DESC)",
              "CREATE TABLE history ("
                  + " run_id TEXT NOT NULL,"
                  + " episode INTEGER NOT NULL,"
                  + " events TEXT NOT NULL,"
                  + " PRIMARY KEY (run_id, episode))",
              "CREATE TABLE inbox ("
                  + " seq INTEGER PRIMARY KEY,"
                  + " run_id TEXT NOT NULL,"
                  + " event_id TEXT NOT NULL,"
                  + " event TEXT NOT NULL,"
                  + " UNIQUE (run_id, event_id))",
              "CREATE INDEX inbox_by_run ON inbox (run_id, seq)",
              "CREATE TABLE triggers ("
                  + " run_id TEXT NOT NULL,"
                  + " trigger_id TEXT NOT NULL,"
                  + " version INTEGER NOT NULL,"
                  + " subjects TEXT NOT NULL,"
                  + " body TEXT NOT NULL,"
                  + " PRIMARY KEY (run_id, trigger_id))",
              "CREATE TABLE trigger_subjects ("
                  + " run_id TEXT NOT NULL,"
                  + " subject TEXT NOT NULL,"
                  + " trigger_id TEXT NOT NULL,"
                  + " PRIMARY KEY (run_id, subject, trigger_id)) WITHOUT ROWID",
              "CREATE INDEX trigger_subjects_by_trigger ON trigger_subjects (run_id, trigger_id)",
              "CREATE TABLE dead_letters ("
                  + " seq INTEGER PRIMARY KEY,"
                  + " id TEXT,"
                  + " time TEXT,"
                  + " reason TEXT,"
                  + " run_id TEXT,"
                  + " payload TEXT)"),
          List.of("ALTER TABLE runs ADD COLUMN first_open_call INTEGER NOT NULL DEFAULT 0"));

  /** The version this code reads and writes. */
  static final int CURRENT = MIGRATIONS.size();

  private Schema() {}

  /**
   * Creates or upgrades the schema; call inside a write transaction.
   *
   * @return the version the file had before, 0 for a new file
   * @throws SqliteStoreException if the file was written by a newer version
   */
  static int migrate(Database db, String where) throws SQLException {
    db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
    int found = currentVersion(db);
    if (found > CURRENT) {
      throw new SqliteStoreException(
          "the store in "
              + where
              + " has schema version "
              + found
              + ", written by a newer triggerflow; this one reads up to version "
              + CURRENT
              + ": upgrade triggerflow, or use another directory");
    }
    int from = Math.max(found, 0);
    for (int version = from; version < CURRENT; version++) {
      for (String statement : MIGRATIONS.get(version)) {
        db.execute(statement);
      }
    }
    if (found < 0) {
      PreparedStatement insert = db.prepare("INSERT INTO schema_version (version) VALUES (?)");
      insert.setInt(1, CURRENT);
      insert.executeUpdate();
    } else if (from < CURRENT) {
      PreparedStatement update = db.prepare("UPDATE schema_version SET version = ?");
      update.setInt(1, CURRENT);
      update.executeUpdate();
    }
    return from;
  }

  /** The recorded version, or -1 for a file that has none yet (a new file). */
  private static int currentVersion(Database db) throws SQLException {
    PreparedStatement select = db.prepare("SELECT MAX(version), COUNT(*) FROM schema_version");
    try (ResultSet rs = select.executeQuery()) {
      rs.next();
      return rs.getInt(2) == 0 ? -1 : rs.getInt(1);
    }
  }
}

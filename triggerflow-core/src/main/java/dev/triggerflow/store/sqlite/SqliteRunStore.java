package dev.triggerflow.store.sqlite;

import static dev.triggerflow.store.sqlite.Columns.instant;
import static dev.triggerflow.store.sqlite.Columns.json;

import dev.triggerflow.spi.LeaseOutcome;
import dev.triggerflow.spi.ReleaseOutcome;
import dev.triggerflow.spi.RunPage;
import dev.triggerflow.spi.RunQuery;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import dev.triggerflow.spi.RunStore;
import dev.triggerflow.spi.RunUpdate;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs in the {@code runs} table, one row each. The lease and release decisions are made in Java on
 * the row read inside the same write transaction, with the same {@link RunRecord} methods every
 * store uses, so their rules live in one place.
 */
final class SqliteRunStore implements RunStore {
  private static final String COLUMNS =
      "run_id, workflow, input, status, result, error_type, error_message, created_s, created_ns,"
          + " updated_at, wake_seq, lease_owner, lease_expires_at, history_length,"
          + " dispatched_through, episodes, parent_run_id, parent_call_id, first_open_call";
  private static final String ORDER = " ORDER BY created_s DESC, created_ns DESC, run_id DESC";

  private final Database db;

  SqliteRunStore(Database db) {
    this.db = db;
  }

  @Override
  public boolean create(RunRecord run) {
    return db.write(
        "create run " + run.runId(),
        () -> {
          PreparedStatement insert =
              db.prepare(
                  "INSERT INTO runs ("
                      + COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                      + " ON CONFLICT (run_id) DO NOTHING");
          insert.setString(1, run.runId());
          insert.setString(2, run.workflow());
          insert.setString(3, json(run.input()));
          insert.setString(4, run.status().name());
          insert.setString(5, json(run.result()));
          insert.setString(6, run.errorType());
          insert.setString(7, run.errorMessage());
          Instant created = run.createdAt();
          insert.setLong(8, created.getEpochSecond());
          insert.setInt(9, created.getNano());
          insert.setString(10, instant(run.updatedAt()));
          insert.setLong(11, run.wakeSeq());
          insert.setString(12, run.leaseOwner());
          insert.setString(13, instant(run.leaseExpiresAt()));
          insert.setInt(14, run.historyLength());
          insert.setInt(15, run.dispatchedThrough());
          insert.setInt(16, run.episodes());
          insert.setString(17, run.parentRunId());
          insert.setInt(18, run.parentCallId());
          insert.setInt(19, run.firstOpenCall());
          return insert.executeUpdate() == 1;
        });
  }

  @Override
  public Optional<RunRecord> get(String runId) {
    return db.read("read run " + runId, () -> select(runId));
  }

  @Override
  public LeaseOutcome acquireLease(String runId, String owner, Instant now, Duration duration) {
    return db.write(
        "take the lease of run " + runId,
        () -> {
          RunRecord run = select(runId).orElse(null);
          if (run == null) {
            return new LeaseOutcome.NotFound();
          }
          if (run.leaseHeldByOther(owner, now)) {
            return new LeaseOutcome.Held(run.leaseOwner(), run.leaseExpiresAt());
          }
          RunRecord leased = run.withLease(owner, now.plus(duration));
          update(leased);
          return new LeaseOutcome.Acquired(leased);
        });
  }

  @Override
  public Optional<RunRecord> recordEventArrival(String runId) {
    return db.write(
        "count an event arrival for run " + runId,
        () -> {
          PreparedStatement increment =
              db.prepare("UPDATE runs SET wake_seq = wake_seq + 1 WHERE run_id = ?");
          increment.setString(1, runId);
          if (increment.executeUpdate() == 0) {
            return Optional.empty();
          }
          return select(runId);
        });
  }

  @Override
  public ReleaseOutcome release(
      String runId, String owner, long observedWakeSeq, RunUpdate update, Instant now) {
    return db.write(
        "release the lease of run " + runId,
        () -> {
          RunRecord run = select(runId).orElse(null);
          if (run == null || !owner.equals(run.leaseOwner())) {
            return ReleaseOutcome.LEASE_LOST;
          }
          if (run.wakeSeq() != observedWakeSeq) {
            return ReleaseOutcome.EVENTS_ARRIVED;
          }
          update(run.apply(update, null, null, now));
          return ReleaseOutcome.RELEASED;
        });
  }

  /**
   * Lists runs newest first, ties broken by run id (descending). The page token names the last run
   * of the previous page, so each page is an index range read, and runs started between two pages
   * neither repeat nor push older runs out.
   */
  @Override
  public RunPage list(RunQuery query) {
    PageToken after = query.pageToken() == null ? null : PageToken.parse(query.pageToken());
    String sql = listSql(query.workflow() != null, query.status() != null, after != null);
    return db.read(
        "list runs",
        () -> {
          PreparedStatement select = db.prepare(sql);
          int p = 1;
          if (query.workflow() != null) {
            select.setString(p++, query.workflow());
          }
          if (query.status() != null) {
            select.setString(p++, query.status().name());
          }
          if (after != null) {
            Instant created = after.createdAt();
            select.setLong(p++, created.getEpochSecond());
            select.setInt(p++, created.getNano());
            select.setString(p++, after.runId());
          }
          // One more than a page, to learn whether another page follows.
          select.setInt(p, query.limit() + 1);
          List<RunRecord> runs = new ArrayList<>();
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              runs.add(row(rs));
            }
          }
          if (runs.size() <= query.limit()) {
            return new RunPage(runs, null);
          }
          List<RunRecord> page = runs.subList(0, query.limit());
          return new RunPage(page, PageToken.of(page.get(page.size() - 1)).format());
        });
  }

  /** The listing query for a combination of filters; each one can read a range of an index. */
  static String listSql(boolean byWorkflow, boolean byStatus, boolean afterToken) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM runs WHERE 1 = 1");
    if (byWorkflow) {
      sql.append(" AND workflow = ?");
    }
    if (byStatus) {
      sql.append(" AND status = ?");
    }
    if (afterToken) {
      sql.append(" AND (created_s, created_ns, run_id) < (?, ?, ?)");
    }
    return sql.append(ORDER).append(" LIMIT ?").toString();
  }

  /** Clears every lease; for a store just opened, whose previous owner process has died. */
  int clearLeases() throws SQLException {
    PreparedStatement clear =
        db.prepare(
            "UPDATE runs SET lease_owner = NULL, lease_expires_at = NULL"
                + " WHERE lease_owner IS NOT NULL OR lease_expires_at IS NOT NULL");
    return clear.executeUpdate();
  }

  private Optional<RunRecord> select(String runId) throws SQLException {
    PreparedStatement select = db.prepare("SELECT " + COLUMNS + " FROM runs WHERE run_id = ?");
    select.setString(1, runId);
    try (ResultSet rs = select.executeQuery()) {
      return rs.next() ? Optional.of(row(rs)) : Optional.empty();
    }
  }

  /** Writes every field a run's life can change; identity, input, start and parent stay. */
  private void update(RunRecord run) throws SQLException {
    PreparedStatement update =
        db.prepare(
            "UPDATE runs SET status = ?, result = ?, error_type = ?, error_message = ?,"
                + " updated_at = ?, wake_seq = ?, lease_owner = ?, lease_expires_at = ?,"
                + " history_length = ?, dispatched_through = ?, episodes = ?,"
                + " first_open_call = ? WHERE run_id = ?");
    update.setString(1, run.status().name());
    update.setString(2, json(run.result()));
    update.setString(3, run.errorType());
    update.setString(4, run.errorMessage());
    update.setString(5, instant(run.updatedAt()));
    update.setLong(6, run.wakeSeq());
    update.setString(7, run.leaseOwner());
    update.setString(8, instant(run.leaseExpiresAt()));
    update.setInt(9, run.historyLength());
    update.setInt(10, run.dispatchedThrough());
    update.setInt(11, run.episodes());
    update.setInt(12, run.firstOpenCall());
    update.setString(13, run.runId());
    update.executeUpdate();
  }

  private static RunRecord row(ResultSet rs) throws SQLException {
    return new RunRecord(
        rs.getString(1),
        rs.getString(2),
        json(rs.getString(3)),
        RunStatus.valueOf(rs.getString(4)),
        json(rs.getString(5)),
        rs.getString(6),
        rs.getString(7),
        Instant.ofEpochSecond(rs.getLong(8), rs.getInt(9)),
        instant(rs.getString(10)),
        rs.getLong(11),
        rs.getString(12),
        instant(rs.getString(13)),
        rs.getInt(14),
        rs.getInt(15),
        rs.getInt(16),
        rs.getInt(19),
        rs.getString(17),
        rs.getInt(18));
  }
}

package dev.triggerflow.store.sqlite;

import static dev.triggerflow.store.sqlite.Columns.instant;

import dev.triggerflow.spi.DeadLetter;
import dev.triggerflow.spi.DeadLetterStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Dead letters in the {@code dead_letters} table, newest (largest row id) first. */
final class SqliteDeadLetterStore implements DeadLetterStore {
  private final Database db;

  SqliteDeadLetterStore(Database db) {
    this.db = db;
  }

  @Override
  public void put(DeadLetter letter) {
    db.write(
        "store dead letter " + letter.id(),
        () -> {
          PreparedStatement insert =
              db.prepare(
                  "INSERT INTO dead_letters (id, time, reason, run_id, payload)"
                      + " VALUES (?, ?, ?, ?, ?)");
          insert.setString(1, letter.id());
          insert.setString(2, instant(letter.time()));
          insert.setString(3, letter.reason());
          insert.setString(4, letter.runId());
          insert.setString(5, letter.payload());
          insert.executeUpdate();
          return null;
        });
  }

  @Override
  public List<DeadLetter> list(int limit) {
    if (limit <= 0) {
      // SQLite reads a negative LIMIT as no limit at all.
      return List.of();
    }
    return db.read(
        "list dead letters",
        () -> {
          PreparedStatement select =
              db.prepare(
                  "SELECT id, time, reason, run_id, payload FROM dead_letters"
                      + " ORDER BY seq DESC LIMIT ?");
          select.setInt(1, limit);
          List<DeadLetter> letters = new ArrayList<>();
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              letters.add(
                  new DeadLetter(
                      rs.getString(1),
                      instant(rs.getString(2)),
                      rs.getString(3),
                      rs.getString(4),
                      rs.getString(5)));
            }
          }
          return letters;
        });
  }
}

package dev.triggerflow.store.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.TriggerStore;
import dev.triggerflow.trigger.Trigger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Triggers in the {@code triggers} table, the whole trigger as JSON beside its version, and one row
 * per activation subject in {@code trigger_subjects} for lookup by subject. A replace is an update
 * conditional on the version, in the same transaction as any change to the subject rows.
 */
final class SqliteTriggerStore implements TriggerStore {
  private static final ObjectMapper MAPPER = Json.mapper();

  private final Database db;

  SqliteTriggerStore(Database db) {
    this.db = db;
  }

  @Override
  public void create(Trigger trigger) {
    String body = write(trigger);
    String subjects = subjectsOf(trigger);
    db.write(
        "create trigger " + trigger.id() + " of run " + trigger.runId(),
        () -> {
          PreparedStatement insert =
              db.prepare(
                  "INSERT INTO triggers (run_id, trigger_id, version, subjects, body)"
                      + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (run_id, trigger_id) DO NOTHING");
          insert.setString(1, trigger.runId());
          insert.setString(2, trigger.id());
          insert.setLong(3, trigger.version());
          insert.setString(4, subjects);
          insert.setString(5, body);
          if (insert.executeUpdate() == 1) {
            indexSubjects(trigger);
          }
          return null;
        });
  }

  @Override
  public List<Trigger> findBySubject(String runId, String subject) {
    return db.read(
        "find the triggers of run " + runId + " by subject",
        () -> {
          PreparedStatement select =
              db.prepare(
                  "SELECT t.body FROM trigger_subjects s JOIN triggers t"
                      + " ON t.run_id = s.run_id AND t.trigger_id = s.trigger_id"
                      + " WHERE s.run_id = ? AND s.subject = ? ORDER BY t.rowid");
          select.setString(1, runId);
          select.setString(2, subject);
          return triggers(runId, select);
        });
  }

  @Override
  public Optional<Trigger> get(String runId, String triggerId) {
    return db.read(
        "read trigger " + triggerId + " of run " + runId,
        () -> {
          PreparedStatement select =
              db.prepare("SELECT body FROM triggers WHERE run_id = ? AND trigger_id = ?");
          select.setString(1, runId);
          select.setString(2, triggerId);
          return triggers(runId, select).stream().findFirst();
        });
  }

  @Override
  public boolean replace(Trigger current, Trigger updated) {
    if (!current.runId().equals(updated.runId()) || !current.id().equals(updated.id())) {
      throw new IllegalArgumentException(
          "trigger "
              + current.id()
              + " of run '"
              + current.runId()
              + "' cannot be replaced by trigger "
              + updated.id()
              + " of run '"
              + updated.runId()
              + "'");
    }
    String body = write(updated);
    String subjects = subjectsOf(updated);
    return db.write(
        "replace trigger " + current.id() + " of run " + current.runId(),
        () -> {
          PreparedStatement select =
              db.prepare(
                  "SELECT version, subjects FROM triggers WHERE run_id = ? AND trigger_id = ?");
          select.setString(1, current.runId());
          select.setString(2, current.id());
          String storedSubjects;
          try (ResultSet rs = select.executeQuery()) {
            if (!rs.next() || rs.getLong(1) != current.version()) {
              return false;
            }
            storedSubjects = rs.getString(2);
          }
          PreparedStatement update =
              db.prepare(
                  "UPDATE triggers SET version = ?, subjects = ?, body = ?"
                      + " WHERE run_id = ? AND trigger_id = ?");
          update.setLong(1, updated.version());
          update.setString(2, subjects);
          update.setString(3, body);
          update.setString(4, current.runId());
          update.setString(5, current.id());
          update.executeUpdate();
          if (!storedSubjects.equals(subjects)) {
            PreparedStatement unindex =
                db.prepare("DELETE FROM trigger_subjects WHERE run_id = ? AND trigger_id = ?");
            unindex.setString(1, current.runId());
            unindex.setString(2, current.id());
            unindex.executeUpdate();
            indexSubjects(updated);
          }
          return true;
        });
  }

  @Override
  public List<Trigger> list(String runId) {
    return db.read(
        "list the triggers of run " + runId,
        () -> {
          PreparedStatement select =
              db.prepare("SELECT body FROM triggers WHERE run_id = ? ORDER BY rowid");
          select.setString(1, runId);
          return triggers(runId, select);
        });
  }

  @Override
  public void deleteAll(String runId) {
    db.write(
        "delete the triggers of run " + runId,
        () -> {
          for (String table : List.of("triggers", "trigger_subjects")) {
            PreparedStatement delete = db.prepare("DELETE FROM " + table + " WHERE run_id = ?");
            delete.setString(1, runId);
            delete.executeUpdate();
          }
          return null;
        });
  }

  private void indexSubjects(Trigger trigger) throws SQLException {
    PreparedStatement insert =
        db.prepare("INSERT INTO trigger_subjects (run_id, subject, trigger_id) VALUES (?, ?, ?)");
    for (String subject : trigger.subjects()) {
      insert.setString(1, trigger.runId());
      insert.setString(2, subject);
      insert.setString(3, trigger.id());
      insert.executeUpdate();
    }
  }

  private static List<Trigger> triggers(String runId, PreparedStatement select)
      throws SQLException {
    List<Trigger> triggers = new ArrayList<>();
    try (ResultSet rs = select.executeQuery()) {
      while (rs.next()) {
        triggers.add(parse(runId, rs.getString(1)));
      }
    }
    return triggers;
  }

  /** The subjects in a canonical form, so that a change of subjects shows as a change of text. */
  private static String subjectsOf(Trigger trigger) {
    return Json.write(new TreeSet<>(trigger.subjects()));
  }

  private static String write(Trigger trigger) {
    try {
      return MAPPER.writeValueAsString(trigger);
    } catch (JsonProcessingException e) {
      throw new SqliteStoreException(
          "cannot write trigger "
              + trigger.id()
              + " of run "
              + trigger.runId()
              + " as JSON: "
              + e.getOriginalMessage(),
          e);
    }
  }

  private static Trigger parse(String runId, String json) {
    try {
      return MAPPER.readValue(json, Trigger.class);
    } catch (JsonProcessingException e) {
      throw new SqliteStoreException(
          "a trigger of run "
              + runId
              + " is stored damaged and cannot be read: "
              + e.getOriginalMessage(),
          e);
    }
  }
}

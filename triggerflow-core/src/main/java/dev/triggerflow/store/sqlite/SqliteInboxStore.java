package dev.triggerflow.store.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.triggerflow.event.Event;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.InboxStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Pending events in the {@code inbox} table, unique by run and event id, in the order of their row
 * ids: a new row always gets a larger id than every row present.
 */
final class SqliteInboxStore implements InboxStore {
  private final Database db;

  SqliteInboxStore(Database db) {
    this.db = db;
  }

  @Override
  public PutOutcome put(String runId, Event event) {
    String json = Json.write(event);
    return db.write(
        "store event " + event.id() + " for run " + runId,
        () -> {
          PreparedStatement insert =
              db.prepare(
                  "INSERT INTO inbox (run_id, event_id, event) VALUES (?, ?, ?)"
                      + " ON CONFLICT (run_id, event_id) DO NOTHING");
          insert.setString(1, runId);
          insert.setString(2, event.id());
          insert.setString(3, json);
          if (insert.executeUpdate() == 1) {
            return PutOutcome.ADDED;
          }
          PreparedStatement select =
              db.prepare("SELECT event FROM inbox WHERE run_id = ? AND event_id = ?");
          select.setString(1, runId);
          select.setString(2, event.id());
          try (ResultSet rs = select.executeQuery()) {
            rs.next();
            Event stored = parse(runId, rs.getString(1));
            // Both sides as read back from JSON text, so that numbers built as different node
            // types (an int and a long holding 5) compare equal.
            return sameContent(stored, parse(runId, json))
                ? PutOutcome.DUPLICATE
                : PutOutcome.CONFLICT;
          }
        });
  }

  private static boolean sameContent(Event a, Event b) {
    return a.type().equals(b.type())
        && a.subject().equals(b.subject())
        && a.data().equals(b.data());
  }

  @Override
  public List<Event> pending(String runId) {
    return db.read(
        "read the pending events of run " + runId,
        () -> {
          PreparedStatement select =
              db.prepare("SELECT event FROM inbox WHERE run_id = ? ORDER BY seq");
          select.setString(1, runId);
          List<Event> events = new ArrayList<>();
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              events.add(parse(runId, rs.getString(1)));
            }
          }
          return events;
        });
  }

  @Override
  public void remove(String runId, Collection<String> eventIds) {
    if (eventIds.isEmpty()) {
      return;
    }
    db.write(
        "remove pending events of run " + runId,
        () -> {
          PreparedStatement delete =
              db.prepare("DELETE FROM inbox WHERE run_id = ? AND event_id = ?");
          for (String id : eventIds) {
            delete.setString(1, runId);
            delete.setString(2, id);
            delete.executeUpdate();
          }
          return null;
        });
  }

  private static Event parse(String runId, String json) {
    try {
      return Json.mapper().readValue(json, Event.class);
    } catch (JsonProcessingException e) {
      throw new SqliteStoreException(
          "a pending event of run "
              + runId
              + " is stored damaged and cannot be read: "
              + e.getOriginalMessage(),
          e);
    }
  }
}

package dev.triggerflow.store.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.HistoryStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Histories in the {@code history} table: one row per episode holding its events as a JSON array.
 * An episode is the unit the orchestrator appends and the unit a replay reads from, so a row per
 * episode keeps both to one index lookup.
 */
final class SqliteHistoryStore implements HistoryStore {
  /** Written as a list of the sealed type, so that every element carries its kind. */
  private static final JavaType EPISODE =
      Json.mapper().getTypeFactory().constructCollectionType(List.class, HistoryEvent.class);

  private static final ObjectWriter WRITER = Json.mapper().writerFor(EPISODE);
  private static final ObjectReader READER = Json.mapper().readerFor(EPISODE);

  private final Database db;

  SqliteHistoryStore(Database db) {
    this.db = db;
  }

  @Override
  public void append(String runId, int episode, List<HistoryEvent> events) {
    if (episode < 0) {
      throw new IllegalArgumentException(
          "episode " + episode + " of run '" + runId + "' is negative; episodes count from 0");
    }
    String json = write(runId, episode, events);
    db.write(
        "append episode " + episode + " of run " + runId,
        () -> {
          int last = lastEpisode(runId);
          if (episode <= last) {
            throw new HistoryConflictException(runId, episode);
          }
          if (episode != last + 1) {
            throw new IllegalStateException(
                "episode " + episode + " of run '" + runId + "' would leave a gap after " + last);
          }
          PreparedStatement insert =
              db.prepare("INSERT INTO history (run_id, episode, events) VALUES (?, ?, ?)");
          insert.setString(1, runId);
          insert.setInt(2, episode);
          insert.setString(3, json);
          insert.executeUpdate();
          return null;
        });
  }

  @Override
  public List<HistoryEvent> read(String runId, int fromEpisode) {
    return db.read(
        "read the history of run " + runId,
        () -> {
          PreparedStatement select =
              db.prepare(
                  "SELECT episode, events FROM history WHERE run_id = ? AND episode >= ?"
                      + " ORDER BY episode");
          select.setString(1, runId);
          select.setInt(2, fromEpisode);
          List<HistoryEvent> events = new ArrayList<>();
          try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
              events.addAll(parse(runId, rs.getInt(1), rs.getString(2)));
            }
          }
          return events;
        });
  }

  /** The last episode written, or -1 when there is none. */
  private int lastEpisode(String runId) throws SQLException {
    PreparedStatement select = db.prepare("SELECT MAX(episode) FROM history WHERE run_id = ?");
    select.setString(1, runId);
    try (ResultSet rs = select.executeQuery()) {
      rs.next();
      int last = rs.getInt(1);
      return rs.wasNull() ? -1 : last;
    }
  }

  private static String write(String runId, int episode, List<HistoryEvent> events) {
    try {
      return WRITER.writeValueAsString(events);
    } catch (JsonProcessingException e) {
      throw new SqliteStoreException(
          "cannot write episode "
              + episode
              + " of run "
              + runId
              + " as JSON: "
              + e.getOriginalMessage(),
          e);
    }
  }

  private static List<HistoryEvent> parse(String runId, int episode, String json) {
    try {
      return READER.readValue(json);
    } catch (JsonProcessingException e) {
      throw new SqliteStoreException(
          "episode "
              + episode
              + " of run "
              + runId
              + " is stored damaged and cannot be read: "
              + e.getOriginalMessage(),
          e);
    }
  }
}

package dev.triggerflow.store.memory;

import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.spi.HistoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Histories in memory, one list of episodes per run. */
public final class InMemoryHistoryStore implements HistoryStore {
  private final ConcurrentMap<String, List<List<HistoryEvent>>> runs = new ConcurrentHashMap<>();

  @Override
  public void append(String runId, int episode, List<HistoryEvent> events) {
    if (episode < 0) {
      throw new IllegalArgumentException(
          "episode " + episode + " of run '" + runId + "' is negative; episodes count from 0");
    }
    List<List<HistoryEvent>> episodes = runs.computeIfAbsent(runId, id -> new ArrayList<>());
    synchronized (episodes) {
      if (episode < episodes.size()) {
        throw new HistoryConflictException(runId, episode);
      }
      if (episode != episodes.size()) {
        throw new IllegalStateException(
            "episode "
                + episode
                + " of run '"
                + runId
                + "' would leave a gap after "
                + (episodes.size() - 1));
      }
      episodes.add(List.copyOf(events));
    }
  }

  @Override
  public List<HistoryEvent> read(String runId, int fromEpisode) {
    List<List<HistoryEvent>> episodes = runs.get(runId);
    if (episodes == null) {
      return List.of();
    }
    List<HistoryEvent> result = new ArrayList<>();
    synchronized (episodes) {
      for (int i = Math.max(0, fromEpisode); i < episodes.size(); i++) {
        result.addAll(episodes.get(i));
      }
    }
    return result;
  }
}

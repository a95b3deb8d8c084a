package dev.triggerflow.spi;

import dev.triggerflow.history.HistoryEvent;
import java.util.List;

/**
 * Run histories: append-only, one entry per episode, written only by the lease holder. An append is
 * conditional on the episode not existing, so an orchestrator whose lease lapsed cannot overwrite
 * what a newer one wrote. Episodes are dense because the orchestrator appends the one after the
 * last it read; a store may refuse a gap, but need not spend a read to check for one.
 */
public interface HistoryStore {

  /**
   * Appends the events of one episode.
   *
   * @throws HistoryConflictException if the episode exists already
   */
  void append(String runId, int episode, List<HistoryEvent> events);

  /** The events of every episode from {@code fromEpisode} on, in order, read consistently. */
  List<HistoryEvent> read(String runId, int fromEpisode);

  /** Thrown when an episode was already written by another orchestrator. */
  final class HistoryConflictException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HistoryConflictException(String runId, int episode) {
      super(
          "episode "
              + episode
              + " of run '"
              + runId
              + "' was already written by another orchestrator; this one lost its lease");
    }
  }
}

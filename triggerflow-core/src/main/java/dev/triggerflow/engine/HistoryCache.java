package dev.triggerflow.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Replayed histories kept between wakes of the same process, so that a wake reads only the episodes
 * that are new since the cached one. An entry is taken out while an orchestrator works on the run
 * and put back only after a successful append, so the cache holds nothing but prefixes of what the
 * store holds.
 */
public final class HistoryCache {
  private final int capacity;
  private final Map<String, HistoryIndex> entries;

  /** A cache of at most {@code capacity} runs; 0 disables it. */
  public HistoryCache(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("cache capacity must not be negative");
    }
    this.capacity = capacity;
    this.entries = new LinkedHashMap<>(16, 0.75f, true);
  }

  /** Removes and returns the cached history of a run, or null. */
  public synchronized HistoryIndex take(String runId) {
    return entries.remove(runId);
  }

  /** Caches a run's history, evicting the least recently used run when full. */
  public synchronized void put(String runId, HistoryIndex history) {
    if (capacity == 0) {
      return;
    }
    entries.put(runId, history);
    if (entries.size() > capacity) {
      String eldest = entries.keySet().iterator().next();
      entries.remove(eldest);
    }
  }

  /** The number of cached runs. */
  public synchronized int size() {
    return entries.size();
  }
}

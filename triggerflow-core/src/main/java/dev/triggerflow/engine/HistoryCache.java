package dev.triggerflow.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs kept between wakes of the same process: the replayed history, so a wake reads only the
 * episodes that are new since the cached one, and the workflow's parked execution, so a wake runs
 * only the code that the new events let go on. An entry is taken out while an orchestrator works on
 * the run and put back only after a successful append, so the cache holds nothing but prefixes of
 * what the store holds.
 */
public final class HistoryCache {
  private final int capacity;
  private final Map<String, Entry> entries;

  /** A cached run: its history and, when its code is parked, the parked execution. */
  record Entry(HistoryIndex history, WorkflowExecution execution) {
    void discard() {
      if (execution != null) {
        execution.discard();
      }
    }
  }

  /** A cache of at most {@code capacity} runs; 0 disables it. */
  public HistoryCache(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("cache capacity must not be negative");
    }
    this.capacity = capacity;
    this.entries = new LinkedHashMap<>(16, 0.75f, true);
  }

  /** Whether the cache keeps anything at all. */
  boolean enabled() {
    return capacity > 0;
  }

  /** Removes and returns the cached run, or null. */
  synchronized Entry take(String runId) {
    return entries.remove(runId);
  }

  /** Caches a run, discarding the least recently used run when full. */
  void put(String runId, HistoryIndex history, WorkflowExecution execution) {
    Entry evicted = null;
    Entry entry = new Entry(history, execution);
    synchronized (this) {
      if (capacity == 0) {
        evicted = entry;
      } else {
        Entry previous = entries.put(runId, entry);
        if (previous != null && previous.execution() != execution) {
          evicted = previous;
        } else if (entries.size() > capacity) {
          String eldest = entries.keySet().iterator().next();
          evicted = entries.remove(eldest);
        }
      }
    }
    if (evicted != null) {
      evicted.discard();
    }
  }

  /** The number of cached runs. */
  public synchronized int size() {
    return entries.size();
  }

  /**
   * Empties the cache and unwinds every parked execution in it, so that their threads end. A
   * process that stops using its orchestrator (a runtime being closed) calls this; otherwise each
   * run parked here keeps a thread waiting for a wake that never comes.
   */
  public void clear() {
    List<Entry> dropped;
    synchronized (this) {
      dropped = new ArrayList<>(entries.values());
      entries.clear();
    }
    dropped.forEach(Entry::discard);
  }
}

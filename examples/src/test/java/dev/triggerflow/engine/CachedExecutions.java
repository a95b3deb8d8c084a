package dev.triggerflow.engine;

/**
 * Lets a test end what an orchestrator's cache keeps running: a cached run may hold workflow code
 * parked on a thread of its own, and a simulation that builds thousands of orchestrators must not
 * leave thousands of parked threads behind.
 */
public final class CachedExecutions {
  private CachedExecutions() {}

  /** Takes a run out of the cache and unwinds its parked code, if any. */
  public static void discard(HistoryCache cache, String runId) {
    HistoryCache.Entry entry = cache.take(runId);
    if (entry != null) {
      entry.discard();
    }
  }
}

package dev.triggerflow.spi;

/**
 * A filter for listing runs.
 *
 * @param workflow only runs of this workflow, or null for all
 * @param status only runs in this state, or null for all
 * @param limit at most this many runs
 * @param pageToken where the previous page ended, or null for the first page
 */
public record RunQuery(String workflow, RunStatus status, int limit, String pageToken) {
  public RunQuery {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("limit must be between 1 and 1000, not " + limit);
    }
  }

  /** All runs, the first {@code limit}. */
  public static RunQuery all(int limit) {
    return new RunQuery(null, null, limit, null);
  }
}

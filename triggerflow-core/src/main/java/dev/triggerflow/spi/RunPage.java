package dev.triggerflow.spi;

import java.util.List;

/**
 * One page of runs.
 *
 * @param runs the runs
 * @param nextPageToken the token for the next page, or null when this is the last
 */
public record RunPage(List<RunRecord> runs, String nextPageToken) {
  public RunPage {
    runs = List.copyOf(runs);
  }
}

package dev.triggerflow.benchmarks;

import dev.triggerflow.benchmarks.triggerflow.EmbeddedWorkloads.Outcome;
import dev.triggerflow.benchmarks.triggerflow.NoOpWorkflows;
import java.util.List;

/**
 * The map workload on the embedded runtime: n no-op calls joined by one trigger. The join must wake
 * the orchestrator once whatever n is, so a run has exactly two episodes: the start, and the wake
 * that sees every result.
 */
final class MapSection {
  static final String NAME = "map";
  private static final int TARGET_EPISODES = 2;

  private MapSection() {}

  static void run(Settings settings, EmbeddedResults results, Report report) throws Exception {
    report.text("## Map: n no-op calls joined by one trigger");
    Table table =
        new Table(
            "Embedded runtime, in-memory store",
            "n",
            "total: median (range, repeats)",
            "per call",
            "episodes (every run)",
            "target: " + TARGET_EPISODES + " episodes");
    boolean allMet = true;
    for (int n : settings.mapSizes()) {
      List<Outcome> outcomes = results.inMemory(NoOpWorkflows.MAP, n);
      Samples total = Trials.samples(outcomes, Outcome::nanos);
      List<Integer> episodes = outcomes.stream().map(Outcome::episodes).distinct().toList();
      boolean met = episodes.equals(List.of(TARGET_EPISODES));
      allMet &= met;
      table.row(
          Durations.count(n),
          total.describe(),
          Durations.format(total.median() / n),
          episodes.toString(),
          met ? "met" : "not met");
    }
    table.note(
        "Episodes are RunRecord.episodes() of each measured run: the start, then one wake per"
            + " firing of the join. Target (exactly one wake for the join): "
            + (allMet ? "met at every size." : "not met at every size."));
    report.table(table);
  }
}

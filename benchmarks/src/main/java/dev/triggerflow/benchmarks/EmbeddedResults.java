package dev.triggerflow.benchmarks;

import dev.triggerflow.benchmarks.triggerflow.EmbeddedWorkloads;
import dev.triggerflow.benchmarks.triggerflow.EmbeddedWorkloads.Outcome;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The measured runs of the embedded runtime, by store, workload and size. A size measured for the
 * engine's own tables is reused by the comparisons and the store ratios instead of being measured
 * again, so every table of one harness run quotes the same Triggerflow figure.
 */
public final class EmbeddedResults {
  private final Settings settings;
  private final Report report;
  private final Map<String, List<Outcome>> measured = new HashMap<>();

  /** An empty cache. */
  public EmbeddedResults(Settings settings, Report report) {
    this.settings = settings;
    this.report = report;
  }

  /** The runs on the in-memory store, measured now if not yet. */
  public List<Outcome> inMemory(String workload, int n) throws Exception {
    return get("memory", workload, n, EmbeddedWorkloads::inMemory);
  }

  /** The runs on the SQLite store, measured now if not yet. */
  public List<Outcome> sqlite(String workload, int n) throws Exception {
    return get("sqlite", workload, n, EmbeddedWorkloads::sqlite);
  }

  private List<Outcome> get(
      String store, String workload, int n, Supplier<EmbeddedWorkloads> runtime) throws Exception {
    String key = store + "/" + workload + "/" + n;
    List<Outcome> outcomes = measured.get(key);
    if (outcomes != null) {
      return outcomes;
    }
    report.progress("Triggerflow embedded, " + store + " store: " + workload + " n=" + n);
    int[] stepsAt = settings.stepsAt().stream().mapToInt(Integer::intValue).toArray();
    try (EmbeddedWorkloads workloads = runtime.get()) {
      outcomes =
          Trials.repeat(
              settings.warmups(n), settings.repeats(n), () -> workloads.run(workload, n, stepsAt));
    }
    measured.put(key, outcomes);
    return outcomes;
  }
}

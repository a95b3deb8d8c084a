package dev.triggerflow.benchmarks;

import dev.triggerflow.benchmarks.triggerflow.EmbeddedWorkloads.Outcome;
import dev.triggerflow.benchmarks.triggerflow.NoOpWorkflows;
import dev.triggerflow.benchmarks.triggerflow.SynchronousEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The sequential workload on the embedded runtime: the total, the time per step, and the cost of
 * step k for several k, both end to end and for the orchestrator's wake alone. A wake replays the
 * workflow's code from the top against the cached history, so its cost grows with k; the ratio of
 * the last step to step 100 is what the target "step 10,000 within 2 times step 100" judges.
 */
final class SequentialSection {
  static final String NAME = "sequential";
  private static final int BASE_STEP = 100;
  private static final double TARGET_RATIO = 2.0;

  private SequentialSection() {}

  static void run(Settings settings, EmbeddedResults results, Report report) throws Exception {
    report.text("## Sequential: n no-op calls, each awaited before the next");
    totals(settings, results, report);
    endToEnd(settings, results, report);
    engineAlone(settings, report, true);
    engineAlone(settings, report, false);
  }

  private static void totals(Settings settings, EmbeddedResults results, Report report)
      throws Exception {
    Table table =
        new Table(
            "Embedded runtime, in-memory store: whole run",
            "n",
            "total: median (range, repeats)",
            "per step",
            "episodes");
    for (int n : settings.sequentialSizes()) {
      List<Outcome> outcomes = results.inMemory(NoOpWorkflows.SEQUENTIAL, n);
      Samples total = Trials.samples(outcomes, Outcome::nanos);
      table.row(
          Durations.count(n),
          total.describe(),
          Durations.format(total.median() / n),
          Durations.count(outcomes.get(0).episodes()));
    }
    table.note("Per step is the median total divided by n; a run has n + 1 episodes (wakes).");
    report.table(table);
  }

  private static void endToEnd(Settings settings, EmbeddedResults results, Report report)
      throws Exception {
    List<Integer> ks = settings.stepsAt();
    Table table = stepTable("Embedded runtime, in-memory store: cost of step k, end to end", ks);
    List<Samples> largest = null;
    for (int n : settings.sequentialSizes()) {
      List<Outcome> outcomes = results.inMemory(NoOpWorkflows.SEQUENTIAL, n);
      List<Samples> costs = new ArrayList<>();
      for (int i = 0; i < ks.size() && ks.get(i) <= n; i++) {
        int index = i;
        costs.add(samplesOf(outcomes, o -> o.stepCosts().get(index)));
      }
      stepRow(table, n, ks, costs);
      largest = costs;
    }
    table.note(
        "Step k is the time from the start of call k's task to the start of call k + 1's: the"
            + " result's event, the trigger, the wake that replays k calls, the commit and the"
            + " dispatch. Each cell is the median over the runs of the median of the "
            + StepClock.WINDOW
            + " steps ending at k, with the range over the runs.");
    verdict(table, ks, largest, "end to end");
    report.table(table);
  }

  private static void engineAlone(Settings settings, Report report, boolean cached)
      throws Exception {
    List<Integer> ks = settings.stepsAt();
    Table table =
        stepTable(
            "Orchestrator wake at step k, engine alone (one thread, in-memory store), "
                + (cached ? "history cache on (default)" : "no history cache"),
            ks);
    List<Samples> largest = null;
    SynchronousEngine engine = new SynchronousEngine(cached ? 1024 : 0);
    for (int n : settings.sequentialSizes()) {
      report.progress(
          "Triggerflow engine alone, " + (cached ? "cached" : "uncached") + ": sequential n=" + n);
      List<SynchronousEngine.Profile> profiles =
          Trials.repeat(settings.warmups(n), settings.repeats(n), () -> engine.sequential(n));
      List<Samples> costs = new ArrayList<>();
      for (int k : ks) {
        if (k <= n) {
          costs.add(samplesOf(profiles, p -> p.wakeCost(k)));
        }
      }
      stepRow(table, n, ks, costs);
      largest = costs;
    }
    table.note(
        "The orchestrator, task runner and trigger processor of the embedded runtime, wired to"
            + " the in-memory stores and driven from one thread: no pools, bus or hand-offs. A"
            + " cell is the time of Orchestrator.wake for the wake that receives call k's result"
            + " (median of "
            + StepClock.WINDOW
            + " wakes ending at k, median over the runs).");
    if (cached) {
      verdict(table, ks, largest, "for the wake alone");
    } else {
      table.note(
          "Without the cache every wake reads the run's whole history and replays the code from"
              + " the top, as a wake that reaches a new Lambda container does: this cost grows"
              + " with k by design, and the target applies to cached wakes only.");
    }
    report.table(table);
  }

  private static Table stepTable(String title, List<Integer> ks) {
    List<String> headers = new ArrayList<>();
    headers.add("n");
    for (int k : ks) {
      headers.add("step " + Durations.count(k));
    }
    headers.add("last ÷ step " + BASE_STEP);
    return new Table(title, headers.toArray(String[]::new));
  }

  private static void stepRow(Table table, int n, List<Integer> ks, List<Samples> costs) {
    List<Object> cells = new ArrayList<>();
    cells.add(Durations.count(n));
    for (int i = 0; i < ks.size(); i++) {
      cells.add(i < costs.size() ? costs.get(i).brief() : "");
    }
    int base = ks.indexOf(BASE_STEP);
    cells.add(
        base >= 0 && costs.size() > base + 1
            ? costs.get(costs.size() - 1).ratioTo(costs.get(base))
            : "");
    table.row(cells.toArray());
  }

  private static void verdict(Table table, List<Integer> ks, List<Samples> costs, String what) {
    int base = ks.indexOf(BASE_STEP);
    if (costs == null || base < 0 || costs.size() <= base + 1) {
      return;
    }
    int last = ks.get(costs.size() - 1);
    double ratio = costs.get(costs.size() - 1).median() / costs.get(base).median();
    table.note(
        "Target: step "
            + Durations.count(last)
            + " within "
            + Durations.ratio(TARGET_RATIO)
            + " step "
            + BASE_STEP
            + " "
            + what
            + ". Measured: "
            + Durations.ratio(ratio)
            + (ratio <= TARGET_RATIO ? ", met." : ", not met."));
  }

  private static <T> Samples samplesOf(List<T> runs, ToDoubleFunction<T> nanos) {
    return Samples.of(runs.stream().mapToLong(r -> Math.round(nanos.applyAsDouble(r))).toArray());
  }
}

package dev.triggerflow.benchmarks;

import dev.triggerflow.benchmarks.durable.DurableFunctionsRunner;
import dev.triggerflow.benchmarks.temporal.TemporalWorkloads;
import dev.triggerflow.benchmarks.triggerflow.EmbeddedWorkloads;
import dev.triggerflow.benchmarks.triggerflow.NoOpWorkflows;
import io.temporal.serviceclient.Version;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * The workloads side by side with what a user would pick instead to run durable workflows on one
 * machine: Temporal's Java test environment, and AWS Lambda durable functions' local test runner.
 * All three run in one harness run on the same machine, one system at a time, each warmed up first;
 * the tables give each system's median and its ratio to Triggerflow's.
 */
final class ComparisonSection {
  static final String NAME = "compare";
  private static final int TARGET_SIZE = 1_000;
  private static final double TARGET_RATIO = 5.0;

  private final Settings settings;
  private final EmbeddedResults results;
  private final Report report;
  private final Map<String, List<TemporalWorkloads.Outcome>> temporal = new LinkedHashMap<>();
  private final Map<String, String> temporalErrors = new LinkedHashMap<>();
  private DurableFunctionsRunner.Outcome durable;
  private final Map<String, DurableFunctionsRunner.Request> durableRequests = new LinkedHashMap<>();

  private ComparisonSection(Settings settings, EmbeddedResults results, Report report) {
    this.settings = settings;
    this.results = results;
    this.report = report;
  }

  static void run(Settings settings, EmbeddedResults results, Report report) throws Exception {
    new ComparisonSection(settings, results, report).run();
  }

  private void run() throws Exception {
    report.text("## Side by side: Temporal's test environment, Lambda durable functions' runner");
    for (int n : settings.compareSequentialSizes()) {
      results.inMemory(NoOpWorkflows.SEQUENTIAL, n);
    }
    for (int n : settings.compareMapSizes()) {
      results.inMemory(NoOpWorkflows.MAP, n);
    }
    measureTemporal();
    measureDurableFunctions();
    sequentialTable();
    mapTable();
    stepTable();
  }

  private void measureTemporal() {
    int[] ks = settings.stepsAt().stream().mapToInt(Integer::intValue).toArray();
    report.progress("Temporal test environment: starting");
    try (TemporalWorkloads workloads = new TemporalWorkloads()) {
      for (int n : settings.compareSequentialSizes()) {
        measureTemporal(NoOpWorkflows.SEQUENTIAL, n, () -> workloads.sequential(n, ks));
      }
      for (int n : settings.temporalMapSizes()) {
        measureTemporal(NoOpWorkflows.MAP, n, () -> workloads.map(n));
      }
    } catch (RuntimeException e) {
      temporalErrors.put("*", "the test environment failed: " + e);
    }
  }

  private void measureTemporal(
      String workload, int n, Trials.Trial<TemporalWorkloads.Outcome> trial) {
    report.progress("Temporal test environment: " + workload + " n=" + n);
    try {
      temporal.put(
          key(workload, n), Trials.repeat(settings.warmups(n), settings.repeats(n), trial));
    } catch (Exception e) {
      temporalErrors.put(key(workload, n), e.toString());
    }
  }

  private void measureDurableFunctions() throws InterruptedException {
    DurableFunctionsRunner runner = new DurableFunctionsRunner(settings.nodeDir());
    for (int n : settings.compareSequentialSizes()) {
      queue(runner, NoOpWorkflows.SEQUENTIAL, n, false);
    }
    for (int n : settings.skipTimeSizes()) {
      queue(runner, NoOpWorkflows.SEQUENTIAL, n, true);
    }
    for (int n : settings.compareMapSizes()) {
      queue(runner, NoOpWorkflows.MAP, n, false);
    }
    report.progress("durable functions local runner: " + durableRequests.size() + " workloads");
    Path log = settings.nodeDir().resolve("../target/durable-functions.log").normalize();
    durable = runner.run(log);
    if (durable.failure() != null) {
      report.progress("durable functions local runner not measured: " + durable.failure());
    }
  }

  private void queue(DurableFunctionsRunner runner, String workload, int n, boolean skipTime) {
    durableRequests.put(
        key(workload, n) + (skipTime ? "/skipTime" : ""),
        runner.add(
            workload, n, settings.warmups(n), settings.repeats(n), settings.stepsAt(), skipTime));
  }

  private void sequentialTable() throws Exception {
    Table table =
        new Table(
            "Sequential: n no-op calls, whole run",
            "n",
            "Triggerflow embedded",
            "Temporal test env",
            "Temporal ÷ Triggerflow",
            "durable functions runner",
            "durable ÷ Triggerflow",
            "durable, skipTime",
            "durable skipTime ÷ Triggerflow");
    Double targetRatio = null;
    for (int n : settings.compareSequentialSizes()) {
      Samples ours = triggerflow(NoOpWorkflows.SEQUENTIAL, n);
      Optional<Samples> theirs = temporalSamples(NoOpWorkflows.SEQUENTIAL, n, o -> o.nanos());
      Optional<Samples> df = durableSamples(key(NoOpWorkflows.SEQUENTIAL, n));
      Optional<Samples> dfSkip = durableSamples(key(NoOpWorkflows.SEQUENTIAL, n) + "/skipTime");
      table.row(
          Durations.count(n),
          ours.brief(),
          theirs.map(Samples::brief).orElse(temporalError(NoOpWorkflows.SEQUENTIAL, n)),
          theirs.map(s -> s.ratioTo(ours)).orElse("–"),
          df.map(Samples::brief).orElse(durableError(key(NoOpWorkflows.SEQUENTIAL, n))),
          df.map(s -> s.ratioTo(ours)).orElse("–"),
          dfSkip.map(Samples::brief).orElse(notRunOr(key(NoOpWorkflows.SEQUENTIAL, n))),
          dfSkip.map(s -> s.ratioTo(ours)).orElse("–"));
      if (n == TARGET_SIZE && theirs.isPresent()) {
        targetRatio = theirs.get().median() / ours.median();
      }
    }
    table.note(
        "Medians with the range over the runs. A ratio above 1 means Triggerflow was faster."
            + " Temporal: TestWorkflowEnvironment.newInstance() (in-memory test service), one"
            + " worker with default options, a no-op activity with a 1 min start-to-close"
            + " timeout. Durable functions: LocalDurableTestRunner with its default real timers,"
            + " and again with skipTime (its fake timers, as its README sets up tests), each step"
            + " a context.step.");
    table.note(versions());
    table.note(
        "Target: sequential "
            + Durations.count(TARGET_SIZE)
            + " at least "
            + Durations.ratio(TARGET_RATIO)
            + " faster than Temporal's test environment. Measured: "
            + (targetRatio == null
                ? "not measured."
                : Durations.ratio(targetRatio)
                    + (targetRatio >= TARGET_RATIO ? ", met." : ", not met.")));
    report.table(table);
  }

  private void mapTable() throws Exception {
    Table table =
        new Table(
            "Map: n no-op calls joined once, whole run",
            "n",
            "Triggerflow embedded",
            "wakes",
            "Temporal test env",
            "workflow tasks",
            "Temporal ÷ Triggerflow",
            "durable functions runner",
            "invocations",
            "durable ÷ Triggerflow");
    for (int n : settings.compareMapSizes()) {
      Samples ours = triggerflow(NoOpWorkflows.MAP, n);
      int episodes = results.inMemory(NoOpWorkflows.MAP, n).get(0).episodes();
      Optional<Samples> theirs = temporalSamples(NoOpWorkflows.MAP, n, o -> o.nanos());
      String tasks =
          Optional.ofNullable(temporal.get(key(NoOpWorkflows.MAP, n)))
              .map(o -> Durations.count(o.get(0).workflowTasks()))
              .orElse("–");
      Optional<DurableFunctionsRunner.Result> df = durableResult(key(NoOpWorkflows.MAP, n));
      table.row(
          Durations.count(n),
          ours.brief(),
          Durations.count(episodes),
          theirs.map(Samples::brief).orElse(temporalError(NoOpWorkflows.MAP, n)),
          tasks,
          theirs.map(s -> s.ratioTo(ours)).orElse("–"),
          df.map(r -> r.samples().brief()).orElse(durableError(key(NoOpWorkflows.MAP, n))),
          df.map(r -> Durations.count(r.invocations())).orElse("–"),
          df.map(r -> r.samples().ratioTo(ours)).orElse("–"));
    }
    table.note(
        "Wakes: Triggerflow's episodes (the start and one wake per join). Workflow tasks:"
            + " Temporal's completed workflow tasks, read from the run's history. Invocations:"
            + " the durable functions runner's handler invocations. Temporal: Async.function per"
            + " call, then Promise.allOf. Durable functions: context.map over n items, each item"
            + " one context.step, default (nested) child contexts.");
    report.table(table);
  }

  private void stepTable() throws Exception {
    List<Integer> sizes = settings.compareSequentialSizes();
    int n = sizes.get(sizes.size() - 1);
    List<Integer> ks = settings.stepsAt().stream().filter(k -> k <= n).toList();
    List<String> headers = new ArrayList<>(List.of("system"));
    ks.forEach(k -> headers.add("step " + Durations.count(k)));
    Table table =
        new Table(
            "Sequential " + Durations.count(n) + ": cost of step k",
            headers.toArray(String[]::new));

    List<EmbeddedWorkloads.Outcome> ours = results.inMemory(NoOpWorkflows.SEQUENTIAL, n);
    List<Object> row = new ArrayList<>(List.of("Triggerflow embedded"));
    for (int i = 0; i < ks.size(); i++) {
      int index = i;
      row.add(
          Samples.of(ours.stream().mapToLong(o -> Math.round(o.stepCosts().get(index))).toArray())
              .brief());
    }
    table.row(row.toArray());

    List<TemporalWorkloads.Outcome> theirs = temporal.get(key(NoOpWorkflows.SEQUENTIAL, n));
    row = new ArrayList<>(List.of("Temporal test env"));
    for (int i = 0; i < ks.size(); i++) {
      int index = i;
      row.add(
          theirs == null
              ? "–"
              : Samples.of(
                      theirs.stream()
                          .mapToLong(o -> Math.round(o.stepCosts().get(index)))
                          .toArray())
                  .brief());
    }
    table.row(row.toArray());

    Optional<DurableFunctionsRunner.Result> df = durableResult(key(NoOpWorkflows.SEQUENTIAL, n));
    row = new ArrayList<>(List.of("durable functions runner"));
    for (int k : ks) {
      row.add(df.map(r -> r.stepCosts().get(k)).map(Samples::brief).orElse("–"));
    }
    table.row(row.toArray());
    table.note(
        "The time from the start of one call's task, activity or step to the start of the next,"
            + " measured the same way in all three (median of the "
            + StepClock.WINDOW
            + " steps ending at k, then median and range over the runs).");
    report.table(table);
  }

  private String versions() {
    return "Versions: Temporal Java SDK "
        + Version.LIBRARY_VERSION
        + "; "
        + (durable == null ? "durable functions not run" : durable.versions())
        + ".";
  }

  private Samples triggerflow(String workload, int n) throws Exception {
    return Trials.samples(results.inMemory(workload, n), EmbeddedWorkloads.Outcome::nanos);
  }

  private Optional<Samples> temporalSamples(
      String workload, int n, ToLongFunction<TemporalWorkloads.Outcome> nanos) {
    return Optional.ofNullable(temporal.get(key(workload, n)))
        .map(outcomes -> Trials.samples(outcomes, nanos));
  }

  private String temporalError(String workload, int n) {
    if (workload.equals(NoOpWorkflows.MAP) && !settings.temporalMapSizes().contains(n)) {
      return "not run at this size (minutes per run)";
    }
    String error = temporalErrors.getOrDefault(key(workload, n), temporalErrors.get("*"));
    return error == null ? "not run" : "failed: " + error;
  }

  private Optional<DurableFunctionsRunner.Result> durableResult(String key) {
    DurableFunctionsRunner.Request request = durableRequests.get(key);
    return request == null || durable == null ? Optional.empty() : durable.result(request);
  }

  private Optional<Samples> durableSamples(String key) {
    return durableResult(key).map(DurableFunctionsRunner.Result::samples);
  }

  private String durableError(String key) {
    if (durable == null || durable.failure() != null) {
      return "not run: " + (durable == null ? "no runner" : durable.failure());
    }
    DurableFunctionsRunner.Request request = durableRequests.get(key);
    String error = request == null ? null : durable.errors().get(request);
    return error == null ? "not run" : "failed: " + error;
  }

  private String notRunOr(String key) {
    return durableRequests.containsKey(key + "/skipTime")
        ? durableError(key + "/skipTime")
        : "not run at this size";
  }

  private static String key(String workload, int n) {
    return workload + "/" + n;
  }
}

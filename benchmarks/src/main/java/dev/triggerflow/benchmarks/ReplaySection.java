package dev.triggerflow.benchmarks;

import dev.triggerflow.benchmarks.replay.ReplayBenchmark;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The replay of synthetic histories under JMH: the time of one replay and, divided by the number of
 * history events, the cost each event adds to every wake that replays it.
 */
final class ReplaySection {
  static final String NAME = "replay";

  private ReplaySection() {}

  static void run(Settings settings, Report report) throws RunnerException {
    report.text("## Replay of a history of n events (JMH)");
    report.progress("JMH: " + ReplayBenchmark.class.getSimpleName());
    Options options =
        new OptionsBuilder()
            .include(ReplayBenchmark.class.getName() + "\\.")
            .param(
                "calls",
                settings.replayCalls().stream().map(String::valueOf).toArray(String[]::new))
            .forks(settings.jmhForks())
            .warmupIterations(settings.jmhWarmups())
            .warmupTime(TimeValue.seconds(1))
            .measurementIterations(settings.jmhIterations())
            .measurementTime(TimeValue.seconds(1))
            .verbosity(VerboseMode.SILENT)
            .build();
    Collection<RunResult> runs = new Runner(options).run();

    Map<String, RunResult> sorted = new TreeMap<>();
    for (RunResult run : runs) {
      String method = run.getParams().getBenchmark();
      String calls = run.getParams().getParam("calls");
      sorted.put(method.substring(method.lastIndexOf('.') + 1) + "/" + pad(calls), run);
    }
    Table table =
        new Table(
            "Replayer.replay and HistoryIndex.of over synthetic histories",
            "benchmark",
            "calls",
            "events",
            "time per operation (± 99.9% error)",
            "per event");
    for (Map.Entry<String, RunResult> entry : sorted.entrySet()) {
      String benchmark = entry.getKey().substring(0, entry.getKey().indexOf('/'));
      int calls = Integer.parseInt(entry.getValue().getParams().getParam("calls"));
      int events = benchmark.equals("replayMap") ? 2 * calls + 2 : 3 * calls + 1;
      Result<?> primary = entry.getValue().getPrimaryResult();
      double nanos = primary.getScore() * 1_000;
      table.row(
          benchmark,
          Durations.count(calls),
          Durations.count(events),
          Durations.format(nanos) + " ± " + Durations.format(primary.getScoreError() * 1_000),
          Durations.format(nanos / events));
    }
    table.note(
        "replaySequential: the sequential workflow over the history of n calls (3n + 1 events),"
            + " what the wake after call n replays. replayMap: the map workflow over n results"
            + " (2n + 2 events). indexSequential: building the replay index from the 3n + 1"
            + " events, which a wake without a cached history does after reading them. JMH: "
            + settings.jmhForks()
            + " fork(s), "
            + settings.jmhWarmups()
            + " warm-up and "
            + settings.jmhIterations()
            + " measured iterations of 1 s, average time.");
    report.table(table);
  }

  private static String pad(String number) {
    return "0".repeat(Math.max(0, 10 - number.length())) + number;
  }
}

package dev.triggerflow.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark harness: runs every section and prints its tables as Markdown.
 *
 * <pre>
 * java -jar benchmarks/target/triggerflow-benchmarks.jar [--quick] [--only SECTION,...]
 *     [--out FILE] [--node-dir DIR]
 * </pre>
 *
 * Sections: sequential, map, replay, triggers, sqlite, compare. {@code --quick} runs every section
 * at small sizes; {@code --out} also writes the tables to a Markdown file; {@code --node-dir} names
 * the directory of bench.js (benchmarks/node from the repository root by default).
 */
public final class BenchmarkMain {
  private static final List<String> SECTIONS =
      List.of(
          SequentialSection.NAME,
          MapSection.NAME,
          ReplaySection.NAME,
          ThroughputSection.NAME,
          StoreSection.NAME,
          ComparisonSection.NAME);

  private BenchmarkMain() {}

  /** Runs the harness; see the class documentation for the arguments. */
  public static void main(String[] args) throws Exception {
    // Before any logger exists: the engines' and Temporal's info logs would bury the tables.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Settings settings = parse(args);
    Report report = new Report(System.out);
    report.text("# Triggerflow benchmarks");
    report.text(environment(settings));
    long start = System.nanoTime();

    EmbeddedResults results = new EmbeddedResults(settings, report);
    if (settings.runs(SequentialSection.NAME)) {
      SequentialSection.run(settings, results, report);
    }
    if (settings.runs(MapSection.NAME)) {
      MapSection.run(settings, results, report);
    }
    if (settings.runs(ReplaySection.NAME)) {
      ReplaySection.run(settings, report);
    }
    if (settings.runs(ThroughputSection.NAME)) {
      ThroughputSection.run(settings, report);
    }
    if (settings.runs(StoreSection.NAME)) {
      StoreSection.run(settings, results, report);
    }
    if (settings.runs(ComparisonSection.NAME)) {
      ComparisonSection.run(settings, results, report);
    }

    long minutes = TimeUnit.NANOSECONDS.toMinutes(System.nanoTime() - start);
    report.text("The harness ran for " + minutes + " min; " + loadAverage() + " at the end.");
    if (settings.out() != null) {
      report.writeTo(settings.out());
      System.out.println("Tables written to " + settings.out());
    }
    // Temporal's and JMH's non-daemon threads must not keep a finished run alive.
    System.exit(0);
  }

  private static Settings parse(String[] args) {
    boolean quick = false;
    Path out = null;
    Path nodeDir =
        Files.isDirectory(Path.of("benchmarks/node")) ? Path.of("benchmarks/node") : null;
    Set<String> sections = new LinkedHashSet<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--out" -> out = Path.of(value(args, ++i));
        case "--node-dir" -> nodeDir = Path.of(value(args, ++i));
        case "--only" -> sections.addAll(Arrays.asList(value(args, ++i).split(",", -1)));
        default -> throw usage("unknown argument '" + args[i] + "'");
      }
    }
    for (String section : sections) {
      if (!SECTIONS.contains(section)) {
        throw usage("unknown section '" + section + "'");
      }
    }
    if (nodeDir == null) {
      nodeDir = Path.of("node");
    }
    return quick ? Settings.quick(nodeDir, out, sections) : Settings.full(nodeDir, out, sections);
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw usage(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  private static IllegalArgumentException usage(String problem) {
    return new IllegalArgumentException(
        problem
            + "; usage: [--quick] [--only "
            + String.join(",", SECTIONS)
            + "] [--out FILE] [--node-dir DIR]");
  }

  private static String environment(Settings settings) {
    Runtime runtime = Runtime.getRuntime();
    List<String> lines = new ArrayList<>();
    lines.add(
        "Run "
            + ZonedDateTime.now(ZoneOffset.UTC)
                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))
            + " UTC, "
            + (settings.quick() ? "quick plan" : "full plan")
            + ".");
    lines.add(
        "Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vm.name")
            + "), "
            + runtime.availableProcessors()
            + " processors, max heap "
            + runtime.maxMemory() / (1024 * 1024)
            + " MiB, JVM arguments "
            + ManagementFactory.getRuntimeMXBean().getInputArguments()
            + ".");
    lines.add(
        "OS "
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + ", "
            + cpuModel()
            + "; "
            + loadAverage()
            + " at the start.");
    return String.join("\n", lines);
  }

  /**
   * The system's load averages over 1, 5 and 15 minutes: on a shared machine, a load well above the
   * processor count says the figures of this run were taken while others competed for them.
   */
  private static String loadAverage() {
    try {
      String[] fields =
          Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8).split(" ", -1);
      return "load average " + fields[0] + ", " + fields[1] + ", " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "load average unknown";
    }
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8).stream()
          .filter(line -> line.startsWith("model name"))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst()
          .orElse("CPU model unknown");
    } catch (IOException e) {
      return "CPU model unknown";
    }
  }
}

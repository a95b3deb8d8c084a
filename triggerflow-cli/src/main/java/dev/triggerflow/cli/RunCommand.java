package dev.triggerflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Starts a run and waits for it to finish. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Runs a workflow to completion and prints its result.")
final class RunCommand extends ParentOptions implements Callable<Integer> {

  @Parameters(index = "0", description = "The workflow's registered name, e.g. sequence.")
  String workflow;

  @Option(names = "--input", description = "The input as JSON, e.g. '{\"tasks\": 200}'.")
  String input;

  @Option(names = "--run-id", description = "The run id to use (default: a new one).")
  String runId;

  @Option(
      names = "--timeout",
      defaultValue = "PT10M",
      description = "How long to wait, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Option(
      names = "--progress",
      defaultValue = "auto",
      paramLabel = "MODE",
      description =
          "Progress on stderr: live (one line redrawn in place), lines (a line a second at most"
              + " when something changed, and the final state), none, or auto: live on a"
              + " terminal, else lines (default: ${DEFAULT-VALUE}).")
  String progress;

  /** How often a waiting run is read for its progress. */
  static final Duration POLL = Duration.ofMillis(100);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    JsonNode in = parseInput(input);
    ProgressLine.Mode mode = ProgressLine.Mode.parse(progress, ProgressLine.onTerminal());
    PrintWriter out = spec.commandLine().getOut();
    try (Target target = open()) {
      String id = target.client().start(workflow, in, runId);
      RunRecord run;
      try {
        run = target.withResolvedResult(await(target, id, mode));
      } catch (TimeoutException e) {
        spec.commandLine()
            .getErr()
            .println(
                "run "
                    + id
                    + " did not finish within "
                    + timeout
                    + "; it goes on, and 'status' shows where it stands");
        return ExitCodes.TIMEOUT;
      }
      out.println(json ? Render.runJson(run).toString() : Render.runText(run).stripTrailing());
      out.flush();
      return run.status() == RunStatus.COMPLETED ? ExitCodes.OK : ExitCodes.RUN_NOT_COMPLETED;
    }
  }

  /**
   * Waits for the run in slices of {@link #POLL}, reading its progress between them. Each slice
   * waits on the runtime's completion signal, so a run that finishes is seen at once.
   */
  private RunRecord await(Target target, String id, ProgressLine.Mode requested)
      throws TimeoutException, InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    ProgressLine.Mode mode =
        target.progressStores().isPresent() ? requested : ProgressLine.Mode.NONE;
    ProgressLine line = new ProgressLine(err, mode, System::nanoTime, ProgressLine.terminalWidth());
    RunProgress reader =
        target.progressStores().map(stores -> new RunProgress(stores, id)).orElse(null);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        line.finish(read(reader, mode));
        throw new TimeoutException("run " + id + " did not finish within " + timeout);
      }
      try {
        RunRecord run = target.awaitFor(id, Duration.ofNanos(Math.min(left, POLL.toNanos())));
        line.finish(read(reader, mode));
        return run;
      } catch (TimeoutException e) {
        line.update(read(reader, mode));
      }
    }
  }

  /** Reads progress only when it is shown: a read costs store queries. */
  private static RunProgress.Snapshot read(RunProgress reader, ProgressLine.Mode mode) {
    return mode == ProgressLine.Mode.NONE || reader == null ? null : reader.read();
  }

  static JsonNode parseInput(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Json.parse(text);
    } catch (Json.JsonMappingFailure e) {
      throw new IllegalArgumentException("--input is " + e.getMessage(), e);
    }
  }
}

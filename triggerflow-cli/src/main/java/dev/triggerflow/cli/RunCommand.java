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
    description = "Runs a workflow to completion on the embedded runtime.")
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

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    JsonNode in = parseInput(input);
    PrintWriter out = spec.commandLine().getOut();
    try (LocalRuntime local = open()) {
      String id = local.runtime().start(workflow, in, runId);
      RunRecord run;
      try {
        run = local.runtime().awaitCompletion(id, timeout);
      } catch (TimeoutException e) {
        spec.commandLine()
            .getErr()
            .println(
                "run "
                    + id
                    + " did not finish within "
                    + timeout
                    + "; it is stored and continues with 'triggerflow resume'");
        return ExitCodes.TIMEOUT;
      }
      out.println(json ? Render.runJson(run).toString() : Render.runText(run).stripTrailing());
      out.flush();
      return run.status() == RunStatus.COMPLETED ? ExitCodes.OK : ExitCodes.RUN_NOT_COMPLETED;
    }
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

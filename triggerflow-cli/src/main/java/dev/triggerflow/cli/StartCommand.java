package dev.triggerflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.spi.RunRecord;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Starts a run and returns once it waits (or has finished). */
@Command(
    name = "start",
    mixinStandardHelpOptions = true,
    description =
        "Starts a workflow and returns once the run waits on a timer or an outside event, or has"
            + " finished; prints the run id.")
final class StartCommand extends ParentOptions implements Callable<Integer> {

  @Parameters(index = "0", description = "The workflow's registered name.")
  String workflow;

  @Option(names = "--input", description = "The input as JSON.")
  String input;

  @Option(names = "--run-id", description = "The run id to use (default: a new one).")
  String runId;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    JsonNode in = RunCommand.parseInput(input);
    try (Target target = open()) {
      String id = target.client().start(workflow, in, runId);
      target.settle();
      RunRecord run = target.withResolvedResult(target.client().run(id).orElseThrow());
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        out.println(Render.runJson(run));
      } else {
        out.println(id);
      }
      out.flush();
      return ExitCodes.OK;
    }
  }
}

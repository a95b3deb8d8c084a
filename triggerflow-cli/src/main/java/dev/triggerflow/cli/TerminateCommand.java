package dev.triggerflow.cli;

import dev.triggerflow.spi.RunRecord;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Terminates a run. */
@Command(
    name = "terminate",
    mixinStandardHelpOptions = true,
    description =
        "Terminates a run: its pending triggers and timers are removed, its running children are"
            + " terminated, and later events for it are ignored.")
final class TerminateCommand extends ParentOptions implements Callable<Integer> {

  @Parameters(index = "0", description = "The run id.")
  String runId;

  @Option(names = "--reason", defaultValue = "terminated from the CLI", description = "Why.")
  String reason;

  @Option(names = "--json", description = "Print the run afterwards as one JSON object.")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    try (Target target = open()) {
      target.client().terminate(runId, reason);
      target.settle();
      RunRecord run = target.withResolvedResult(target.client().run(runId).orElseThrow());
      PrintWriter out = spec.commandLine().getOut();
      out.println(json ? Render.runJson(run).toString() : Render.runText(run).stripTrailing());
      out.flush();
      return ExitCodes.OK;
    }
  }
}

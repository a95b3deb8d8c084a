package dev.triggerflow.cli;

import dev.triggerflow.client.UnknownRunException;
import dev.triggerflow.spi.RunRecord;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Shows one run. */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Shows a run's state.")
final class StatusCommand extends ParentOptions implements Callable<Integer> {

  @Parameters(index = "0", description = "The run id.")
  String runId;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    try (Target target = open()) {
      RunRecord run =
          target.withResolvedResult(
              target.client().run(runId).orElseThrow(() -> new UnknownRunException(runId)));
      PrintWriter out = spec.commandLine().getOut();
      out.println(json ? Render.runJson(run).toString() : Render.runText(run).stripTrailing());
      out.flush();
      return ExitCodes.OK;
    }
  }
}

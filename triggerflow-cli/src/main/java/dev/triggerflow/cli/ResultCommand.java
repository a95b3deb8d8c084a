package dev.triggerflow.cli;

import dev.triggerflow.client.UnknownRunException;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Prints a completed run's result as JSON. */
@Command(
    name = "result",
    mixinStandardHelpOptions = true,
    description =
        "Prints a completed run's result as JSON; exits 1 if the run failed or is still running.")
final class ResultCommand extends ParentOptions implements Callable<Integer> {

  @Parameters(index = "0", description = "The run id.")
  String runId;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    try (Target target = open()) {
      RunRecord run = target.client().run(runId).orElseThrow(() -> new UnknownRunException(runId));
      if (run.status() != RunStatus.COMPLETED) {
        spec.commandLine()
            .getErr()
            .println(
                "run "
                    + runId
                    + " is "
                    + run.status()
                    + (run.errorType() == null ? "" : " (" + run.errorType() + ")")
                    + "; it has no result");
        return ExitCodes.RUN_NOT_COMPLETED;
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(target.result(run));
      out.flush();
      return ExitCodes.OK;
    }
  }
}

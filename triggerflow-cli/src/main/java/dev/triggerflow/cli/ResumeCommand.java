package dev.triggerflow.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Continues the runs a stopped process left unfinished. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description = {
      "Continues runs that nothing carries on any more, and waits for each to end.",
      "Locally (runs left when a process stopped): calls that were started and have no result are"
          + " started again, and each run goes on to its end.",
      "On AWS: each run's orchestrator is woken, so that a run whose first wake never came, or"
          + " whose wakes Lambda parked in the failed-invocations queue, goes on; a healthy run's"
          + " wake finds nothing to do."
    })
final class ResumeCommand extends ParentOptions implements Callable<Integer> {

  @Parameters(
      arity = "0..*",
      paramLabel = "RUN_ID",
      description = "The runs to continue (default: every running run).")
  List<String> runIds = new ArrayList<>();

  @Option(
      names = "--no-wait",
      description =
          "On AWS: print the runs woken and return without waiting for them (locally the runs go"
              + " on only while this command runs, so it always waits).")
  boolean noWait;

  @Option(
      names = "--timeout",
      defaultValue = "PT10M",
      description = "How long to wait for each run, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    int code = ExitCodes.OK;
    ArrayNode results = Json.mapper().createArrayNode();
    try (Target target = open()) {
      if (noWait && !target.runsWithoutThisProcess()) {
        throw new IllegalArgumentException(
            "--no-wait is for --target aws: the embedded runtime carries runs on only while this"
                + " command runs");
      }
      List<String> resumed = target.resume(runIds);
      if (resumed.isEmpty() && !json) {
        out.println("no unfinished runs");
      }
      if (noWait) {
        for (String id : resumed) {
          if (json) {
            results.add(Json.mapper().createObjectNode().put("runId", id).put("woken", true));
          } else {
            out.println("woke run " + id);
          }
        }
        resumed = List.of();
      }
      for (String id : resumed) {
        try {
          RunRecord run = target.awaitFor(id, timeout);
          if (run.status() != RunStatus.COMPLETED) {
            code = Math.max(code, ExitCodes.RUN_NOT_COMPLETED);
          }
          if (json) {
            results.add(Render.runJson(run));
          } else {
            out.println(Render.runText(run).stripTrailing());
          }
        } catch (TimeoutException e) {
          code = ExitCodes.TIMEOUT;
          out.println("run " + id + " did not finish within " + timeout);
        }
      }
    }
    if (json) {
      out.println(Json.mapper().createObjectNode().set("runs", results));
    }
    out.flush();
    return code;
  }
}

package dev.triggerflow.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Continues the runs a stopped process left unfinished. */
@Command(
    name = "resume",
    mixinStandardHelpOptions = true,
    description =
        "Continues runs left unfinished when a process stopped: calls that were started and"
            + " have no result are started again, and each run goes on to its end.")
final class ResumeCommand extends ParentOptions implements Callable<Integer> {

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
      List<String> resumed = target.resume();
      if (resumed.isEmpty() && !json) {
        out.println("no unfinished runs");
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

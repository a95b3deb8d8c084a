package dev.triggerflow.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.RunPage;
import dev.triggerflow.spi.RunQuery;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Lists runs, newest first. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "Lists runs, newest first.")
final class ListCommand extends ParentOptions implements Callable<Integer> {

  @Option(names = "--workflow", description = "Only runs of this workflow.")
  String workflow;

  @Option(names = "--status", description = "Only runs in this state: ${COMPLETION-CANDIDATES}.")
  RunStatus status;

  @Option(names = "--limit", defaultValue = "50", description = "At most this many runs.")
  int limit;

  @Option(names = "--page", description = "The page token printed by the previous page.")
  String page;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    try (Target target = open()) {
      RunPage runs = target.client().list(new RunQuery(workflow, status, limit, page));
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectNode o = Json.mapper().createObjectNode();
        ArrayNode array = o.putArray("runs");
        runs.runs().forEach(r -> array.add(Render.runJson(r)));
        o.put("nextPage", runs.nextPageToken());
        out.println(o);
      } else {
        if (runs.runs().isEmpty()) {
          out.println("no runs");
        }
        for (RunRecord r : runs.runs()) {
          out.printf("%-40s %-12s %-17s %s%n", r.runId(), r.workflow(), r.status(), r.createdAt());
        }
        if (runs.nextPageToken() != null) {
          out.println("more: --page " + runs.nextPageToken());
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }
}

package dev.triggerflow.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.DeadLetter;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Shows the events the engine could not process. */
@Command(
    name = "dead-letters",
    mixinStandardHelpOptions = true,
    description = "Shows the events the engine could not process, newest first.")
final class DeadLettersCommand extends ParentOptions implements Callable<Integer> {

  @Option(names = "--limit", defaultValue = "20", description = "At most this many.")
  int limit;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    try (Target target = open()) {
      List<DeadLetter> letters = target.client().deadLetters(limit);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ArrayNode array = Json.mapper().createArrayNode();
        letters.forEach(l -> array.add(Json.toTree(l)));
        out.println(Json.mapper().createObjectNode().set("deadLetters", array));
      } else if (letters.isEmpty()) {
        out.println("no dead letters");
      } else {
        for (DeadLetter l : letters) {
          out.println(l.time() + "  run " + l.runId() + "  " + l.reason());
        }
      }
      out.flush();
      return ExitCodes.OK;
    }
  }
}

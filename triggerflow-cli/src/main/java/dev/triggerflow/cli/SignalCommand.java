package dev.triggerflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.triggerflow.spi.RunRecord;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Sends an external event to a run. */
@Command(
    name = "signal",
    mixinStandardHelpOptions = true,
    description = "Sends an external event to a run: its waitForEvent(name) receives it.")
final class SignalCommand extends ParentOptions implements Callable<Integer> {

  @Parameters(index = "0", description = "The run id.")
  String runId;

  @Parameters(index = "1", description = "The event's name.")
  String name;

  @Parameters(index = "2", arity = "0..1", description = "The event's payload as JSON.")
  String payload;

  @Option(names = "--id", description = "An event id that makes resending harmless.")
  String eventId;

  @Option(names = "--json", description = "Print the run afterwards as one JSON object.")
  boolean json;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    JsonNode body = payload == null ? NullNode.getInstance() : parse(payload);
    try (Target target = open()) {
      target.client().signal(runId, name, body, eventId);
      target.settle();
      RunRecord run = target.withResolvedResult(target.client().run(runId).orElseThrow());
      PrintWriter out = spec.commandLine().getOut();
      out.println(json ? Render.runJson(run).toString() : Render.runText(run).stripTrailing());
      out.flush();
      return ExitCodes.OK;
    }
  }

  private static JsonNode parse(String text) {
    try {
      return dev.triggerflow.json.Json.parse(text);
    } catch (dev.triggerflow.json.Json.JsonMappingFailure e) {
      throw new IllegalArgumentException("the payload is " + e.getMessage(), e);
    }
  }
}

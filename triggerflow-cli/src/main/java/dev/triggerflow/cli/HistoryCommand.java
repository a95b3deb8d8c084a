package dev.triggerflow.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.client.UnknownRunException;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.RunRecord;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Shows a run's history. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = "Shows a run's history as a timeline of orchestrator runs, calls and events.")
final class HistoryCommand extends ParentOptions implements Callable<Integer> {

  @Parameters(index = "0", description = "The run id.")
  String runId;

  @Option(names = "--json", description = "Print the history events as JSON.")
  boolean json;

  @Option(
      names = "--html",
      paramLabel = "FILE",
      description = "Write the run's timeline as one self-contained HTML page to FILE.")
  Path html;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private static final ObjectWriter HISTORY =
      Json.mapper().writerFor(new TypeReference<List<HistoryEvent>>() {});

  @Override
  public Integer call() throws IOException {
    try (Target target = open()) {
      RunRecord run =
          target.withResolvedResult(
              target.client().run(runId).orElseThrow(() -> new UnknownRunException(runId)));
      List<HistoryEvent> history = target.client().history(runId);
      PrintWriter out = spec.commandLine().getOut();
      if (html != null) {
        writeHtml(run, history);
        out.println("wrote " + html);
      } else if (json) {
        ObjectNode o = Render.runJson(run);
        o.set("history", Json.parse(HISTORY.writeValueAsString(history)));
        out.println(o);
      } else {
        out.println(Timeline.render(run, history));
      }
      out.flush();
      return ExitCodes.OK;
    }
  }

  private void writeHtml(RunRecord run, List<HistoryEvent> history) {
    try {
      Files.writeString(html, HtmlTimeline.render(run, history));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot write --html " + html + ": " + e, e);
    }
  }
}

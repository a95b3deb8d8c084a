package dev.triggerflow.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A recorded history of one example run, kept as a JSON fixture so that every build can replay it
 * with the current code. Written with the engine's own mapper; each history event keeps its type id
 * ({@code kind}), as it does in the stores.
 *
 * @param scenario the scenario that produced it
 * @param workflow the workflow that ran
 * @param runId the run's id (the workflow's random numbers are seeded by it)
 * @param input the run's input
 * @param history the run's history, every episode from the start to the end
 */
record GoldenHistory(
    String scenario, String workflow, String runId, JsonNode input, List<HistoryEvent> history) {

  /** Where the fixtures live in the source tree, relative to the examples module. */
  static final Path SOURCE_DIR = Path.of("src", "test", "resources", "golden");

  GoldenHistory {
    history = List.copyOf(history);
  }

  /** The fixture's file name. */
  static String fileName(String scenario) {
    return scenario + ".json";
  }

  /** Reads a fixture from the test classpath. */
  static GoldenHistory load(String scenario) {
    String resource = "/golden/" + fileName(scenario);
    try (InputStream in = GoldenHistory.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "no golden history " + resource + "; record it with -Dgolden.update=true");
      }
      return Json.mapper()
          .readValue(new String(in.readAllBytes(), StandardCharsets.UTF_8), GoldenHistory.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes this fixture into the source tree, as text that diffs well. */
  void write(Path dir) {
    try {
      Files.createDirectories(dir);
      String json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this);
      Files.writeString(dir.resolve(fileName(scenario)), json + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.triggerflow.benchmarks.durable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.benchmarks.Samples;
import dev.triggerflow.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the workloads on AWS Lambda durable functions' local test runner, through {@code bench.js}
 * in the {@code node} directory, and reads back the raw samples it measured. The script runs in a
 * process of its own after the JVM's measurements, so the two never compete for the cores.
 */
public final class DurableFunctionsRunner {
  private static final long TIMEOUT_MINUTES = 90;

  private final Path nodeDir;
  private final List<Request> requests = new ArrayList<>();

  /** A runner of the script in {@code nodeDir}. */
  public DurableFunctionsRunner(Path nodeDir) {
    this.nodeDir = nodeDir;
  }

  /**
   * One workload at one size.
   *
   * @param skipTime whether the runner's fake timers are installed (its time-skipping mode)
   */
  public record Request(
      String workload, int n, int warmups, int repeats, List<Integer> stepsAt, boolean skipTime) {}

  /**
   * The figures of one request.
   *
   * @param invocations how many times the runner invoked the handler: durable functions' wakes
   * @param operations how many durable operations the execution recorded
   * @param stepCosts for a sequential run, each step asked for and its costs, one per repeat
   */
  public record Result(
      Request request,
      Samples samples,
      int invocations,
      int operations,
      Map<Integer, Samples> stepCosts) {}

  /**
   * What the script measured, or why it could not.
   *
   * @param versions the versions of Node and of the two packages
   * @param failure why nothing was measured, or null
   * @param errors the requests that failed, with the reason
   */
  public record Outcome(
      String versions, String failure, List<Result> results, Map<Request, String> errors) {

    /** The result of a request, if it was measured. */
    public Optional<Result> result(Request request) {
      return results.stream().filter(r -> r.request().equals(request)).findFirst();
    }
  }

  /** Queues a request; {@link #run} measures every queued request in one process. */
  public Request add(
      String workload, int n, int warmups, int repeats, List<Integer> stepsAt, boolean skipTime) {
    Request request = new Request(workload, n, warmups, repeats, List.copyOf(stepsAt), skipTime);
    requests.add(request);
    return request;
  }

  /** Installs the npm packages if needed, then runs the script over every queued request. */
  public Outcome run(Path logFile) throws InterruptedException {
    try {
      if (!Files.isRegularFile(nodeDir.resolve("bench.js"))) {
        return failed("no bench.js in " + nodeDir.toAbsolutePath());
      }
      if (!Files.exists(nodeDir.resolve("node_modules/.package-lock.json"))) {
        int code = exec(logFile, "npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund");
        if (code != 0) {
          return failed("npm ci failed with exit code " + code + "; see " + logFile);
        }
      }
      Path out = Files.createTempFile("durable-functions-", ".json");
      try {
        int code = exec(logFile, "node", "bench.js", "--plan", plan(), "--out", out.toString());
        if (code != 0) {
          return failed("node bench.js failed with exit code " + code + "; see " + logFile);
        }
        return parse(Json.parse(Files.readString(out, StandardCharsets.UTF_8)));
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      return failed("could not run node: " + e.getMessage());
    }
  }

  private int exec(Path logFile, String... command) throws IOException, InterruptedException {
    Path parent = logFile.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Process process =
        new ProcessBuilder(command)
            .directory(nodeDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .start();
    if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " ran past " + TIMEOUT_MINUTES + " min");
    }
    return process.exitValue();
  }

  private String plan() {
    ObjectNode plan = Json.mapper().createObjectNode();
    ArrayNode runs = plan.putArray("runs");
    for (Request r : requests) {
      ObjectNode entry = runs.addObject();
      entry.put("workload", r.workload());
      entry.put("n", r.n());
      entry.put("warmups", r.warmups());
      entry.put("repeats", r.repeats());
      entry.put("skipTime", r.skipTime());
      ArrayNode steps = entry.putArray("stepsAt");
      r.stepsAt().forEach(steps::add);
    }
    return plan.toString();
  }

  private Outcome parse(JsonNode report) {
    String versions =
        "@aws/durable-execution-sdk-js "
            + report.path("sdk").asText()
            + ", @aws/durable-execution-sdk-js-testing "
            + report.path("testing").asText()
            + ", Node "
            + report.path("node").asText();
    List<Result> results = new ArrayList<>();
    for (JsonNode r : report.path("results")) {
      Request request = find(r);
      List<Long> nanos = new ArrayList<>();
      r.path("samplesNanos").forEach(s -> nanos.add(s.asLong()));
      Map<Integer, Samples> costs = new LinkedHashMap<>();
      for (int k : request.stepsAt()) {
        List<Long> perRepeat = new ArrayList<>();
        for (JsonNode repeat : r.path("stepCosts")) {
          if (repeat.has(Integer.toString(k))) {
            perRepeat.add(Math.round(repeat.get(Integer.toString(k)).asDouble()));
          }
        }
        if (!perRepeat.isEmpty()) {
          costs.put(k, Samples.of(perRepeat));
        }
      }
      results.add(
          new Result(
              request,
              Samples.of(nanos),
              r.path("invocations").asInt(),
              r.path("operations").asInt(),
              costs));
    }
    Map<Request, String> errors = new LinkedHashMap<>();
    for (JsonNode e : report.path("errors")) {
      errors.put(find(e), e.path("message").asText());
    }
    return new Outcome(versions, null, results, errors);
  }

  private Request find(JsonNode entry) {
    return requests.stream()
        .filter(
            r ->
                r.workload().equals(entry.path("workload").asText())
                    && r.n() == entry.path("n").asInt()
                    && r.skipTime() == entry.path("skipTime").asBoolean())
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("bench.js reported an unknown run " + entry));
  }

  private static Outcome failed(String why) {
    return new Outcome("not run", why, List.of(), Map.of());
  }
}

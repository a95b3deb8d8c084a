package dev.triggerflow.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.json.Json;
import java.util.List;

/**
 * One example run the simulation drives: a workflow, its input (small, so a thousand seeds fit in
 * the build), and the signal the outside world sends, if any. The run id is fixed, so that every
 * seed starts the same run and must reach the same result as the fault-free one.
 *
 * @param name the scenario's name, also the suffix of its run id
 * @param workflow the registered workflow
 * @param input the run's input
 * @param signal the payload of the {@code decision} signal sent soon after the start, or null
 * @param orchestrated whether the workflow is code replayed by the orchestrator (else native)
 */
record Scenario(
    String name, String workflow, JsonNode input, JsonNode signal, boolean orchestrated) {

  /** The name of the signal the approval example waits for. */
  static final String SIGNAL = "decision";

  /** Every example, on every path worth taking. */
  static List<Scenario> all() {
    JsonNode request = Json.parse("{\"request\": \"laptop\", \"amount\": 900}");
    return List.of(
        new Scenario("sequence", "sequence", Json.parse("null"), null, true),
        new Scenario("pi", "pi", Json.parse("{\"tasks\": 20, \"samplesPerTask\": 50}"), null, true),
        new Scenario(
            "approval-approved",
            "approval",
            request,
            Json.parse("{\"approved\": true, \"by\": \"ana\"}"),
            true),
        new Scenario("approval-timeout", "approval", request, null, true),
        new Scenario(
            "saga-failure",
            "saga",
            Json.parse("{\"traveller\": \"ana\", \"failAt\": \"car\"}"),
            null,
            true),
        new Scenario(
            "saga-success",
            "saga",
            Json.parse("{\"traveller\": \"ana\", \"failAt\": \"none\"}"),
            null,
            true),
        new Scenario("flaky", "flaky", Json.parse("3"), null, true),
        new Scenario("billing", "billing", Json.parse("{\"pages\": 2}"), null, true),
        new Scenario("dag", "dag", Json.parse("1"), null, false));
  }

  /** The scenario with this name. */
  static Scenario named(String name) {
    return all().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no scenario named '" + name + "'"));
  }

  /** The run's id: the same for every seed. */
  String runId() {
    return "sim-" + name;
  }

  @Override
  public String toString() {
    return name;
  }
}

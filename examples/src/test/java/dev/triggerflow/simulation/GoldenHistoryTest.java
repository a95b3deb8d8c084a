package dev.triggerflow.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.api.Registry;
import dev.triggerflow.api.TaskRef;
import dev.triggerflow.api.WorkflowDefinition;
import dev.triggerflow.examples.Examples;
import dev.triggerflow.examples.approval.Approval;
import dev.triggerflow.examples.approval.NotifyApprover;
import dev.triggerflow.examples.dag.Dag;
import dev.triggerflow.examples.sequence.MyFunction;
import dev.triggerflow.json.Json;
import dev.triggerflow.trigger.Trigger;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden histories: the recorded history of every orchestrated example, replayed on every build
 * with the current code, episode by episode. A change that would make the code decide differently
 * on a recorded history (another call, another input, another outcome, or a non-determinism error)
 * fails here, before it reaches runs in flight.
 *
 * <p>To record the fixtures again after a deliberate change, run
 *
 * <pre>
 * ./mvnw -o -pl examples verify -Dtest=GoldenHistoryTest -Dgolden.update=true
 * </pre>
 *
 * and review the diff of {@code examples/src/test/resources/golden/} before committing it: a
 * changed fixture means runs recorded by the old code would now go another way.
 */
class GoldenHistoryTest {
  private static final Registry EXAMPLES = Examples.builder(new MyFunction(Duration.ZERO)).build();
  private static final String DAG_TRIGGERS = "dag-triggers";
  private static final TaskRef<Integer, Integer> MY_FUNCTION = TaskRef.of(MyFunction.class);

  /** The orchestrated examples on each of their paths; pi kept small. */
  static Stream<Scenario> recorded() {
    return Scenario.all().stream()
        .filter(Scenario::orchestrated)
        .map(
            s ->
                s.name().equals("pi")
                    ? new Scenario(
                        "pi",
                        "pi",
                        Json.parse("{\"tasks\": 4, \"samplesPerTask\": 100}"),
                        null,
                        true)
                    : s);
  }

  private static boolean updating() {
    return Boolean.getBoolean("golden.update");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recorded")
  void goldenHistory_replayedWithTheCurrentCode_makesTheRecordedCommandsAndOutcome(
      Scenario scenario) {
    assumeFalse(updating(), "recording the fixtures instead");
    GoldenHistory golden = GoldenHistory.load(scenario.name());
    WorkflowDefinition<?, ?> definition = EXAMPLES.workflow(golden.workflow()).orElseThrow();

    List<String> differences = GoldenReplay.differences(definition, golden);

    assertThat(differences)
        .as(
            "the code no longer replays the golden history of %s; if the change is deliberate,"
                + " record the fixtures again with -Dgolden.update=true and review their diff",
            scenario)
        .isEmpty();
  }

  @Test
  void dag_nativeWorkflow_definesTheRecordedTriggers() throws IOException {
    assumeFalse(updating(), "recording the fixtures instead");
    JsonNode recorded = Json.parse(resource(DAG_TRIGGERS));

    JsonNode now = dagTriggers();

    assertThat(now).as("the triggers of the native dag workflow changed").isEqualTo(recorded);
  }

  @Test
  void sequenceChangedToCallAnotherTask_isCaughtAsANonDeterminismError() {
    assumeFalse(updating(), "recording the fixtures instead");
    GoldenHistory golden = GoldenHistory.load("sequence");
    WorkflowDefinition<Integer, Integer> changed =
        new WorkflowDefinition<>(
            "sequence",
            (ctx, start) -> {
              int res = ctx.call(MY_FUNCTION, 0).get();
              ctx.call(NotifyApprover.class, new Approval.Request("laptop", res)).get();
              return res;
            },
            Integer.class,
            Integer.class);

    List<String> differences = GoldenReplay.differences(changed, golden);

    assertThat(differences)
        .anySatisfy(
            d ->
                assertThat(d)
                    .contains("NonDeterminismException", "run 'sim-sequence', call 2")
                    .contains("task 'my_function'", "task 'notify_approver'"));
  }

  @Test
  void sequenceChangedToPassAnotherInput_isCaughtAsOtherCommands() {
    assumeFalse(updating(), "recording the fixtures instead");
    GoldenHistory golden = GoldenHistory.load("sequence");
    WorkflowDefinition<Integer, Integer> changed =
        new WorkflowDefinition<>(
            "sequence",
            (ctx, start) -> {
              int res = ctx.call(MY_FUNCTION, 1).get();
              return ctx.call(MY_FUNCTION, res).get();
            },
            Integer.class,
            Integer.class);

    List<String> differences = GoldenReplay.differences(changed, golden);

    assertThat(differences).first().asString().startsWith("episode 0: the code now makes");
  }

  @Test
  void sequenceChangedToReturnAnotherResult_isCaughtAsAnotherOutcome() {
    assumeFalse(updating(), "recording the fixtures instead");
    GoldenHistory golden = GoldenHistory.load("sequence");
    WorkflowDefinition<Integer, Integer> changed =
        new WorkflowDefinition<>(
            "sequence",
            (ctx, start) -> {
              int res = ctx.call(MY_FUNCTION, 0).get();
              return ctx.call(MY_FUNCTION, res).get() + 1;
            },
            Integer.class,
            Integer.class);

    List<String> differences = GoldenReplay.differences(changed, golden);

    assertThat(differences)
        .containsExactly(
            "episode 2: the code now ends completed with 7 where the history recorded completed"
                + " with 6");
  }

  /** Records every fixture again: only when asked to, with -Dgolden.update=true. */
  @Test
  @EnabledIfSystemProperty(named = "golden.update", matches = "true")
  void recordGoldenHistories() throws IOException {
    recorded()
        .forEach(
            scenario -> {
              Simulation.Result run = Simulation.faultFree(scenario);
              assertThat(run.violations()).as(run::report).isEmpty();
              new GoldenHistory(
                      scenario.name(),
                      scenario.workflow(),
                      scenario.runId(),
                      scenario.input(),
                      run.history())
                  .write(GoldenHistory.SOURCE_DIR);
            });
    Files.writeString(
        GoldenHistory.SOURCE_DIR.resolve(GoldenHistory.fileName(DAG_TRIGGERS)),
        Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(dagTriggers()) + "\n",
        StandardCharsets.UTF_8);
  }

  /** What a trigger of the definition says, in a stable order; not its state in a run. */
  private record TriggerDefinition(
      String id,
      List<String> subjects,
      List<String> types,
      String condition,
      JsonNode conditionParams,
      String action,
      JsonNode actionParams,
      boolean isTransient) {}

  private static JsonNode dagTriggers() {
    List<TriggerDefinition> definitions = new ArrayList<>();
    for (Trigger t : Dag.workflow().triggers("sim-dag", Simulation.START)) {
      definitions.add(
          new TriggerDefinition(
              t.id(),
              t.subjects().stream().sorted().toList(),
              t.types().stream().sorted().toList(),
              t.condition(),
              t.conditionParams(),
              t.action(),
              t.actionParams(),
              t.isTransient()));
    }
    return Json.toTree(definitions);
  }

  private static String resource(String name) throws IOException {
    try (InputStream in =
        GoldenHistoryTest.class.getResourceAsStream("/golden/" + GoldenHistory.fileName(name))) {
      assertThat(in).as("fixture %s; record it with -Dgolden.update=true", name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}

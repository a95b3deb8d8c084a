package dev.triggerflow.nativeflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.api.Names;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.json.Json;
import dev.triggerflow.trigger.Actions;
import dev.triggerflow.trigger.Conditions;
import dev.triggerflow.trigger.SeenEvents;
import dev.triggerflow.trigger.Trigger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A workflow defined purely as triggers, Triggerflow's native mode: steps are task calls, and rules
 * say which step results activate which action. No orchestrator runs: the trigger processor
 * evaluates the rules' conditions and runs their actions. For example, a DAG A, then B and C in
 * parallel, then D once both are done:
 *
 * <pre>{@code
 * NativeWorkflow.builder("dag")
 *     .step("A", "task-a").step("B", "task-b").step("C", "task-c").step("D", "task-d")
 *     .start("A")
 *     .when("A").invoke("B").invoke("C")
 *     .whenAll("B", "C").invoke("D")
 *     .when("D").complete()
 *     .build();
 * }</pre>
 *
 * <p>A rule that waits for several steps gathers their results and passes them on as a JSON array
 * in the order the rule names the steps; a rule on one step passes its result as it is. If a step
 * fails, the run fails with its error. Custom conditions and actions, registered by name in the
 * {@link dev.triggerflow.api.Registry}, can replace the built-in ones on any rule.
 */
public final class NativeWorkflow {
  private final String name;
  private final Map<String, Step> steps;
  private final List<String> startSteps;
  private final List<Rule> rules;

  /** A step: a call of a registered task under a fixed call id. */
  public record Step(String name, String task, int callId) {}

  /**
   * A rule: when the results of {@code steps} arrive, evaluate the condition, and when it holds,
   * run the action.
   */
  public record Rule(
      List<String> steps,
      String condition,
      JsonNode conditionParams,
      String action,
      JsonNode actionParams) {}

  private NativeWorkflow(Builder b) {
    this.name = b.name;
    this.steps = Map.copyOf(b.steps);
    this.startSteps = List.copyOf(b.startSteps);
    this.rules = List.copyOf(b.rules);
  }

  /** A new definition named {@code name}. */
  public static Builder builder(String name) {
    return new Builder(Names.requireValid("workflow name", name));
  }

  /** The workflow's name. */
  public String name() {
    return name;
  }

  /** The steps started with the run's input when the run starts. */
  public List<Step> startSteps() {
    return startSteps.stream().map(steps::get).toList();
  }

  /** The rules. */
  public List<Rule> rules() {
    return rules;
  }

  /** The steps by name. */
  public Map<String, Step> steps() {
    return steps;
  }

  /** The triggers that carry out this workflow for one run. */
  public List<Trigger> triggers(String runId, Instant now) {
    List<Trigger> triggers = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      Rule rule = rules.get(i);
      Set<String> subjects = new LinkedHashSet<>();
      ObjectNode params = rule.conditionParams().deepCopy();
      ObjectNode order = params.putObject("order");
      for (int k = 0; k < rule.steps().size(); k++) {
        Step step = steps.get(rule.steps().get(k));
        subjects.add(EngineEvents.groupSubject(runId, step.callId()));
        order.put(Integer.toString(step.callId()), k);
      }
      triggers.add(
          Trigger.create(
              runId,
              "rule" + (i + 1),
              subjects,
              Set.of(EngineEvents.TASK_SUCCEEDED, EngineEvents.TASK_FAILED),
              rule.condition(),
              params,
              rule.action(),
              rule.actionParams(),
              true,
              SeenEvents.empty(),
              now));
    }
    return triggers;
  }

  /** Builds a {@link NativeWorkflow}. */
  public static final class Builder {
    private final String name;
    private final Map<String, Step> steps = new LinkedHashMap<>();
    private final List<String> startSteps = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
    }

    /** Declares a step that calls the registered task {@code task}. */
    public Builder step(String stepName, String task) {
      Names.requireValid("step name", stepName);
      Names.requireValid("task name", task);
      if (steps.containsKey(stepName)) {
        throw new IllegalArgumentException("step '" + stepName + "' is declared twice");
      }
      steps.put(stepName, new Step(stepName, task, steps.size() + 1));
      return this;
    }

    /** The steps to start, with the run's input, when the run starts. */
    public Builder start(String... stepNames) {
      for (String s : stepNames) {
        startSteps.add(requireStep(s));
      }
      return this;
    }

    /** A rule on the result of one step. */
    public RuleBuilder when(String step) {
      return new RuleBuilder(this, List.of(requireStep(step)));
    }

    /** A rule that joins the results of several steps. */
    public RuleBuilder whenAll(String... stepNames) {
      List<String> names = new ArrayList<>();
      for (String s : stepNames) {
        names.add(requireStep(s));
      }
      if (names.isEmpty() || new LinkedHashSet<>(names).size() != names.size()) {
        throw new IllegalArgumentException("whenAll needs distinct steps");
      }
      return new RuleBuilder(this, names);
    }

    private String requireStep(String step) {
      if (!steps.containsKey(step)) {
        throw new IllegalArgumentException(
            "no step named '" + step + "'; declare it with step(name, task) first");
      }
      return step;
    }

    /** The definition. */
    public NativeWorkflow build() {
      if (startSteps.isEmpty()) {
        throw new IllegalStateException("workflow '" + name + "' starts no step; call start()");
      }
      return new NativeWorkflow(this);
    }
  }

  /** Builds the rules activated by one set of steps. */
  public static final class RuleBuilder {
    private final Builder owner;
    private final List<String> steps;
    private String condition = Conditions.GATHER;
    private JsonNode conditionParams;

    private RuleBuilder(Builder owner, List<String> steps) {
      this.owner = owner;
      this.steps = steps;
      this.conditionParams = Conditions.joinParams(steps.size());
    }

    /** Uses a registered custom condition instead of waiting for all the steps. */
    public RuleBuilder condition(String registeredName, JsonNode params) {
      this.condition = Names.requireValid("condition name", registeredName);
      this.conditionParams = params == null ? Json.mapper().createObjectNode() : params.deepCopy();
      return this;
    }

    /** Starts {@code step} with the gathered results as its input. */
    public RuleBuilder invoke(String step) {
      Step target = owner.steps.get(owner.requireStep(step));
      ObjectNode params = Json.mapper().createObjectNode();
      params.put("task", target.task());
      params.put("callId", target.callId());
      return add(Actions.INVOKE, params);
    }

    /** Completes the run with the gathered results as its result. */
    public Builder complete() {
      add(Actions.COMPLETE, Json.mapper().createObjectNode());
      return owner;
    }

    /** Runs a registered custom action. */
    public RuleBuilder action(String registeredName, JsonNode params) {
      return add(Names.requireValid("action name", registeredName), params);
    }

    /** A further rule on one step. */
    public RuleBuilder when(String step) {
      return owner.when(step);
    }

    /** A further rule joining several steps. */
    public RuleBuilder whenAll(String... stepNames) {
      return owner.whenAll(stepNames);
    }

    /** The definition. */
    public NativeWorkflow build() {
      return owner.build();
    }

    private RuleBuilder add(String action, JsonNode params) {
      owner.rules.add(
          new Rule(
              steps,
              condition,
              Objects.requireNonNullElseGet(conditionParams, Json.mapper()::createObjectNode),
              action,
              params == null ? Json.mapper().createObjectNode() : params));
      return this;
    }
  }
}

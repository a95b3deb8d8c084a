package dev.triggerflow.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.api.Registry;
import dev.triggerflow.api.Task;
import dev.triggerflow.api.TaskContext;
import dev.triggerflow.api.TaskDefinition;
import dev.triggerflow.json.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The side effects of tasks, keyed by {@link TaskContext#idempotencyKey()} the way an idempotent
 * task would key them: the first execution under a key is the effect, later ones are re-runs that
 * must find the same call (same run, call, attempt, task and input) and produce the same outcome.
 */
final class Ledger {

  /**
   * One execution of a task.
   *
   * @param runId the run the context named
   * @param callId the call the context named
   * @param attempt the attempt the context named
   * @param task the task that ran
   * @param input the input it ran with, as JSON text
   * @param ok whether it returned
   * @param outcome the result as JSON text, or the error type when it threw
   */
  record Effect(
      String runId,
      int callId,
      int attempt,
      String task,
      String input,
      boolean ok,
      String outcome) {}

  private final Map<String, Effect> effects = new LinkedHashMap<>();
  private final Map<String, Integer> executions = new LinkedHashMap<>();
  private final List<String> conflicts = new ArrayList<>();

  /** The registry with every task wrapped so that its executions are written to this ledger. */
  Registry wrap(Registry registry) {
    Registry.Builder b = Registry.builder();
    for (String name : registry.workflowNames()) {
      registry.workflow(name).ifPresent(b::workflow);
      registry.nativeWorkflow(name).ifPresent(b::nativeWorkflow);
    }
    for (String name : registry.taskNames()) {
      b.task(wrap(registry.task(name).orElseThrow()));
    }
    return b.build();
  }

  private <I, O> TaskDefinition<I, O> wrap(TaskDefinition<I, O> def) {
    Task<I, O> task = def.task();
    Task<I, O> recorded =
        (ctx, input) -> {
          String in = text(Json.toTree(input));
          O out;
          try {
            out = task.run(ctx, input);
          } catch (Exception e) {
            record(ctx, effect(ctx, def.name(), in, false, e.getClass().getName()));
            throw e;
          }
          record(ctx, effect(ctx, def.name(), in, true, text(Json.toTree(out))));
          return out;
        };
    return new TaskDefinition<>(def.name(), recorded, def.inputType(), def.outputType());
  }

  private static Effect effect(
      TaskContext ctx, String task, String input, boolean ok, String outcome) {
    return new Effect(ctx.runId(), ctx.callId(), ctx.attempt(), task, input, ok, outcome);
  }

  private void record(TaskContext ctx, Effect effect) {
    String key = ctx.idempotencyKey();
    executions.merge(key, 1, Integer::sum);
    Effect first = effects.putIfAbsent(key, effect);
    if (first != null && !first.equals(effect)) {
      conflicts.add(
          "idempotency key '" + key + "' was used for " + first + " and again for " + effect);
    }
  }

  /** JSON text, so that numbers compare by value whatever node type holds them. */
  static String text(JsonNode node) {
    return node == null ? "null" : Json.write(Json.parse(node.toString()));
  }

  /** The effect of each key: its first execution. */
  Map<String, Effect> effects() {
    return Collections.unmodifiableMap(effects);
  }

  /** Keys that were used for two different executions. */
  List<String> conflicts() {
    return Collections.unmodifiableList(conflicts);
  }

  /** How many executions re-ran a key that already had its effect. */
  int reruns() {
    return executions.values().stream().mapToInt(n -> n - 1).sum();
  }
}

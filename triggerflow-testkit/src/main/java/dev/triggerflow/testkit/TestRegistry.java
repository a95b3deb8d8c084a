package dev.triggerflow.testkit;

import dev.triggerflow.api.Registry;
import dev.triggerflow.api.TaskDefinition;
import dev.triggerflow.api.WorkflowDefinition;
import dev.triggerflow.nativeflow.NativeWorkflow;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Copies a user's registry into the one a test runs on, with every task wrapped by {@link
 * TaskDoubles}. The user's registry is only read.
 *
 * <p>A registry lists its workflows and tasks but not its custom trigger conditions and actions, so
 * the copy takes those that the native workflows' rules name; they are the only ones the engine
 * looks up. A custom condition or action used only by triggers written to the trigger store by hand
 * is therefore missing from the copy.
 */
final class TestRegistry {
  private TestRegistry() {}

  static Registry copy(Registry source, TaskDoubles doubles) {
    Registry.Builder b = Registry.builder();
    Set<String> conditions = new LinkedHashSet<>();
    Set<String> actions = new LinkedHashSet<>();
    for (String name : source.workflowNames()) {
      Optional<WorkflowDefinition<?, ?>> coded = source.workflow(name);
      if (coded.isPresent()) {
        b.workflow(coded.get());
        continue;
      }
      NativeWorkflow nativeWorkflow = source.nativeWorkflow(name).orElseThrow();
      b.nativeWorkflow(nativeWorkflow);
      for (NativeWorkflow.Rule rule : nativeWorkflow.rules()) {
        conditions.add(rule.condition());
        actions.add(rule.action());
      }
    }
    for (String name : source.taskNames()) {
      b.task(wrapped(source.task(name).orElseThrow(), doubles));
    }
    // Built-in names are not in the registry, so the lookups skip them.
    for (String name : conditions) {
      source.condition(name).ifPresent(c -> b.condition(name, c));
    }
    for (String name : actions) {
      source.action(name).ifPresent(a -> b.action(name, a));
    }
    return b.build();
  }

  private static <I, O> TaskDefinition<I, O> wrapped(TaskDefinition<I, O> d, TaskDoubles doubles) {
    return new TaskDefinition<>(d.name(), doubles.wrap(d), d.inputType(), d.outputType());
  }
}

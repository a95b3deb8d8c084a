package dev.triggerflow.testkit;

import dev.triggerflow.api.Registry;
import dev.triggerflow.api.TaskDefinition;
import dev.triggerflow.api.WorkflowDefinition;
import java.util.Optional;

/**
 * Copies a user's registry into the one a test runs on, with every task wrapped by {@link
 * TaskDoubles}; workflows, native workflows and custom trigger conditions and actions are copied as
 * they are. The user's registry is only read.
 */
final class TestRegistry {
  private TestRegistry() {}

  static Registry copy(Registry source, TaskDoubles doubles) {
    Registry.Builder b = Registry.builder();
    for (String name : source.workflowNames()) {
      Optional<WorkflowDefinition<?, ?>> coded = source.workflow(name);
      if (coded.isPresent()) {
        b.workflow(coded.get());
      } else {
        b.nativeWorkflow(source.nativeWorkflow(name).orElseThrow());
      }
    }
    for (String name : source.taskNames()) {
      b.task(wrapped(source.task(name).orElseThrow(), doubles));
    }
    for (String name : source.conditionNames()) {
      b.condition(name, source.condition(name).orElseThrow());
    }
    for (String name : source.actionNames()) {
      b.action(name, source.action(name).orElseThrow());
    }
    return b.build();
  }

  private static <I, O> TaskDefinition<I, O> wrapped(TaskDefinition<I, O> d, TaskDoubles doubles) {
    return new TaskDefinition<>(d.name(), doubles.wrap(d), d.inputType(), d.outputType());
  }
}

package dev.triggerflow.api;

import dev.triggerflow.nativeflow.NativeWorkflow;
import dev.triggerflow.trigger.Action;
import dev.triggerflow.trigger.Actions;
import dev.triggerflow.trigger.Condition;
import dev.triggerflow.trigger.Conditions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The explicit list of what a deployment can run: workflows, tasks, and the custom trigger
 * conditions and actions, each under a name. The engine looks names up here and nowhere else; it
 * never loads a class named by an event or a stored record.
 */
public final class Registry {
  private final Map<String, WorkflowDefinition<?, ?>> workflows;
  private final Map<String, TaskDefinition<?, ?>> tasks;
  private final Map<String, Condition> conditions;
  private final Map<String, Action> actions;
  private final Map<String, NativeWorkflow> nativeWorkflows;

  private Registry(Builder b) {
    this.workflows = Collections.unmodifiableMap(new LinkedHashMap<>(b.workflows));
    this.tasks = Collections.unmodifiableMap(new LinkedHashMap<>(b.tasks));
    this.conditions = Collections.unmodifiableMap(new LinkedHashMap<>(b.conditions));
    this.actions = Collections.unmodifiableMap(new LinkedHashMap<>(b.actions));
    this.nativeWorkflows = Collections.unmodifiableMap(new LinkedHashMap<>(b.nativeWorkflows));
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The workflow registered under {@code name}. */
  public Optional<WorkflowDefinition<?, ?>> workflow(String name) {
    return Optional.ofNullable(workflows.get(name));
  }

  /** The task registered under {@code name}. */
  public Optional<TaskDefinition<?, ?>> task(String name) {
    return Optional.ofNullable(tasks.get(name));
  }

  /** The custom condition registered under {@code name}. */
  public Optional<Condition> condition(String name) {
    return Optional.ofNullable(conditions.get(name));
  }

  /** The custom action registered under {@code name}. */
  public Optional<Action> action(String name) {
    return Optional.ofNullable(actions.get(name));
  }

  /** The native workflow registered under {@code name}. */
  public Optional<NativeWorkflow> nativeWorkflow(String name) {
    return Optional.ofNullable(nativeWorkflows.get(name));
  }

  /** The names of the registered workflows, orchestrated and native, sorted. */
  public Set<String> workflowNames() {
    Set<String> names = new TreeSet<>(workflows.keySet());
    names.addAll(nativeWorkflows.keySet());
    return Collections.unmodifiableSet(names);
  }

  /** The names of the registered custom conditions, sorted. */
  public Set<String> conditionNames() {
    return Collections.unmodifiableSet(new TreeSet<>(conditions.keySet()));
  }

  /** The names of the registered custom actions, sorted. */
  public Set<String> actionNames() {
    return Collections.unmodifiableSet(new TreeSet<>(actions.keySet()));
  }

  /** The names of the registered tasks, sorted. */
  public Set<String> taskNames() {
    return Collections.unmodifiableSet(new TreeSet<>(tasks.keySet()));
  }

  /** Builds a {@link Registry}; registering two things under one name is an error. */
  public static final class Builder {
    private final Map<String, WorkflowDefinition<?, ?>> workflows = new LinkedHashMap<>();
    private final Map<String, TaskDefinition<?, ?>> tasks = new LinkedHashMap<>();
    private final Map<String, Condition> conditions = new LinkedHashMap<>();
    private final Map<String, Action> actions = new LinkedHashMap<>();
    private final Map<String, NativeWorkflow> nativeWorkflows = new LinkedHashMap<>();

    private Builder() {}

    /** Registers a native workflow: one made of triggers only. */
    public Builder nativeWorkflow(NativeWorkflow workflow) {
      if (workflows.containsKey(workflow.name())) {
        throw new IllegalArgumentException(
            "a workflow named '" + workflow.name() + "' is already registered");
      }
      putOnce(nativeWorkflows, "native workflow", workflow.name(), workflow);
      return this;
    }

    /** Registers a workflow under its {@link WorkflowName} or class name. */
    public Builder workflow(Workflow<?, ?> workflow) {
      return workflow(WorkflowDefinition.of(workflow));
    }

    /**
     * Registers a workflow with explicit name and types, for lambdas; for generic types, register a
     * {@link WorkflowDefinition}.
     */
    public <I, O> Builder workflow(
        String name, Class<I> inputType, Class<O> outputType, Workflow<I, O> workflow) {
      return workflow(new WorkflowDefinition<>(name, workflow, inputType, outputType));
    }

    /** Registers a workflow definition. */
    public Builder workflow(WorkflowDefinition<?, ?> definition) {
      if (nativeWorkflows.containsKey(definition.name())) {
        throw new IllegalArgumentException(
            "a native workflow named '" + definition.name() + "' is already registered");
      }
      putOnce(workflows, "workflow", definition.name(), definition);
      return this;
    }

    /** Registers a task under its {@link TaskName} or class name. */
    public Builder task(Task<?, ?> task) {
      return task(TaskDefinition.of(task));
    }

    /**
     * Registers a task with explicit name and types, for lambdas; for generic types, register a
     * {@link TaskDefinition}.
     */
    public <I, O> Builder task(
        String name, Class<I> inputType, Class<O> outputType, Task<I, O> task) {
      return task(new TaskDefinition<>(name, task, inputType, outputType));
    }

    /** Registers a task definition. */
    public Builder task(TaskDefinition<?, ?> definition) {
      putOnce(tasks, "task", definition.name(), definition);
      return this;
    }

    /** Registers a custom trigger condition. */
    public Builder condition(String name, Condition condition) {
      if (Conditions.isBuiltIn(name)) {
        throw new IllegalArgumentException(
            "'" + name + "' is a built-in condition; register yours under another name");
      }
      putOnce(conditions, "condition", Names.requireValid("condition name", name), condition);
      return this;
    }

    /** Registers a custom trigger action. */
    public Builder action(String name, Action action) {
      if (Actions.isBuiltIn(name)) {
        throw new IllegalArgumentException(
            "'" + name + "' is a built-in action; register yours under another name");
      }
      putOnce(actions, "action", Names.requireValid("action name", name), action);
      return this;
    }

    /** Adds everything another registry holds. */
    public Builder include(Registry other) {
      other.workflows.values().forEach(this::workflow);
      other.tasks.values().forEach(this::task);
      other.conditions.forEach(this::condition);
      other.actions.forEach(this::action);
      other.nativeWorkflows.values().forEach(this::nativeWorkflow);
      return this;
    }

    /** The registry. */
    public Registry build() {
      return new Registry(this);
    }

    private static <T> void putOnce(Map<String, T> map, String kind, String name, T value) {
      if (map.putIfAbsent(name, value) != null) {
        throw new IllegalArgumentException(
            "a " + kind + " named '" + name + "' is already registered; names must be unique");
      }
    }
  }
}

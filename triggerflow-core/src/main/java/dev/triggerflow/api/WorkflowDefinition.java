package dev.triggerflow.api;

import java.lang.reflect.Type;
import java.util.Objects;

/**
 * A registered workflow: its name, its code and the types its input and result are read and written
 * as.
 */
public record WorkflowDefinition<I, O>(
    String name, Workflow<I, O> workflow, Type inputType, Type outputType) {

  public WorkflowDefinition {
    Names.requireValid("workflow name", name);
    Objects.requireNonNull(workflow, "workflow");
    Objects.requireNonNull(inputType, "inputType");
    Objects.requireNonNull(outputType, "outputType");
  }

  /** A definition read from a workflow instance's class: its name and its type arguments. */
  public static <I, O> WorkflowDefinition<I, O> of(Workflow<I, O> workflow) {
    Class<?> type = workflow.getClass();
    Type[] args = TypeArguments.resolve(type, Workflow.class);
    return new WorkflowDefinition<>(nameOf(type), workflow, args[0], args[1]);
  }

  /** The raw class of a workflow class's result type. */
  @SuppressWarnings("unchecked")
  public static <O> Class<O> resultClassOf(Class<? extends Workflow<?, O>> workflowClass) {
    Type out = TypeArguments.resolve(workflowClass, Workflow.class)[1];
    Type raw = out instanceof java.lang.reflect.ParameterizedType p ? p.getRawType() : out;
    return (Class<O>) raw;
  }

  /** The name a workflow class is registered under. */
  public static String nameOf(Class<?> workflowClass) {
    WorkflowName annotation = workflowClass.getAnnotation(WorkflowName.class);
    return annotation != null ? annotation.value() : workflowClass.getSimpleName();
  }
}

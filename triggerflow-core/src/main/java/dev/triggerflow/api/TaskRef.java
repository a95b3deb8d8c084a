package dev.triggerflow.api;

import java.lang.reflect.Type;
import java.util.Objects;

/**
 * A typed reference to a task by name: what the orchestrator needs to call a task without running
 * its code. Made from a task class ({@link #of(Class)}) or, for a task written elsewhere, from a
 * name and the input and output types ({@link #of(String, Type, Type)}).
 *
 * @param <I> the input type
 * @param <O> the result type
 */
// I and O exist only to type-check calls at compile time; the runtime types are the fields.
@SuppressWarnings("UnusedTypeParameter")
public final class TaskRef<I, O> {
  private final String name;
  private final Type inputType;
  private final Type outputType;

  private TaskRef(String name, Type inputType, Type outputType) {
    this.name = Names.requireValid("task name", name);
    this.inputType = Objects.requireNonNull(inputType, "inputType");
    this.outputType = Objects.requireNonNull(outputType, "outputType");
  }

  /**
   * A reference to a task class, named by its {@link TaskName} or its simple name, with the types
   * read from its {@code Task<I, O>} declaration.
   */
  public static <I, O, T extends Task<I, O>> TaskRef<I, O> of(Class<T> taskClass) {
    Type[] args = TypeArguments.resolve(taskClass, Task.class);
    return new TaskRef<>(nameOf(taskClass), args[0], args[1]);
  }

  /** A reference to a task by name with explicit types. */
  public static <I, O> TaskRef<I, O> of(String name, Type inputType, Type outputType) {
    return new TaskRef<>(name, inputType, outputType);
  }

  /** The name a task class is registered under. */
  public static String nameOf(Class<?> taskClass) {
    TaskName annotation = taskClass.getAnnotation(TaskName.class);
    return annotation != null ? annotation.value() : taskClass.getSimpleName();
  }

  /** The task's registered name. */
  public String name() {
    return name;
  }

  /** The input type. */
  public Type inputType() {
    return inputType;
  }

  /** The result type. */
  public Type outputType() {
    return outputType;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TaskRef<?, ?> other
        && name.equals(other.name)
        && inputType.equals(other.inputType)
        && outputType.equals(other.outputType);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, inputType, outputType);
  }

  @Override
  public String toString() {
    return "TaskRef["
        + name
        + ": "
        + inputType.getTypeName()
        + " -> "
        + outputType.getTypeName()
        + "]";
  }
}

package dev.triggerflow.api;

import java.lang.reflect.Type;
import java.util.Objects;

/** A registered task: its name, its code and its input and result types. */
public record TaskDefinition<I, O>(String name, Task<I, O> task, Type inputType, Type outputType) {

  public TaskDefinition {
    Names.requireValid("task name", name);
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(inputType, "inputType");
    Objects.requireNonNull(outputType, "outputType");
  }

  /** A definition read from a task instance's class: its name and its type arguments. */
  public static <I, O> TaskDefinition<I, O> of(Task<I, O> task) {
    Class<?> type = task.getClass();
    Type[] args = TypeArguments.resolve(type, Task.class);
    return new TaskDefinition<>(TaskRef.nameOf(type), task, args[0], args[1]);
  }
}

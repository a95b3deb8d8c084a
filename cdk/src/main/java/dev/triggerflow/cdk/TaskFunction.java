package dev.triggerflow.cdk;

import java.util.List;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.constructs.Node;

/** A function added with {@link TriggerflowEngine#addTask}, and the tasks it runs. */
public final class TaskFunction {
  private final EngineFunction engineFunction;
  private final List<String> tasks;

  TaskFunction(EngineFunction engineFunction, List<String> tasks) {
    this.engineFunction = engineFunction;
    this.tasks = List.copyOf(tasks);
  }

  /** The function, for settings the engine does not make (tags, alarms). */
  public Function getFunction() {
    return engineFunction.function();
  }

  /** What the orchestrator invokes: the function's alias with SnapStart, else the function. */
  public IFunction getInvokeTarget() {
    return engineFunction.target();
  }

  /** The function's execution role, to grant it access to what its tasks use. */
  public IRole getRole() {
    return engineFunction.role();
  }

  /** The names of the tasks this function runs. */
  public List<String> getTasks() {
    return tasks;
  }

  Node node() {
    return engineFunction.getNode();
  }
}

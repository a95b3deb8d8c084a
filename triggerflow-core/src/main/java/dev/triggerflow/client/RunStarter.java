package dev.triggerflow.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.triggerflow.api.Names;
import dev.triggerflow.api.Registry;
import dev.triggerflow.api.WorkflowDefinition;
import dev.triggerflow.json.Json;
import dev.triggerflow.json.PayloadLimit;
import dev.triggerflow.nativeflow.NativeWorkflow;
import dev.triggerflow.spi.Clock;
import dev.triggerflow.spi.FunctionInvoker;
import dev.triggerflow.spi.PayloadStore;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStore;
import dev.triggerflow.spi.TaskInvocation;
import dev.triggerflow.spi.TriggerStore;
import java.util.UUID;

/**
 * Starts runs: checks the workflow name and the input before anything is stored, creates the run
 * record, and wakes the orchestrator. Shared by every runtime's client.
 */
public final class RunStarter {
  private final Registry registry;
  private final RunStore runs;
  private final PayloadStore payloads;
  private final FunctionInvoker invoker;
  private final Clock clock;
  private final TriggerStore triggers;

  /** A starter of orchestrated workflows only. */
  public RunStarter(
      Registry registry,
      RunStore runs,
      PayloadStore payloads,
      FunctionInvoker invoker,
      Clock clock) {
    this(registry, runs, payloads, invoker, clock, null);
  }

  /** A starter of orchestrated and native workflows. */
  public RunStarter(
      Registry registry,
      RunStore runs,
      PayloadStore payloads,
      FunctionInvoker invoker,
      Clock clock,
      TriggerStore triggers) {
    this.registry = registry;
    this.runs = runs;
    this.payloads = payloads;
    this.invoker = invoker;
    this.clock = clock;
    this.triggers = triggers;
  }

  /** Starts a run; see {@link WorkflowClient#start}. */
  public String start(String workflow, JsonNode input, String runId) {
    NativeWorkflow nativeWorkflow = registry.nativeWorkflow(workflow).orElse(null);
    if (nativeWorkflow != null) {
      return startNative(nativeWorkflow, input, runId);
    }
    WorkflowDefinition<?, ?> def =
        registry
            .workflow(workflow)
            .orElseThrow(() -> new UnknownWorkflowException(workflow, registry.workflowNames()));
    JsonNode in = input == null ? NullNode.getInstance() : input;
    requireWithinLimit(workflow, in);
    try {
      Json.fromTree(in, def.inputType());
    } catch (Json.JsonMappingFailure e) {
      throw new InvalidInputException(
          "the input of workflow '"
              + workflow
              + "' must be JSON that reads as "
              + def.inputType().getTypeName()
              + ": "
              + e.getMessage(),
          e);
    }
    String id = validRunId(runId != null ? runId : newRunId(workflow));
    JsonNode stored = payloads.offload(id + "/input", in);
    if (!runs.create(RunRecord.started(id, workflow, stored, clock.now()))) {
      throw new RunExistsException(id);
    }
    invoker.wakeOrchestrator(id);
    return id;
  }

  /**
   * Starts a native workflow: creates its triggers (commit), then starts its first steps
   * (dispatch). The trigger processor carries it on from there.
   */
  private String startNative(NativeWorkflow workflow, JsonNode input, String runId) {
    if (triggers == null) {
      throw new ClientException(
          "'" + workflow.name() + "' is a native workflow; this client cannot start those");
    }
    JsonNode in = input == null ? NullNode.getInstance() : input;
    requireWithinLimit(workflow.name(), in);
    String id = validRunId(runId != null ? runId : newRunId(workflow.name()));
    JsonNode stored = payloads.offload(id + "/input", in);
    if (!runs.create(RunRecord.started(id, workflow.name(), stored, clock.now()))) {
      throw new RunExistsException(id);
    }
    workflow.triggers(id, clock.now()).forEach(triggers::create);
    for (NativeWorkflow.Step step : workflow.startSteps()) {
      invoker.invokeTask(
          new TaskInvocation(id, step.task(), step.callId(), step.callId(), 1, stored));
    }
    return id;
  }

  private static void requireWithinLimit(String workflow, JsonNode input) {
    try {
      PayloadLimit.require("the input of workflow '" + workflow + "'", input);
    } catch (PayloadLimit.PayloadTooLargeException e) {
      throw new InvalidInputException(e.getMessage(), e);
    }
  }

  private static String validRunId(String id) {
    try {
      return Names.requireValid("run id", id);
    } catch (IllegalArgumentException e) {
      throw new ClientException(e.getMessage(), e);
    }
  }

  private static String newRunId(String workflow) {
    String prefix = workflow.length() > 80 ? workflow.substring(0, 80) : workflow;
    return prefix + "-" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  }
}

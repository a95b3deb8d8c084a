package dev.triggerflow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.api.NonDeterminismException;
import dev.triggerflow.api.WorkflowDefinition;
import dev.triggerflow.history.HistoryEvent.CallStarted;
import dev.triggerflow.history.HistoryEvent.RunStarted;
import dev.triggerflow.json.Json;
import dev.triggerflow.json.PayloadLimit;
import dev.triggerflow.spi.PayloadStore;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a workflow's code from the top against its history: history in, commands out. It is a pure
 * function of the definition and the history; it touches no store.
 */
public final class Replayer {
  private static final Logger log = LoggerFactory.getLogger(Replayer.class);

  private Replayer() {}

  /**
   * Replays the code up to the last episode of {@code history}.
   *
   * @param definition the workflow
   * @param runId the run
   * @param history the run's history, ending with the episode being decided
   * @param payloads where large inputs and results are kept
   */
  @SuppressWarnings("unchecked")
  public static ReplayOutcome replay(
      WorkflowDefinition<?, ?> definition,
      String runId,
      HistoryIndex history,
      PayloadStore payloads) {
    if (history.started() == null) {
      throw new IllegalArgumentException("the history of run '" + runId + "' has no start");
    }
    ReplayContext ctx = new ReplayContext(runId, definition.name(), history, payloads);
    return run(ctx, definition, runId, payloads);
  }

  /**
   * Runs the code in the calling thread against {@code ctx} until it returns, throws, or suspends
   * (or, for a parked execution, until it is told to stop).
   */
  @SuppressWarnings("unchecked")
  static ReplayOutcome run(
      ReplayContext ctx, WorkflowDefinition<?, ?> definition, String runId, PayloadStore payloads) {
    RunStarted started = ctx.history().started();
    WorkflowDefinition<Object, Object> def = (WorkflowDefinition<Object, Object>) definition;
    try {
      Object input = Json.fromTree(payloads.resolve(started.input()), def.inputType());
      Object result = def.workflow().run(ctx, input);
      if (ctx.wasSuspended()) {
        log.warn(
            "workflow '{}' of run '{}' caught the engine's suspension and returned anyway; "
                + "treating the run as waiting. Do not catch Throwable in workflow code.",
            definition.name(),
            runId);
        return suspended(ctx, runId);
      }
      requireAllCallsMade(ctx, runId);
      JsonNode tree = Json.toTree(result);
      try {
        PayloadLimit.require("the result of run '" + runId + "'", tree);
      } catch (PayloadLimit.PayloadTooLargeException e) {
        return new ReplayOutcome.Failed(
            List.copyOf(ctx.commands()), "ResultTooLarge", e.getMessage());
      }
      JsonNode json = payloads.offload(runId + "/result", tree);
      return new ReplayOutcome.Completed(List.copyOf(ctx.commands()), json);
    } catch (WorkflowSuspended s) {
      return suspended(ctx, runId);
    } catch (ContinueAsNewSignal c) {
      if (ctx.wasSuspended()) {
        return suspended(ctx, runId);
      }
      JsonNode next = payloads.offload(runId + "/next-input", c.input());
      return new ReplayOutcome.ContinuedAsNew(List.copyOf(ctx.commands()), next);
    } catch (NonDeterminismException e) {
      return failed(ctx, e);
    } catch (Exception e) {
      if (ctx.wasSuspended()) {
        return suspended(ctx, runId);
      }
      return failed(ctx, e);
    }
  }

  /** The outcome of code that stopped to wait at the end of its history. */
  static ReplayOutcome suspended(ReplayContext ctx, String runId) {
    try {
      requireAllCallsMade(ctx, runId);
    } catch (NonDeterminismException e) {
      return failed(ctx, e);
    }
    return new ReplayOutcome.Suspended(ctx.commands(), ctx.joinableCalls());
  }

  private static ReplayOutcome failed(ReplayContext ctx, Exception e) {
    List<CallStarted> commands =
        e instanceof NonDeterminismException ? List.of() : List.copyOf(ctx.commands());
    return new ReplayOutcome.Failed(commands, e.getClass().getName(), messageOf(e));
  }

  private static String messageOf(Exception e) {
    return e.getMessage() == null ? "" : e.getMessage();
  }

  /**
   * Once the code has stopped at the end of the history, it must have made every call the history
   * records; a recorded call it skipped means the code changed.
   */
  private static void requireAllCallsMade(ReplayContext ctx, String runId) {
    HistoryIndex history = ctx.history();
    int made = ctx.callsMade();
    if (made < history.callCount()) {
      CallStarted missing = history.call(made + 1).started();
      throw new NonDeterminismException(
          runId,
          missing.callId(),
          missing.describe() + " in episode " + missing.episode(),
          "no such call: the code stopped after " + made + " calls");
    }
  }
}

package dev.triggerflow.engine;

import dev.triggerflow.api.WorkflowDefinition;
import dev.triggerflow.spi.PayloadStore;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A workflow's code kept running between wakes. The code runs on a thread of its own; when it waits
 * on a result that the history does not have yet, the thread parks instead of unwinding, and the
 * next wake of the same run in this process hands it the new episode and lets it go on from where
 * it stopped. A wake then costs what the new events cost, not what the whole history costs to
 * replay. The outcome is the same as a replay from the top would give, because the code is
 * deterministic: it would reach the same point with the same state.
 *
 * <p>An execution is only continued when it parked at the episode the history ended with before
 * this wake; otherwise it is discarded (its thread unwinds) and the run is replayed from the top.
 */
final class WorkflowExecution implements ReplayContext.Parker {
  private static final Object DISCARD = new Object();
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final ReplayContext ctx;
  private final SynchronousQueue<ReplayOutcome> outcomes = new SynchronousQueue<>();
  private final BlockingQueue<Object> signals = new LinkedBlockingQueue<>();
  private volatile boolean parked;
  private volatile boolean discarded;
  private volatile int parkedAt = -1;

  private WorkflowExecution(ReplayContext ctx) {
    this.ctx = ctx;
  }

  /** Starts the code against {@code history} and returns its first outcome with it. */
  static Started start(
      WorkflowDefinition<?, ?> definition,
      String runId,
      HistoryIndex history,
      PayloadStore payloads) {
    ReplayContext ctx = new ReplayContext(runId, definition.name(), history, payloads);
    WorkflowExecution execution = new WorkflowExecution(ctx);
    ctx.parkWith(execution);
    Thread thread =
        new Thread(
            () -> execution.main(definition, runId, payloads),
            "tf-workflow-" + THREADS.incrementAndGet());
    thread.setDaemon(true);
    thread.start();
    return new Started(execution, execution.nextOutcome());
  }

  /** A started execution and its first outcome. */
  record Started(WorkflowExecution execution, ReplayOutcome outcome) {}

  private void main(WorkflowDefinition<?, ?> definition, String runId, PayloadStore payloads) {
    // The workflow's thread logs under its run, like the orchestrator's thread does.
    org.slf4j.MDC.put("runId", runId);
    ReplayOutcome outcome = Replayer.run(ctx, definition, runId, payloads);
    if (!discarded) {
      try {
        outcomes.put(outcome);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Whether the code is parked at the end of a history that ended with {@code episode}. */
  boolean isParkedAt(int episode) {
    return parked && !discarded && parkedAt == episode;
  }

  /** Lets parked code go on: the history now ends with episode {@code newFrontier}. */
  ReplayOutcome resume(int newFrontier) {
    try {
      signals.put(newFrontier);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      discard();
      throw new IllegalStateException("interrupted while resuming a workflow", e);
    }
    return nextOutcome();
  }

  private ReplayOutcome nextOutcome() {
    try {
      return outcomes.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      discard();
      throw new IllegalStateException("interrupted while a workflow ran", e);
    }
  }

  /** Unwinds parked code and lets its thread end; harmless on a finished execution. */
  void discard() {
    discarded = true;
    signals.offer(DISCARD);
  }

  @Override
  public void park(ReplayContext context) {
    ReplayOutcome suspended = Replayer.suspended(context, context.runId());
    if (!(suspended instanceof ReplayOutcome.Suspended)) {
      // The code skipped a recorded call: report it, and unwind without parking.
      deliver(suspended);
      discarded = true;
      context.abandon();
      throw new WorkflowSuspended();
    }
    parkedAt = context.frontier();
    parked = true;
    deliver(suspended);
    Object signal;
    try {
      signal = signals.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      signal = DISCARD;
    } finally {
      parked = false;
    }
    if (signal == DISCARD || discarded) {
      context.abandon();
      throw new WorkflowSuspended();
    }
    context.resumeAt((Integer) signal);
  }

  private void deliver(ReplayOutcome outcome) {
    try {
      outcomes.put(outcome);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      discarded = true;
      ctx.abandon();
      throw new WorkflowSuspended();
    }
  }
}

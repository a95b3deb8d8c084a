package dev.triggerflow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.api.DurableFuture;
import dev.triggerflow.api.NonDeterminismException;
import dev.triggerflow.api.TaskFailedException;
import dev.triggerflow.api.TaskRef;
import dev.triggerflow.api.WorkflowContext;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.history.HistoryEvent.TaskFailed;
import dev.triggerflow.history.HistoryEvent.TaskScheduled;
import dev.triggerflow.history.HistoryEvent.TaskSucceeded;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.PayloadStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The workflow context during one replay. The code runs from the top against the history; the
 * context keeps the episode the code has reached, so that every question the code asks (is this
 * done? which finished first? what time is it?) gets the answer it got when the run first reached
 * that point. Calls past the end of the history become new commands.
 */
final class ReplayContext implements WorkflowContext {
  private final String runId;
  private final String workflowName;
  private final HistoryIndex history;
  private final PayloadStore payloads;
  private final int frontier;
  private final Random random;
  private final List<TaskScheduled> commands = new ArrayList<>();
  private int episode;
  private int nextCallId = 1;
  private boolean suspended;

  ReplayContext(String runId, String workflowName, HistoryIndex history, PayloadStore payloads) {
    this.runId = runId;
    this.workflowName = workflowName;
    this.history = history;
    this.payloads = payloads;
    this.frontier = history.lastEpisode();
    this.random = new Random(seedOf(runId));
  }

  static long seedOf(String runId) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : runId.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }

  HistoryIndex history() {
    return history;
  }

  List<TaskScheduled> commands() {
    return commands;
  }

  boolean wasSuspended() {
    return suspended;
  }

  int callsMade() {
    return nextCallId - 1;
  }

  @Override
  public String runId() {
    return runId;
  }

  @Override
  public String workflowName() {
    return workflowName;
  }

  @Override
  public <I, O> DurableFuture<O> call(TaskRef<I, O> task, I input) {
    int callId = nextCallId;
    return schedule(task, input, callId, callId);
  }

  @Override
  public <I, O> List<DurableFuture<O>> map(TaskRef<I, O> task, List<? extends I> inputs) {
    int groupId = nextCallId;
    List<DurableFuture<O>> futures = new ArrayList<>(inputs.size());
    for (I input : inputs) {
      futures.add(schedule(task, input, nextCallId, groupId));
    }
    return futures;
  }

  private <I, O> CallFuture<O> schedule(TaskRef<I, O> task, I input, int callId, int groupId) {
    if (suspended) {
      throw new WorkflowSuspended();
    }
    nextCallId++;
    HistoryIndex.Call recorded = history.call(callId);
    if (recorded != null) {
      TaskScheduled s = recorded.scheduled();
      String attempted = describe(task.name(), groupId, callId, episode);
      if (!s.task().equals(task.name()) || s.groupId() != groupId || s.episode() != episode) {
        throw new NonDeterminismException(
            runId, callId, describe(s.task(), s.groupId(), s.callId(), s.episode()), attempted);
      }
      return new CallFuture<>(this, callId, task);
    }
    if (episode < frontier) {
      throw new NonDeterminismException(
          runId,
          callId,
          "no call " + callId + " by episode " + episode,
          describe(task.name(), groupId, callId, episode));
    }
    JsonNode json = payloads.offload(runId + "/c" + callId + "/input", Json.toTree(input));
    commands.add(new TaskScheduled(frontier, callId, groupId, task.name(), json));
    return new CallFuture<>(this, callId, task);
  }

  private static String describe(String task, int groupId, int callId, int episode) {
    String how = groupId == callId ? "a call" : "a map call (map starting at call " + groupId + ")";
    return how + " of task '" + task + "' in episode " + episode;
  }

  @Override
  public <T> DurableFuture<List<T>> allOf(List<? extends DurableFuture<? extends T>> futures) {
    return new AllOfFuture<>(this, checked(futures));
  }

  @Override
  public <T> DurableFuture<T> anyOf(List<? extends DurableFuture<? extends T>> futures) {
    if (futures.isEmpty()) {
      throw new IllegalArgumentException("anyOf needs at least one future");
    }
    return new AnyOfFuture<>(this, checked(futures));
  }

  private <T> List<ReplayFuture<? extends T>> checked(
      List<? extends DurableFuture<? extends T>> futures) {
    List<ReplayFuture<? extends T>> result = new ArrayList<>(futures.size());
    for (DurableFuture<? extends T> f : futures) {
      if (!(f instanceof ReplayFuture<? extends T> rf) || rf.ctx != this) {
        throw new IllegalArgumentException(
            "futures passed to allOf/anyOf must come from this run's context");
      }
      result.add(rf);
    }
    return result;
  }

  @Override
  public Instant now() {
    return history.episodeTime(episode);
  }

  @Override
  public Random random() {
    return random;
  }

  @Override
  public UUID randomUUID() {
    long msb = (random.nextLong() & ~0xf000L) | 0x4000L;
    long lsb = (random.nextLong() & 0x3fffffffffffffffL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }

  @Override
  public boolean isReplaying() {
    return episode < frontier;
  }

  /** Waits on a future: advances to the episode that completed it, or suspends the run. */
  <T> T await(ReplayFuture<T> future) {
    if (suspended) {
      throw new WorkflowSuspended();
    }
    int position = future.position();
    if (position < 0) {
      episode = frontier;
      suspended = true;
      throw new WorkflowSuspended();
    }
    episode = Math.max(episode, history.episodeAt(position));
    return future.value();
  }

  boolean isVisible(int position) {
    return position >= 0 && history.episodeAt(position) <= episode;
  }

  /** Any durable future of this context. */
  abstract static class ReplayFuture<T> implements DurableFuture<T> {
    final ReplayContext ctx;

    ReplayFuture(ReplayContext ctx) {
      this.ctx = ctx;
    }

    /** The history position at which the result became known, or -1. */
    abstract int position();

    /** The result, once {@link #position()} is set. */
    abstract T value();

    @Override
    public T get() {
      return ctx.await(this);
    }

    @Override
    public boolean isDone() {
      return ctx.isVisible(position());
    }

    @Override
    public int callId() {
      return -1;
    }
  }

  private static final class CallFuture<O> extends ReplayFuture<O> {
    private final int callId;
    private final TaskRef<?, O> task;

    CallFuture(ReplayContext ctx, int callId, TaskRef<?, O> task) {
      super(ctx);
      this.callId = callId;
      this.task = task;
    }

    @Override
    int position() {
      HistoryIndex.Call call = ctx.history.call(callId);
      return call == null ? -1 : call.completionPosition;
    }

    @Override
    @SuppressWarnings("unchecked")
    O value() {
      HistoryEvent completion = ctx.history.call(callId).completion();
      if (completion instanceof TaskSucceeded s) {
        return (O) Json.fromTree(ctx.payloads.resolve(s.result()), task.outputType());
      }
      TaskFailed f = (TaskFailed) completion;
      throw new TaskFailedException(task.name(), callId, f.errorType(), f.message());
    }

    @Override
    public int callId() {
      return callId;
    }
  }

  private static final class AllOfFuture<T> extends ReplayFuture<List<T>> {
    private final List<ReplayFuture<? extends T>> parts;

    AllOfFuture(ReplayContext ctx, List<ReplayFuture<? extends T>> parts) {
      super(ctx);
      this.parts = parts;
    }

    @Override
    int position() {
      int latest = 0;
      for (ReplayFuture<? extends T> part : parts) {
        int p = part.position();
        if (p < 0) {
          return -1;
        }
        latest = Math.max(latest, p);
      }
      return latest;
    }

    @Override
    List<T> value() {
      List<T> values = new ArrayList<>(parts.size());
      for (ReplayFuture<? extends T> part : parts) {
        values.add(part.value());
      }
      return values;
    }
  }

  private static final class AnyOfFuture<T> extends ReplayFuture<T> {
    private final List<ReplayFuture<? extends T>> parts;

    AnyOfFuture(ReplayContext ctx, List<ReplayFuture<? extends T>> parts) {
      super(ctx);
      this.parts = parts;
    }

    private ReplayFuture<? extends T> first() {
      ReplayFuture<? extends T> first = null;
      int earliest = Integer.MAX_VALUE;
      for (ReplayFuture<? extends T> part : parts) {
        int p = part.position();
        if (p >= 0 && p < earliest) {
          earliest = p;
          first = part;
        }
      }
      return first;
    }

    @Override
    int position() {
      ReplayFuture<? extends T> first = first();
      return first == null ? -1 : first.position();
    }

    @Override
    T value() {
      return first().value();
    }
  }
}

package dev.triggerflow.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.api.DurableFuture;
import dev.triggerflow.api.Names;
import dev.triggerflow.api.NonDeterminismException;
import dev.triggerflow.api.RetryPolicy;
import dev.triggerflow.api.TaskFailedException;
import dev.triggerflow.api.TaskRef;
import dev.triggerflow.api.WorkflowContext;
import dev.triggerflow.history.HistoryEvent.CallCompleted;
import dev.triggerflow.history.HistoryEvent.CallStarted;
import dev.triggerflow.history.HistoryEvent.ChildStarted;
import dev.triggerflow.history.HistoryEvent.EventAwaited;
import dev.triggerflow.history.HistoryEvent.EventReceived;
import dev.triggerflow.history.HistoryEvent.TaskFailed;
import dev.triggerflow.history.HistoryEvent.TaskScheduled;
import dev.triggerflow.history.HistoryEvent.TaskSucceeded;
import dev.triggerflow.history.HistoryEvent.TimerStarted;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.PayloadStore;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;

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
  private final Random random;
  private int frontier;
  private List<CallStarted> commands = new ArrayList<>();
  private Parker parker;
  private ReplayFuture<?> waitingOn;
  private org.slf4j.Logger logger;
  private final Map<String, Integer> waitsByName = new HashMap<>();
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

  /**
   * Where code that waits at the end of its history goes instead of unwinding: an execution kept
   * between wakes parks its thread there until the next episode is added.
   */
  interface Parker {
    /**
     * Hands over the commands so far and blocks until the run's next wake.
     *
     * @throws WorkflowSuspended to unwind the code when the execution is discarded
     */
    void park(ReplayContext ctx);
  }

  /** Makes waits at the end of the history park instead of unwind. */
  void parkWith(Parker parker) {
    this.parker = parker;
  }

  /** Continues parked code: the history now ends with episode {@code newFrontier}. */
  void resumeAt(int newFrontier) {
    frontier = newFrontier;
    episode = newFrontier;
    commands = new ArrayList<>();
  }

  /** Makes every further wait unwind at once: the execution was discarded. */
  void abandon() {
    suspended = true;
  }

  int frontier() {
    return frontier;
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

  List<CallStarted> commands() {
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
    return call(task, input, null);
  }

  @Override
  public <I, O> DurableFuture<O> call(TaskRef<I, O> task, I input, RetryPolicy retry) {
    int callId = nextCallId;
    return taskCall(task, input, callId, callId, retry);
  }

  @Override
  public <I, O> List<DurableFuture<O>> map(TaskRef<I, O> task, List<? extends I> inputs) {
    return map(task, inputs, null);
  }

  @Override
  public <I, O> List<DurableFuture<O>> map(
      TaskRef<I, O> task, List<? extends I> inputs, RetryPolicy retry) {
    int groupId = nextCallId;
    List<DurableFuture<O>> futures = new ArrayList<>(inputs.size());
    for (I input : inputs) {
      futures.add(taskCall(task, input, nextCallId, groupId, retry));
    }
    return futures;
  }

  private <I, O> DurableFuture<O> taskCall(
      TaskRef<I, O> task, I input, int callId, int groupId, RetryPolicy retry) {
    record(
        callId,
        s -> s instanceof TaskScheduled t && t.task().equals(task.name()) && t.groupId() == groupId,
        groupId == callId
            ? "a call of task '" + task.name() + "'"
            : "a map call of task '" + task.name() + "' (map starting at call " + groupId + ")",
        () -> {
          JsonNode json = payloads.offload(runId + "/c" + callId + "/input", Json.toTree(input));
          return new TaskScheduled(frontier, callId, groupId, task.name(), json, retry);
        });
    return new CallFuture<>(this, callId, task.name(), task.outputType());
  }

  @Override
  public <I, O> DurableFuture<O> callWorkflow(String workflow, I input, Class<O> resultType) {
    Names.requireValid("workflow name", workflow);
    int callId = nextCallId;
    record(
        callId,
        s -> s instanceof ChildStarted c && c.workflow().equals(workflow),
        "a child workflow '" + workflow + "'",
        () -> {
          String child = childRunId(runId, callId);
          JsonNode json = payloads.offload(child + "/input", Json.toTree(input));
          return new ChildStarted(frontier, callId, workflow, json, child);
        });
    return new CallFuture<>(this, callId, "child workflow " + workflow, resultType);
  }

  /** The id of the child run started by a call: derived, so a repeated start is a duplicate. */
  static String childRunId(String parentRunId, int callId) {
    String id = parentRunId + "-c" + callId;
    if (id.length() <= Names.MAX_LENGTH) {
      return id;
    }
    return "child-" + Long.toHexString(seedOf(parentRunId)) + "-c" + callId;
  }

  @Override
  public DurableFuture<Void> timer(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("a timer cannot wait a negative duration: " + duration);
    }
    int callId = nextCallId;
    Instant fireAt = now().plus(duration);
    record(
        callId,
        s -> s instanceof TimerStarted,
        "a timer",
        () -> new TimerStarted(frontier, callId, fireAt));
    return new TimerFuture(this, callId);
  }

  @Override
  public <T> DurableFuture<T> waitForEvent(String name, Class<T> type) {
    int callId = nextCallId;
    int k = awaitEvent(name);
    return new EventFuture<>(this, callId, name, k, type);
  }

  @Override
  public <T> DurableFuture<Optional<T>> waitForEvent(String name, Class<T> type, Duration timeout) {
    int callId = nextCallId;
    int k = awaitEvent(name);
    EventFuture<T> event = new EventFuture<>(this, callId, name, k, type);
    TimerFuture timer = (TimerFuture) timer(timeout);
    return new TimeoutFuture<>(this, event, timer);
  }

  private int awaitEvent(String name) {
    Names.requireValid("event name", name);
    int callId = nextCallId;
    int k = waitsByName.merge(name, 1, Integer::sum) - 1;
    record(
        callId,
        s -> s instanceof EventAwaited a && a.name().equals(name),
        "a wait for event '" + name + "'",
        () -> new EventAwaited(frontier, callId, name));
    return k;
  }

  @Override
  public void continueAsNew(Object input) {
    if (suspended) {
      throw new WorkflowSuspended();
    }
    throw new ContinueAsNewSignal(Json.toTree(input));
  }

  /**
   * Takes the next call id for a call: checks it against the history when the history has it, and
   * records a new command when the run is past the end of its history.
   */
  private void record(
      int callId,
      Predicate<CallStarted> matches,
      String attempted,
      java.util.function.Supplier<CallStarted> command) {
    if (suspended) {
      throw new WorkflowSuspended();
    }
    nextCallId++;
    HistoryIndex.Call recorded = history.call(callId);
    if (recorded != null) {
      CallStarted s = recorded.started();
      if (!matches.test(s) || s.episode() != episode) {
        throw new NonDeterminismException(
            runId,
            callId,
            describe(s) + " in episode " + s.episode(),
            attempted + " in episode " + episode);
      }
      return;
    }
    if (episode < frontier) {
      throw new NonDeterminismException(
          runId,
          callId,
          "no call " + callId + " by episode " + episode,
          attempted + " in episode " + episode);
    }
    commands.add(command.get());
  }

  private static String describe(CallStarted s) {
    if (s instanceof TaskScheduled t && t.groupId() != t.callId()) {
      return "a map call of " + s.describe() + " (map starting at call " + t.groupId() + ")";
    }
    return (s instanceof TaskScheduled ? "a call of " : "") + s.describe();
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

  @Override
  public org.slf4j.Logger logger() {
    if (logger == null) {
      logger =
          new ReplayAwareLogger(
              org.slf4j.LoggerFactory.getLogger("workflow." + workflowName),
              runId,
              this::isReplaying,
              () -> episode);
    }
    return logger;
  }

  /** Waits on a future: advances to the episode that completed it, or suspends the run. */
  <T> T await(ReplayFuture<T> future) {
    if (suspended) {
      throw new WorkflowSuspended();
    }
    int position = future.position();
    while (position < 0) {
      episode = frontier;
      waitingOn = future;
      if (parker == null) {
        suspended = true;
        throw new WorkflowSuspended();
      }
      parker.park(this);
      position = future.position();
    }
    episode = Math.max(episode, history.episodeAt(position));
    return future.value();
  }

  /**
   * The calls the code waits on all together, when it waits on an {@code allOf} of at least two
   * task calls made in this episode, without retries, that have no outcome yet; otherwise none.
   * Calls with retries are left out: their failed attempts must wake the run to be retried.
   */
  List<Integer> joinableCalls() {
    if (!(waitingOn instanceof AllOfFuture<?> all)) {
      return List.of();
    }
    java.util.Map<Integer, TaskScheduled> fresh = new HashMap<>();
    for (CallStarted c : commands) {
      if (c instanceof TaskScheduled t && t.groupId() == t.callId() && t.retry() == null) {
        fresh.put(t.callId(), t);
      }
    }
    List<Integer> joined = new ArrayList<>();
    for (ReplayFuture<?> part : all.parts) {
      int callId = part.callId();
      if (part instanceof CallFuture<?> && fresh.containsKey(callId) && part.position() < 0) {
        joined.add(callId);
      }
    }
    return joined.size() >= 2 ? joined : List.of();
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

  /** A task call or a child workflow. */
  private static final class CallFuture<O> extends ReplayFuture<O> {
    private final int callId;
    private final String what;
    private final Type outputType;

    CallFuture(ReplayContext ctx, int callId, String what, Type outputType) {
      super(ctx);
      this.callId = callId;
      this.what = what;
      this.outputType = outputType;
    }

    @Override
    int position() {
      HistoryIndex.Call call = ctx.history.call(callId);
      return call == null ? -1 : call.completionPosition;
    }

    @Override
    @SuppressWarnings("unchecked")
    O value() {
      CallCompleted completion = ctx.history.call(callId).completion();
      if (completion instanceof TaskSucceeded s) {
        return (O) Json.fromTree(ctx.payloads.resolve(s.result()), outputType);
      }
      TaskFailed f = (TaskFailed) completion;
      throw new TaskFailedException(what, callId, f.errorType(), f.message());
    }

    @Override
    public int callId() {
      return callId;
    }
  }

  private static final class TimerFuture extends ReplayFuture<Void> {
    private final int callId;

    TimerFuture(ReplayContext ctx, int callId) {
      super(ctx);
      this.callId = callId;
    }

    @Override
    int position() {
      HistoryIndex.Call call = ctx.history.call(callId);
      return call == null ? -1 : call.completionPosition;
    }

    @Override
    Void value() {
      return null;
    }

    @Override
    public int callId() {
      return callId;
    }
  }

  /** The k-th wait for events of one name receives the k-th such event. */
  private static final class EventFuture<T> extends ReplayFuture<T> {
    private final int callId;
    private final Type type;
    private final String name;
    private final int k;

    EventFuture(ReplayContext ctx, int callId, String name, int k, Type type) {
      super(ctx);
      this.callId = callId;
      this.name = name;
      this.k = k;
      this.type = type;
    }

    @Override
    int position() {
      return ctx.history.receivedPosition(name, k);
    }

    @Override
    @SuppressWarnings("unchecked")
    T value() {
      EventReceived received = (EventReceived) ctx.history.at(position());
      return (T) Json.fromTree(ctx.payloads.resolve(received.payload()), type);
    }

    @Override
    public int callId() {
      return callId;
    }
  }

  /** An event, or empty when the timer fires first. */
  private static final class TimeoutFuture<T> extends ReplayFuture<Optional<T>> {
    private final EventFuture<T> event;
    private final TimerFuture timer;

    TimeoutFuture(ReplayContext ctx, EventFuture<T> event, TimerFuture timer) {
      super(ctx);
      this.event = event;
      this.timer = timer;
    }

    @Override
    int position() {
      int e = event.position();
      int t = timer.position();
      if (e < 0) {
        return t;
      }
      return t < 0 ? e : Math.min(e, t);
    }

    @Override
    Optional<T> value() {
      int e = event.position();
      int t = timer.position();
      return e >= 0 && (t < 0 || e < t) ? Optional.ofNullable(event.value()) : Optional.empty();
    }

    @Override
    public int callId() {
      return event.callId();
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

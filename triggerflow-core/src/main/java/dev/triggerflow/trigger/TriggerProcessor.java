package dev.triggerflow.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.api.Names;
import dev.triggerflow.api.Registry;
import dev.triggerflow.engine.RunListener;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.event.Event;
import dev.triggerflow.event.EventCodec;
import dev.triggerflow.event.LambdaDestinations;
import dev.triggerflow.json.Json;
import dev.triggerflow.nativeflow.NativeWorkflow;
import dev.triggerflow.spi.Clock;
import dev.triggerflow.spi.DeadLetter;
import dev.triggerflow.spi.EventPublisher;
import dev.triggerflow.spi.FunctionInvoker;
import dev.triggerflow.spi.InboxStore;
import dev.triggerflow.spi.LeaseOutcome;
import dev.triggerflow.spi.ReleaseOutcome;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import dev.triggerflow.spi.RunUpdate;
import dev.triggerflow.spi.Stores;
import dev.triggerflow.spi.TaskInvocation;
import dev.triggerflow.spi.TriggerStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trigger processor: for each event, finds the triggers it activates, evaluates their
 * conditions against their persistent contexts, and runs the actions of those that fire.
 *
 * <p>Per event: events for a run whose orchestrator a trigger wakes are first stored in the run's
 * inbox and counted on the run record, so that an orchestrator that is running now sees them before
 * it lets go of the run. Then each trigger is updated with an optimistic, version-checked write
 * that records the event as seen together with the new context; a duplicate is recognised by the
 * seen set in that same write and never counts twice. A trigger fires at most once per state
 * change, and its action runs after the firing is stored; the event that fired it re-runs the
 * action if it is delivered again before the action was marked done.
 *
 * <p>The outcome of a call that the workflow awaits on its own (not one of a map's or a join's
 * calls) has no trigger item: its trigger is implicit, with the run record for its state. Its
 * condition is that the call may still be open (its id is not below the run's first open call) and
 * that the event is new to the run's inbox, whose conditional write drops a duplicate; its action
 * wakes the run. This saves the four writes per step that an explicit trigger costs (creating it
 * and its pointer, firing it, marking its action done). Such outcomes come with the run's direct
 * subject ({@link EngineEvents#directSubject}), which no trigger has, so they are not looked up.
 */
public final class TriggerProcessor {
  private static final Logger log = LoggerFactory.getLogger(TriggerProcessor.class);
  private static final int MAX_CONFLICT_RETRIES = 100;

  private final Registry registry;
  private final Stores stores;
  private final FunctionInvoker invoker;
  private final EventPublisher publisher;
  private final Clock clock;
  private final RunListener listener;
  private final Duration actionGrace;
  private final ConflictPause conflictPause;

  public TriggerProcessor(
      Registry registry,
      Stores stores,
      FunctionInvoker invoker,
      EventPublisher publisher,
      Clock clock) {
    this(registry, stores, invoker, publisher, clock, null, Duration.ZERO);
  }

  /**
   * A processor that tells {@code listener} when an action finishes a run.
   *
   * @param actionGrace how long after a trigger fired a second delivery of the event that fired it
   *     takes the action to be still running rather than crashed. Where duplicates can be delivered
   *     while the first delivery still acts (EventBridge to Lambda), set it above the trigger
   *     function's timeout and below the delay of its retries; where they cannot (the embedded
   *     bus), zero.
   */
  public TriggerProcessor(
      Registry registry,
      Stores stores,
      FunctionInvoker invoker,
      EventPublisher publisher,
      Clock clock,
      RunListener listener,
      Duration actionGrace) {
    this(registry, stores, invoker, publisher, clock, listener, actionGrace, ConflictPause.NONE);
  }

  private TriggerProcessor(
      Registry registry,
      Stores stores,
      FunctionInvoker invoker,
      EventPublisher publisher,
      Clock clock,
      RunListener listener,
      Duration actionGrace,
      ConflictPause conflictPause) {
    this.registry = registry;
    this.stores = stores;
    this.invoker = invoker;
    this.publisher = publisher;
    this.clock = clock;
    this.listener = listener == null ? run -> {} : listener;
    this.actionGrace = actionGrace;
    this.conflictPause = conflictPause;
  }

  /**
   * This processor, pausing as {@code pause} says before it tries a contended trigger again. Where
   * many deliveries update one trigger at once (the results of a map reaching several trigger
   * functions together), a short random pause spreads them out: each failed conditional write is a
   * billed request and a round trip, and a pause costs only a little function time.
   */
  public TriggerProcessor withConflictPause(ConflictPause pause) {
    return new TriggerProcessor(
        registry, stores, invoker, publisher, clock, listener, actionGrace, pause);
  }

  /** What a delivery does between two attempts at updating a trigger another one changed. */
  @FunctionalInterface
  public interface ConflictPause {
    /** No pause: the next attempt reads nothing and starts at once. */
    ConflictPause NONE = attempt -> {};

    /**
     * Pauses before retry number {@code attempt} (1 for the first retry).
     *
     * @throws InterruptedException if the thread is interrupted while it waits
     */
    void before(int attempt) throws InterruptedException;

    /**
     * A random pause between zero and {@code base} doubled for each earlier retry, at most {@code
     * cap}: exponential backoff with full jitter.
     */
    static ConflictPause jittered(Duration base, Duration cap) {
      long baseMicros = base.toNanos() / 1_000;
      long capMicros = cap.toNanos() / 1_000;
      if (baseMicros <= 0 || capMicros < baseMicros) {
        throw new IllegalArgumentException(
            "a conflict pause needs 0 < base <= cap, not base " + base + " and cap " + cap);
      }
      return attempt -> {
        long ceiling = baseMicros << Math.min(attempt - 1, 20);
        long micros = ThreadLocalRandom.current().nextLong(Math.min(ceiling, capMicros) + 1);
        TimeUnit.MICROSECONDS.sleep(micros);
      };
    }
  }

  /** What became of one event. */
  public enum Outcome {
    /** At least one trigger counted the event. */
    PROCESSED,
    /** Every trigger it activates had counted it already. */
    DUPLICATE,
    /** It belongs to a run that has finished; ignored. */
    IGNORED,
    /** It was stored as a dead letter. */
    DEAD_LETTERED
  }

  /**
   * Carries on a native run whose process stopped while it ran, as the embedded runtime's resume
   * does (on AWS, Lambda retries what failed and nothing is lost this way). It creates any of the
   * run's triggers that are missing, starts again each start step whose result has not arrived, and
   * runs again the action of each fired trigger that either did not finish it or invoked a step
   * whose result has not arrived. A step that was in fact still running runs twice; its result
   * event has the same id both times and counts once. Only a step some rule waits for can be seen
   * to have finished; and the action of a fired trigger is run again only when it is a built-in
   * one, since a custom action may need the event that fired it, which is gone.
   *
   * @return whether the run is a running native run (false leaves it to the orchestrator)
   */
  public boolean recoverNative(String runId) {
    RunRecord run = stores.runs().get(runId).orElse(null);
    if (run == null || run.status().isTerminal()) {
      return false;
    }
    NativeWorkflow workflow = registry.nativeWorkflow(run.workflow()).orElse(null);
    if (workflow == null) {
      return false;
    }
    workflow.triggers(runId, clock.now()).forEach(stores.triggers()::create);
    List<Trigger> triggers = stores.triggers().list(runId);
    Set<Integer> awaited = new HashSet<>();
    for (NativeWorkflow.Rule rule : workflow.rules()) {
      rule.steps().forEach(step -> awaited.add(workflow.steps().get(step).callId()));
    }
    for (NativeWorkflow.Step step : workflow.startSteps()) {
      if (awaited.contains(step.callId()) && !resultArrived(triggers, runId, step.callId())) {
        log.info("run {}: starting step {} again", runId, step.name());
        invoker.invokeTask(
            new TaskInvocation(runId, step.task(), step.callId(), step.callId(), 1, run.input()));
      }
    }
    for (Trigger t : triggers) {
      if (t.firedBy() == null || Actions.builtIn(t.action()).isEmpty()) {
        if (t.firedBy() != null && !t.actionDone()) {
          log.warn(
              "run {}: the action '{}' of trigger {} may not have finished and cannot be run"
                  + " again without the event that fired it",
              runId,
              t.action(),
              t.id());
        }
        continue;
      }
      boolean stepPending =
          Actions.INVOKE.equals(t.action())
              && awaited.contains(t.actionParams().path("callId").asInt())
              && !resultArrived(triggers, runId, t.actionParams().path("callId").asInt());
      if (!t.actionDone() || stepPending) {
        log.info("run {}: running the action of trigger {} again", runId, t.id());
        runAction(t, null);
      }
    }
    return true;
  }

  private static boolean resultArrived(List<Trigger> triggers, String runId, int callId) {
    Event result =
        EngineEvents.taskSucceeded(runId, callId, callId, 1, NullNode.getInstance(), Instant.EPOCH);
    return triggers.stream()
        .anyMatch(
            t ->
                t.subjects().contains(EngineEvents.groupSubject(runId, callId))
                    && t.seen().contains(result));
  }

  /**
   * Processes an event received as JSON text: a CloudEvent, an EventBridge envelope with the
   * CloudEvent as its detail, or a Lambda Destinations record of a task's invocation. Text that
   * cannot be read is dead-lettered, never thrown.
   */
  public Outcome processJson(String json) {
    Event event;
    try {
      JsonNode node = Json.parse(json);
      if (LambdaDestinations.isDestinationRecord(node)) {
        event = LambdaDestinations.toTaskResult(node);
      } else {
        event = EventCodec.fromTree(node.has("detail") ? node.get("detail") : node);
      }
    } catch (RuntimeException e) {
      return deadLetter(e.getMessage(), null, json);
    }
    return process(event);
  }

  /**
   * Processes one event.
   *
   * @throws RuntimeException when a store or an action fails; the caller should redeliver
   */
  public Outcome process(Event event) {
    Optional<String> runId = event.runId();
    if (runId.isEmpty() || !Names.isValid(runId.get())) {
      return deadLetter(
          "event has no valid '" + Event.RUN_ID + "' extension naming its run",
          runId.orElse(null),
          EventCodec.toJson(event));
    }
    String run = runId.get();
    if (EngineEvents.isCallOutcome(event)
        && event.subject().equals(EngineEvents.directSubject(run))) {
      return callOutcome(run, event);
    }
    List<Trigger> triggers = new ArrayList<>();
    for (Trigger t : stores.triggers().findBySubject(run, event.subject())) {
      if (t.activatedBy(event)) {
        triggers.add(t);
      }
    }
    if (triggers.isEmpty()) {
      if (EngineEvents.isRunLevel(event)) {
        return runLevel(run, event);
      }
      return EngineEvents.isCallOutcome(event) ? callOutcome(run, event) : unmatched(run, event);
    }
    for (Trigger t : triggers) {
      if (!t.seen().accepts(event)) {
        return deadLetter(
            "event '"
                + event.id()
                + "' names call "
                + event.callId().map(String::valueOf).orElse("(none)")
                + ", but trigger "
                + t.id()
                + " of run '"
                + run
                + "' counts only "
                + t.seen().describeCalls(),
            run,
            EventCodec.toJson(event));
      }
    }
    if (triggers.stream().anyMatch(t -> Actions.WAKE.equals(t.action()))) {
      InboxStore.PutOutcome put = stores.inbox().put(run, event);
      if (put == InboxStore.PutOutcome.CONFLICT) {
        return conflict(run, event);
      }
    }
    boolean counted = false;
    for (Trigger t : triggers) {
      counted |= evaluate(t, event);
    }
    return counted ? Outcome.PROCESSED : Outcome.DUPLICATE;
  }

  /**
   * An external event or a control request for a run needs no trigger: while the run is running it
   * is stored for the orchestrator and wakes it. A duplicate is dropped by the orchestrator, which
   * knows every event id in the history.
   */
  private Outcome runLevel(String run, Event event) {
    Optional<RunRecord> record = stores.runs().get(run);
    if (record.isEmpty() || record.get().status().isTerminal()) {
      return unmatched(run, event, record);
    }
    return storeAndWake(run, event);
  }

  /**
   * The outcome of a call that no trigger counts (a call awaited on its own, a timer, a child run,
   * a retried attempt) wakes the orchestrator directly, as an external event does: counting one
   * event needs no trigger, and the orchestrator, which knows the run's calls, records it, or drops
   * it when it is stale or a duplicate, or dead-letters it when it names no call of the run.
   *
   * <p>The event is stored and counted on the run record first, and the record that the count
   * returns decides the rest, so the common case reads nothing: a run that is missing, finished or
   * native takes the event as unmatched, and an outcome of a call below the run's first open call
   * is a late duplicate (every such call has its outcome in the history). Either way the stored
   * copy is taken back and nothing is woken; the count is harmless, as a lease holder that sees it
   * only looks at its inbox once more.
   */
  private Outcome callOutcome(String run, Event event) {
    InboxStore.PutOutcome put = stores.inbox().put(run, event);
    if (put == InboxStore.PutOutcome.CONFLICT) {
      return conflict(run, event);
    }
    if (put == InboxStore.PutOutcome.DUPLICATE && firstDeliveryMayBeRunning(event)) {
      return Outcome.DUPLICATE;
    }
    Optional<RunRecord> record = stores.runs().recordEventArrival(run);
    int callId = event.callId().orElseThrow();
    boolean unmatched =
        record.isEmpty()
            || record.get().status().isTerminal()
            || registry.nativeWorkflow(record.get().workflow()).isPresent();
    boolean late = !unmatched && callId < record.get().firstOpenCall();
    if (unmatched || late) {
      if (put == InboxStore.PutOutcome.ADDED) {
        stores.inbox().remove(run, Set.of(event.id()));
      }
      if (unmatched) {
        return unmatched(run, event, record);
      }
      log.info(
          "event {} for call {} of run {} comes after the call's outcome was recorded; dropped",
          event.id(),
          callId,
          run);
      return Outcome.DUPLICATE;
    }
    invoker.wakeOrchestrator(run);
    return put == InboxStore.PutOutcome.DUPLICATE ? Outcome.DUPLICATE : Outcome.PROCESSED;
  }

  /**
   * Stores an event in the run's inbox and wakes the run. A duplicate that is still pending wakes
   * the run too, unless the first delivery may still be running (the event is younger than the
   * grace period): it may be the redelivery of an event whose first delivery died between storing
   * it and waking the run, and a wake that finds nothing new records nothing.
   */
  private Outcome storeAndWake(String run, Event event) {
    InboxStore.PutOutcome put = stores.inbox().put(run, event);
    if (put == InboxStore.PutOutcome.CONFLICT) {
      return conflict(run, event);
    }
    if (put == InboxStore.PutOutcome.DUPLICATE) {
      if (!firstDeliveryMayBeRunning(event)) {
        requestWake(run);
      }
      return Outcome.DUPLICATE;
    }
    requestWake(run);
    return Outcome.PROCESSED;
  }

  /** Dead-letters an event whose id was received before with other content. */
  private Outcome conflict(String run, Event event) {
    return deadLetter(
        "an event with id '"
            + event.id()
            + "' but different content was already received; the first one wins",
        run,
        EventCodec.toJson(event));
  }

  /**
   * Whether the first delivery of an event may still be storing it and waking its run: the event is
   * younger than the grace period. The event's own time comes before its first delivery, so this
   * window is never longer than the one the delivery itself has.
   */
  private boolean firstDeliveryMayBeRunning(Event event) {
    if (actionGrace.isZero()) {
      return false;
    }
    Instant now = clock.now();
    return !now.isBefore(event.time()) && now.isBefore(event.time().plus(actionGrace));
  }

  /**
   * Wakes a run's orchestrator. The run's wake counter goes up first: an orchestrator that holds
   * the run's lease now will see it move when it tries to let go, and run again, so no wake is lost
   * even when this invocation finds the lease held. Events that fire no trigger move nothing: they
   * wait, stored, for the wake that needs them.
   */
  private void requestWake(String runId) {
    stores.runs().recordEventArrival(runId);
    invoker.wakeOrchestrator(runId);
  }

  private Outcome unmatched(String run, Event event) {
    return unmatched(run, event, stores.runs().get(run));
  }

  private Outcome unmatched(String run, Event event, Optional<RunRecord> record) {
    if (record.isPresent() && record.get().status().isTerminal()) {
      log.info(
          "ignoring event {} of type {} for run {}: the run is {}",
          event.id(),
          event.type(),
          run,
          record.get().status());
      return Outcome.IGNORED;
    }
    String reason =
        record.isEmpty()
            ? "no run '" + run + "' exists"
            : "no trigger of run '"
                + run
                + "' is activated by subject '"
                + event.subject()
                + "' and type '"
                + event.type()
                + "'";
    return deadLetter(reason, run, EventCodec.toJson(event));
  }

  /** Returns whether this trigger counted the event (false for a duplicate or a late event). */
  private boolean evaluate(Trigger initial, Event event) {
    Trigger current = initial;
    for (int attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      if (current.seen().contains(event)) {
        if (event.id().equals(current.firedBy())
            && !current.actionDone()
            && !actionMayBeRunning(current)) {
          if (runFinished(current.runId())) {
            // Nothing is left for the action to do, but the delivery that ended the run may have
            // died before deleting the run's triggers, this one among them.
            stores.triggers().deleteAll(current.runId());
          } else {
            log.info(
                "re-running the action of trigger {} of run {}", current.id(), current.runId());
            runAction(current, event);
          }
        }
        return false;
      }
      if (!current.isActive()) {
        log.info(
            "trigger {} of run {} has fired already; event {} comes too late",
            current.id(),
            current.runId(),
            event.id());
        return false;
      }
      if (attempt > 0) {
        // Lost a race for this trigger: the retry waits only when it has something to write.
        pauseBefore(attempt);
      }
      Condition condition = condition(current.condition());
      ObjectNode context = current.context().deepCopy();
      boolean fire = condition.evaluate(new ConditionCtx(current, context), event);
      Trigger updated =
          current.evaluated(context, current.seen().with(event), fire, event.id(), clock.now());
      TriggerStore.Replaced replaced = stores.triggers().replaceOrRead(current, updated);
      if (replaced.done()) {
        if (fire) {
          runAction(updated, event);
        }
        return true;
      }
      current =
          replaced
              .now()
              .orElseThrow(
                  () -> new IllegalStateException("trigger vanished while it was being updated"));
    }
    throw new IllegalStateException(
        "trigger "
            + initial.id()
            + " of run "
            + initial.runId()
            + " stayed contended after "
            + MAX_CONFLICT_RETRIES
            + " attempts; the event will be redelivered");
  }

  private void pauseBefore(int attempt) {
    try {
      conflictPause.before(attempt);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to retry a contended trigger", e);
    }
  }

  /**
   * Whether the delivery that fired a trigger may still be running its action: the firing is more
   * recent than the grace period. A redelivery then leaves the action to it instead of running it a
   * second time; a delivery that crashed is retried after the grace period and runs it.
   */
  private boolean actionMayBeRunning(Trigger t) {
    if (actionGrace.isZero() || t.firedAt() == null) {
      return false;
    }
    return clock.now().isBefore(t.firedAt().plus(actionGrace));
  }

  /**
   * Whether a run has finished: an action whose first run died undone is not run again then, as it
   * could only start work (a native step) for a run that is over. A run that is gone has finished.
   */
  private boolean runFinished(String runId) {
    return stores.runs().get(runId).map(r -> r.status().isTerminal()).orElse(true);
  }

  /**
   * Runs a fired trigger's action, then marks it done unless a later firing replaced this one.
   *
   * @param event the event that fired it; null when a recovery runs a built-in action again
   */
  private void runAction(Trigger fired, Event event) {
    Action action = action(fired.action());
    try {
      action.run(new ActionCtx(fired), event);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(
          "action '" + fired.action() + "' of trigger " + fired.id() + " failed", e);
    }
    Trigger current = fired;
    for (int attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      if (!Objects.equals(fired.firedBy(), current.firedBy()) || current.actionDone()) {
        return;
      }
      TriggerStore.Replaced replaced =
          stores.triggers().replaceOrRead(current, current.withActionDone());
      if (replaced.done() || replaced.now().isEmpty()) {
        return;
      }
      current = replaced.now().get();
    }
  }

  private Condition condition(String name) {
    return Conditions.builtIn(name)
        .or(() -> registry.condition(name))
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no condition named '" + name + "' is registered in this deployment"));
  }

  private Action action(String name) {
    return Actions.builtIn(name)
        .or(() -> registry.action(name))
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no action named '" + name + "' is registered in this deployment"));
  }

  private Outcome deadLetter(String reason, String runId, String payload) {
    log.warn("dead-lettering an event of run {}: {}", runId, reason);
    stores
        .deadLetters()
        .put(new DeadLetter(UUID.randomUUID().toString(), clock.now(), reason, runId, payload));
    return Outcome.DEAD_LETTERED;
  }

  /** What a condition sees. */
  private record ConditionCtx(Trigger trigger, ObjectNode state) implements TriggerContext {
    @Override
    public String runId() {
      return trigger.runId();
    }

    @Override
    public String triggerId() {
      return trigger.id();
    }

    @Override
    public JsonNode params() {
      return trigger.conditionParams();
    }
  }

  /** What an action sees and can do. */
  private final class ActionCtx implements ActionContext {
    private final Trigger trigger;

    ActionCtx(Trigger trigger) {
      this.trigger = trigger;
    }

    @Override
    public String runId() {
      return trigger.runId();
    }

    @Override
    public String triggerId() {
      return trigger.id();
    }

    @Override
    public JsonNode params() {
      return trigger.actionParams();
    }

    @Override
    public ObjectNode state() {
      return trigger.context().deepCopy();
    }

    @Override
    public void wakeOrchestrator(String runId) {
      requestWake(runId);
    }

    @Override
    public void publish(List<Event> events) {
      publisher.publish(events);
    }

    @Override
    public void invokeTask(TaskInvocation invocation) {
      invoker.invokeTask(invocation);
    }

    @Override
    public void finishRun(RunStatus status, JsonNode result, String errorType, String message) {
      finish(trigger.runId(), status, result, errorType, message);
    }

    @Override
    public Instant now() {
      return clock.now();
    }
  }

  /** Finishes a run that has no orchestrator, taking its lease for the one write. */
  private void finish(
      String runId, RunStatus status, JsonNode result, String errorType, String message) {
    if (!status.isTerminal()) {
      throw new IllegalArgumentException("a run can only be finished as a terminal state");
    }
    String owner = UUID.randomUUID().toString();
    RunUpdate update = new RunUpdate(status, result, errorType, message, 0, 0, 0, 0);
    for (int attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      LeaseOutcome lease =
          stores.runs().acquireLease(runId, owner, clock.now(), Duration.ofMinutes(1));
      if (lease instanceof LeaseOutcome.NotFound) {
        throw new IllegalStateException("run " + runId + " vanished before it could finish");
      }
      if (lease instanceof LeaseOutcome.Held held) {
        throw new IllegalStateException(
            "run " + runId + " is held by " + held.owner() + "; the event will be redelivered");
      }
      RunRecord run = ((LeaseOutcome.Acquired) lease).run();
      RunUpdate effective = run.status().isTerminal() ? RunUpdate.none() : update;
      ReleaseOutcome released =
          stores.runs().release(runId, owner, run.wakeSeq(), effective, clock.now());
      if (released == ReleaseOutcome.RELEASED) {
        if (!run.status().isTerminal()) {
          log.info("run {} finished as {}", runId, status);
          stores.triggers().deleteAll(runId);
          stores.runs().get(runId).ifPresent(listener::onFinished);
        }
        return;
      }
    }
    throw new IllegalStateException("run " + runId + " stayed busy; the event will be redelivered");
  }
}

package dev.triggerflow.aws.handler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.event.Event;
import dev.triggerflow.spi.Clock;
import dev.triggerflow.spi.TriggerStore;
import dev.triggerflow.trigger.Conditions;
import dev.triggerflow.trigger.Trigger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The trigger store as the processing of one event sees it. It works around two gaps of the trigger
 * processor that show on AWS, where every event is delivered at least once and concurrently; both
 * belong in the engine, and this class goes once they are there.
 *
 * <p><b>Calls outside their group.</b> A group's join trigger counts results of calls it does not
 * know by event id, so a result naming a call outside the group would count towards the join, fire
 * it before every real call finished, and leave the run waiting for a wake that never comes. Such
 * an event is stopped when the processor first looks up its triggers, before anything is written,
 * and the handler stores it as a dead letter. This relies on how the orchestrator names a group's
 * trigger: {@code g<first call>}, the group's subject, a join of {@code count} calls.
 *
 * <p><b>Duplicates racing the action.</b> When a delivery of the event that fired a trigger finds
 * the action not yet marked done, the processor runs the action again, which repairs a crash
 * between the firing and the action. But a duplicate delivered while the first delivery is still
 * running the action does the same, and wakes the orchestrator twice. So a firing is stamped with
 * its time in the trigger's context, and for {@value #FIRED_AT_FIELD}-stamped firings younger than
 * the grace period, a duplicate of the firing event sees the action as done. A delivery that
 * crashed is retried by Lambda a minute or more later, after the grace period, and then runs the
 * action again as before.
 */
final class GuardedTriggers implements TriggerStore {
  /** The context field holding when a trigger fired, in epoch milliseconds. */
  static final String FIRED_AT_FIELD = "$firedAtMillis";

  /** How long after a firing a duplicate of its event leaves the action to the first delivery. */
  static final Duration GRACE = Duration.ofSeconds(30);

  private final TriggerStore delegate;
  private final Event event;
  private final Clock clock;

  GuardedTriggers(TriggerStore delegate, Event event, Clock clock) {
    this.delegate = delegate;
    this.event = event;
    this.clock = clock;
  }

  @Override
  public List<Trigger> findBySubject(String runId, String subject) {
    List<Trigger> found = delegate.findBySubject(runId, subject);
    List<Trigger> seen = new ArrayList<>(found.size());
    for (Trigger t : found) {
      if (EngineEvents.isTaskResult(event)) {
        checkCall(t);
      }
      seen.add(firingInProgress(t) ? asActionDone(t) : t);
    }
    return seen;
  }

  @Override
  public boolean replace(Trigger current, Trigger updated) {
    boolean newFiring =
        updated.firedBy() != null
            && !updated.actionDone()
            && !Objects.equals(updated.firedBy(), current.firedBy());
    return delegate.replace(current, newFiring ? stamped(updated) : updated);
  }

  /** Whether this event is a duplicate of the one that fired {@code t} a moment ago. */
  private boolean firingInProgress(Trigger t) {
    if (t.actionDone() || !event.id().equals(t.firedBy())) {
      return false;
    }
    JsonNode firedAt = t.context().get(FIRED_AT_FIELD);
    if (firedAt == null || !firedAt.canConvertToLong()) {
      return false;
    }
    long age = clock.now().toEpochMilli() - firedAt.asLong();
    return age >= 0 && age < GRACE.toMillis();
  }

  private Trigger stamped(Trigger t) {
    ObjectNode context = t.context().deepCopy();
    context.put(FIRED_AT_FIELD, clock.now().toEpochMilli());
    return copy(t, context, t.actionDone());
  }

  private static Trigger asActionDone(Trigger t) {
    return copy(t, t.context(), true);
  }

  private static Trigger copy(Trigger t, ObjectNode context, boolean actionDone) {
    return new Trigger(
        t.runId(),
        t.id(),
        t.subjects(),
        t.types(),
        t.condition(),
        t.conditionParams(),
        t.action(),
        t.actionParams(),
        context,
        t.isTransient(),
        t.seen(),
        t.fired(),
        t.firedBy(),
        actionDone,
        t.version(),
        t.createdAt());
  }

  private void checkCall(Trigger t) {
    Optional<Integer> group = groupOf(t);
    if (group.isEmpty()) {
      return;
    }
    int first = group.get();
    int count = t.conditionParams().path("count").asInt(0);
    Integer call = event.callId().orElse(null);
    if (call == null) {
      throw new OutsideGroup("a task result without a valid '" + Event.CALL_ID + "' extension");
    }
    if (call < first || call >= first + count) {
      throw new OutsideGroup(
          "run '"
              + t.runId()
              + "' has no call "
              + call
              + " in call group "
              + first
              + " (calls "
              + first
              + " to "
              + (first + count - 1)
              + ")");
    }
  }

  /** The first call of the group a trigger joins, if it is a group's join trigger. */
  private static Optional<Integer> groupOf(Trigger t) {
    if (!Conditions.JOIN.equals(t.condition()) || !t.id().startsWith("g")) {
      return Optional.empty();
    }
    int first;
    try {
      first = Integer.parseInt(t.id().substring(1));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (!t.subjects().equals(Set.of(EngineEvents.groupSubject(t.runId(), first)))) {
      return Optional.empty();
    }
    return Optional.of(first);
  }

  @Override
  public void create(Trigger trigger) {
    delegate.create(trigger);
  }

  /** Read again after a conflict: a firing that happened meanwhile is masked the same way. */
  @Override
  public Optional<Trigger> get(String runId, String triggerId) {
    return delegate.get(runId, triggerId).map(t -> firingInProgress(t) ? asActionDone(t) : t);
  }

  @Override
  public List<Trigger> list(String runId) {
    return delegate.list(runId);
  }

  @Override
  public void deleteAll(String runId) {
    delegate.deleteAll(runId);
  }

  /** The event names a call outside its group; thrown before anything is written. */
  static final class OutsideGroup extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OutsideGroup(String reason) {
      super(reason, null, false, false);
    }
  }
}

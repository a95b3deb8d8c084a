package dev.triggerflow.spi;

import dev.triggerflow.trigger.Trigger;
import java.util.List;
import java.util.Optional;

/** Triggers, keyed by run and trigger id, found by activation subject. */
public interface TriggerStore {

  /** Creates a trigger; if one with its run and id exists, leaves it as it is. */
  void create(Trigger trigger);

  /** The run's triggers that have {@code subject} among their activation subjects. */
  List<Trigger> findBySubject(String runId, String subject);

  /** One trigger. */
  Optional<Trigger> get(String runId, String triggerId);

  /**
   * Replaces a trigger if its stored version is still {@code current.version()}.
   *
   * @return false if another update came first
   */
  boolean replace(Trigger current, Trigger updated);

  /**
   * Replaces a trigger like {@link #replace}; when another update came first, also returns the
   * trigger as it is now, so that a caller that tries again need not read it. A store whose failed
   * conditional write reports the stored item (DynamoDB does) saves that read.
   */
  default Replaced replaceOrRead(Trigger current, Trigger updated) {
    if (replace(current, updated)) {
      return Replaced.DONE;
    }
    return Replaced.lost(get(current.runId(), current.id()));
  }

  /**
   * What {@link #replaceOrRead} did.
   *
   * @param done whether the trigger was replaced
   * @param now when not done, the trigger as it is stored now; empty if it was deleted
   */
  record Replaced(boolean done, Optional<Trigger> now) {
    /** The trigger was replaced. */
    public static final Replaced DONE = new Replaced(true, Optional.empty());

    /** Another update came first; the trigger is now {@code now}. */
    public static Replaced lost(Optional<Trigger> now) {
      return new Replaced(false, now);
    }
  }

  /** All triggers of a run. */
  List<Trigger> list(String runId);

  /** Deletes all triggers of a run. */
  void deleteAll(String runId);
}

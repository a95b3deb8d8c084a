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

  /** All triggers of a run. */
  List<Trigger> list(String runId);

  /** Deletes all triggers of a run. */
  void deleteAll(String runId);
}

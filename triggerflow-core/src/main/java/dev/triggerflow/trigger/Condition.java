package dev.triggerflow.trigger;

import dev.triggerflow.event.Event;

/**
 * Decides whether a trigger fires. The trigger processor calls it once per distinct event that
 * activates the trigger (duplicates never reach it) and persists the context it leaves behind.
 * Implementations must be deterministic functions of the context and the event, because an
 * evaluation may be repeated when two events race to update the same trigger.
 */
@FunctionalInterface
public interface Condition {

  /**
   * Evaluates one event.
   *
   * @param context the trigger's persistent context; changes to it are saved with the outcome
   * @param event the activation event
   * @return true to fire the trigger's action
   */
  boolean evaluate(TriggerContext context, Event event);
}

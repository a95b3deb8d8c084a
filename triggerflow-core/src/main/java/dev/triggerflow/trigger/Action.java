package dev.triggerflow.trigger;

import dev.triggerflow.event.Event;

/**
 * What a trigger does when it fires. Actions run at least once per firing: after a crash between
 * the firing and the end of the action, the redelivered event runs it again.
 */
@FunctionalInterface
public interface Action {

  /**
   * Runs the action.
   *
   * @param context the fired trigger, its context, and the engine's services
   * @param event the event that made the trigger fire
   * @throws Exception a failure; the event is redelivered (and dead-lettered in the end)
   */
  void run(ActionContext context, Event event) throws Exception;
}

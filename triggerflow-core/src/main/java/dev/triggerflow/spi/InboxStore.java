package dev.triggerflow.spi;

import dev.triggerflow.event.Event;
import java.util.Collection;
import java.util.List;

/**
 * Events that the trigger processor accepted for a run and that its orchestrator has not yet
 * recorded in the history. The orchestrator removes them once they are in the history.
 */
public interface InboxStore {

  /** The outcome of storing an event. */
  enum PutOutcome {
    /** Stored. */
    ADDED,
    /** An event with the same id and content is stored already. */
    DUPLICATE,
    /** An event with the same id but different content is stored already. */
    CONFLICT
  }

  /** Stores an event unless one with its id is pending (a conditional write on the id). */
  PutOutcome put(String runId, Event event);

  /** The pending events of a run, in the order they were stored. */
  List<Event> pending(String runId);

  /** Removes pending events by id. */
  void remove(String runId, Collection<String> eventIds);
}

package dev.triggerflow.spi;

import dev.triggerflow.event.Event;
import java.util.List;

/** Puts events on the bus. */
@FunctionalInterface
public interface EventPublisher {

  /**
   * Publishes events; returns once the bus has accepted all of them.
   *
   * @throws RuntimeException if some could not be published after the bus's retries
   */
  void publish(List<Event> events);
}

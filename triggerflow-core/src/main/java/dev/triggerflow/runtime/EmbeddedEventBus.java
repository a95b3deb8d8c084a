package dev.triggerflow.runtime;

import dev.triggerflow.event.Event;
import dev.triggerflow.event.EventCodec;
import dev.triggerflow.spi.Clock;
import dev.triggerflow.spi.DeadLetter;
import dev.triggerflow.spi.DeadLetterStore;
import dev.triggerflow.spi.EventPublisher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.event.ruler.Machine;

/**
 * An in-process event bus with EventBridge's semantics where they matter: events are wrapped in the
 * EventBridge envelope, matched by AWS's event-ruler against the same patterns the EventBridge
 * rules use, and delivered asynchronously to each matching target, with a bounded number of retries
 * before the event is dead-lettered.
 */
public final class EmbeddedEventBus implements EventPublisher {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedEventBus.class);

  private final Machine machine = Machine.builder().build();
  private final Map<String, Consumer<Event>> targets = new ConcurrentHashMap<>();
  private final Executor executor;
  private final DeadLetterStore deadLetters;
  private final Clock clock;
  private final int maxAttempts;
  private final Activity activity;

  EmbeddedEventBus(
      Executor executor,
      DeadLetterStore deadLetters,
      Clock clock,
      int maxAttempts,
      Activity activity) {
    this.executor = executor;
    this.deadLetters = deadLetters;
    this.clock = clock;
    this.maxAttempts = maxAttempts;
    this.activity = activity;
  }

  /**
   * Adds a rule: events whose envelope matches {@code pattern} (EventBridge pattern syntax) go to
   * {@code target}.
   */
  public void addRule(String name, String pattern, Consumer<Event> target) {
    try {
      machine.addRule(name, pattern);
    } catch (Exception e) {
      throw new IllegalArgumentException("invalid event pattern for rule '" + name + "'", e);
    }
    targets.put(name, target);
  }

  /** The names of the rules an event matches. */
  public List<String> matchingRules(Event event) {
    return new ArrayList<>(machine.rulesForJSONEvent(EventCodec.toEnvelope(event)));
  }

  @Override
  public void publish(List<Event> events) {
    for (Event event : events) {
      List<String> rules = matchingRules(event);
      if (rules.isEmpty()) {
        log.debug("event {} of type {} matches no rule", event.id(), event.type());
      }
      for (String rule : rules) {
        Consumer<Event> target = targets.get(rule);
        activity.begin();
        executor.execute(() -> deliver(rule, target, event));
      }
    }
  }

  private void deliver(String rule, Consumer<Event> target, Event event) {
    try {
      for (int attempt = 1; ; attempt++) {
        try {
          target.accept(event);
          return;
        } catch (RuntimeException e) {
          if (attempt >= maxAttempts) {
            log.error(
                "rule {} failed to deliver event {} after {} attempts; dead-lettering it",
                rule,
                event.id(),
                attempt,
                e);
            deadLetters.put(
                new DeadLetter(
                    UUID.randomUUID().toString(),
                    clock.now(),
                    "delivery to rule '" + rule + "' failed " + attempt + " times: " + e,
                    event.runId().orElse(null),
                    EventCodec.toJson(event)));
            return;
          }
          log.warn("rule {} failed to deliver event {}; retrying", rule, event.id(), e);
        }
      }
    } finally {
      activity.end();
    }
  }
}

package dev.triggerflow.spi;

import java.util.Objects;

/** The stores an engine runs on. */
public record Stores(
    RunStore runs,
    HistoryStore history,
    InboxStore inbox,
    TriggerStore triggers,
    DeadLetterStore deadLetters) {
  public Stores {
    Objects.requireNonNull(runs, "runs");
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(inbox, "inbox");
    Objects.requireNonNull(triggers, "triggers");
    Objects.requireNonNull(deadLetters, "deadLetters");
  }
}

package dev.triggerflow.store.memory;

import dev.triggerflow.spi.Stores;

/** A complete set of in-memory stores, for tests and simulations. */
public final class InMemoryStores {
  private InMemoryStores() {}

  /** New, empty in-memory stores. */
  public static Stores create() {
    return new Stores(
        new InMemoryRunStore(),
        new InMemoryHistoryStore(),
        new InMemoryInboxStore(),
        new InMemoryTriggerStore(),
        new InMemoryDeadLetterStore());
  }
}

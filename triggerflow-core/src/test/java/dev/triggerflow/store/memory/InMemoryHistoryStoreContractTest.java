package dev.triggerflow.store.memory;

import dev.triggerflow.spi.HistoryStore;
import dev.triggerflow.store.contract.HistoryStoreContract;

class InMemoryHistoryStoreContractTest extends HistoryStoreContract {
  @Override
  protected HistoryStore newHistoryStore() {
    return new InMemoryHistoryStore();
  }
}

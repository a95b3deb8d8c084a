package dev.triggerflow.store.memory;

import dev.triggerflow.spi.TriggerStore;
import dev.triggerflow.store.contract.TriggerStoreContract;

class InMemoryTriggerStoreContractTest extends TriggerStoreContract {
  @Override
  protected TriggerStore newTriggerStore() {
    return new InMemoryTriggerStore();
  }
}

package dev.triggerflow.store.memory;

import dev.triggerflow.spi.RunStore;
import dev.triggerflow.store.contract.RunStoreContract;

class InMemoryRunStoreContractTest extends RunStoreContract {
  @Override
  protected RunStore newRunStore() {
    return new InMemoryRunStore();
  }
}

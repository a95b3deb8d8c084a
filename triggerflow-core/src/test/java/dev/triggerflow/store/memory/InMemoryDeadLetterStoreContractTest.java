package dev.triggerflow.store.memory;

import dev.triggerflow.spi.DeadLetterStore;
import dev.triggerflow.store.contract.DeadLetterStoreContract;

class InMemoryDeadLetterStoreContractTest extends DeadLetterStoreContract {
  @Override
  protected DeadLetterStore newDeadLetterStore() {
    return new InMemoryDeadLetterStore();
  }
}

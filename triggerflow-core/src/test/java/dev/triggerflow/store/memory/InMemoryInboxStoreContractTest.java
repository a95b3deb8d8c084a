package dev.triggerflow.store.memory;

import dev.triggerflow.spi.InboxStore;
import dev.triggerflow.store.contract.InboxStoreContract;

class InMemoryInboxStoreContractTest extends InboxStoreContract {
  @Override
  protected InboxStore newInboxStore() {
    return new InMemoryInboxStore();
  }
}

package dev.triggerflow.aws.dynamodb;

import dev.triggerflow.spi.Clock;
import dev.triggerflow.spi.InboxStore;
import dev.triggerflow.store.contract.InboxStoreContract;

/** The inbox store contract on dynalite as it is: failed conditions return no item. */
class DynamoDbInboxStoreContractTest extends InboxStoreContract {
  @Override
  protected InboxStore newInboxStore() {
    return new DynamoDbInboxStore(
        Dynalite.client(), Dynalite.tables("inbox").triggers(), Clock.system());
  }
}

package dev.triggerflow.aws.dynamodb;

import dev.triggerflow.spi.Clock;
import dev.triggerflow.spi.InboxStore;
import dev.triggerflow.store.contract.InboxStoreContract;

/**
 * The inbox store contract on dynalite made to return the item of a failed condition, as DynamoDB
 * does, so that the one-call paths are tested too.
 */
class DynamoDbInboxStoreOldItemsContractTest extends InboxStoreContract {
  @Override
  protected InboxStore newInboxStore() {
    return new DynamoDbInboxStore(
        Dynalite.clientWithOldItems(), Dynalite.tables("inbox").triggers(), Clock.system());
  }
}

package dev.triggerflow.aws.dynamodb;

import dev.triggerflow.spi.TriggerStore;
import dev.triggerflow.store.contract.TriggerStoreContract;

/**
 * The trigger store contract on dynalite made to return the item of a failed condition, as DynamoDB
 * does, so that the one-call paths are tested too.
 */
class DynamoDbTriggerStoreOldItemsContractTest extends TriggerStoreContract {
  @Override
  protected TriggerStore newTriggerStore() {
    return new DynamoDbTriggerStore(
        Dynalite.clientWithOldItems(), Dynalite.tables("triggers").triggers());
  }
}

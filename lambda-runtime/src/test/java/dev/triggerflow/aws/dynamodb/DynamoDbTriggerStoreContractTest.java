package dev.triggerflow.aws.dynamodb;

import dev.triggerflow.spi.TriggerStore;
import dev.triggerflow.store.contract.TriggerStoreContract;

/** The trigger store contract on dynalite as it is: failed conditions return no item. */
class DynamoDbTriggerStoreContractTest extends TriggerStoreContract {
  @Override
  protected TriggerStore newTriggerStore() {
    return new DynamoDbTriggerStore(Dynalite.client(), Dynalite.tables("triggers").triggers());
  }
}

package dev.triggerflow.aws.dynamodb;

import dev.triggerflow.spi.RunStore;
import dev.triggerflow.store.contract.RunStoreContract;
import java.time.Duration;

/** The run store contract on dynalite as it is: failed conditions return no item. */
class DynamoDbRunStoreContractTest extends RunStoreContract {
  @Override
  protected RunStore newRunStore() {
    return new DynamoDbRunStore(
        Dynalite.client(), Dynalite.tables("runs").runs(), Duration.ofDays(1));
  }
}

package dev.triggerflow.aws.dynamodb;

import dev.triggerflow.spi.RunStore;
import dev.triggerflow.store.contract.RunStoreContract;
import java.time.Duration;

/**
 * The run store contract on dynalite made to return the item of a failed condition, as DynamoDB
 * does, so that the one-call paths are tested too.
 */
class DynamoDbRunStoreOldItemsContractTest extends RunStoreContract {
  @Override
  protected RunStore newRunStore() {
    return new DynamoDbRunStore(
        Dynalite.clientWithOldItems(), Dynalite.tables("runs").runs(), Duration.ofDays(1));
  }
}

package dev.triggerflow.aws.dynamodb;

import dev.triggerflow.spi.Clock;
import dev.triggerflow.spi.DeadLetterStore;
import dev.triggerflow.store.contract.DeadLetterStoreContract;
import java.time.Duration;

/** The dead-letter store contract on dynalite. */
class DynamoDbDeadLetterStoreContractTest extends DeadLetterStoreContract {
  @Override
  protected DeadLetterStore newDeadLetterStore() {
    return new DynamoDbDeadLetterStore(
        Dynalite.client(),
        Dynalite.tables("dead-letters").deadLetters(),
        Duration.ofDays(1),
        Clock.system());
  }
}

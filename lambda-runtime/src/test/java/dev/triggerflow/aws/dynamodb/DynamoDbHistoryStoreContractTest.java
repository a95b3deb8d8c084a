package dev.triggerflow.aws.dynamodb;

import dev.triggerflow.spi.HistoryStore;
import dev.triggerflow.store.contract.HistoryStoreContract;

/** The history store contract on dynalite. */
class DynamoDbHistoryStoreContractTest extends HistoryStoreContract {
  @Override
  protected HistoryStore newHistoryStore() {
    return new DynamoDbHistoryStore(Dynalite.client(), Dynalite.tables("history").history());
  }

  @Override
  protected boolean rejectsGaps() {
    return false;
  }
}

package dev.triggerflow.store.sqlite;

import dev.triggerflow.spi.TriggerStore;
import dev.triggerflow.store.contract.TriggerStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteTriggerStoreContractTest extends TriggerStoreContract {
  @TempDir Path directory;
  private SqliteStores sqlite;

  @Override
  protected TriggerStore newTriggerStore() {
    sqlite = SqliteStores.open(directory);
    return sqlite.stores().triggers();
  }

  @AfterEach
  void closeStore() {
    sqlite.close();
  }
}

package dev.triggerflow.store.sqlite;

import dev.triggerflow.spi.DeadLetterStore;
import dev.triggerflow.store.contract.DeadLetterStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteDeadLetterStoreContractTest extends DeadLetterStoreContract {
  @TempDir Path directory;
  private SqliteStores sqlite;

  @Override
  protected DeadLetterStore newDeadLetterStore() {
    sqlite = SqliteStores.open(directory);
    return sqlite.stores().deadLetters();
  }

  @AfterEach
  void closeStore() {
    sqlite.close();
  }
}

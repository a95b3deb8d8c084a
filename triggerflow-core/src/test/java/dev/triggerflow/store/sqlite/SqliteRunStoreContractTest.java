package dev.triggerflow.store.sqlite;

import dev.triggerflow.spi.RunStore;
import dev.triggerflow.store.contract.RunStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteRunStoreContractTest extends RunStoreContract {
  @TempDir Path directory;
  private SqliteStores sqlite;

  @Override
  protected RunStore newRunStore() {
    sqlite = SqliteStores.open(directory);
    return sqlite.stores().runs();
  }

  @AfterEach
  void closeStore() {
    sqlite.close();
  }
}

package dev.triggerflow.store.sqlite;

import dev.triggerflow.spi.HistoryStore;
import dev.triggerflow.store.contract.HistoryStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteHistoryStoreContractTest extends HistoryStoreContract {
  @TempDir Path directory;
  private SqliteStores sqlite;

  @Override
  protected HistoryStore newHistoryStore() {
    sqlite = SqliteStores.open(directory);
    return sqlite.stores().history();
  }

  @AfterEach
  void closeStore() {
    sqlite.close();
  }
}

package dev.triggerflow.store.sqlite;

import dev.triggerflow.spi.InboxStore;
import dev.triggerflow.store.contract.InboxStoreContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

class SqliteInboxStoreContractTest extends InboxStoreContract {
  @TempDir Path directory;
  private SqliteStores sqlite;

  @Override
  protected InboxStore newInboxStore() {
    sqlite = SqliteStores.open(directory);
    return sqlite.stores().inbox();
  }

  @AfterEach
  void closeStore() {
    sqlite.close();
  }
}

package dev.triggerflow.store.sqlite;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A second process for {@link SqliteStoresTest}: opens the store in the directory given as its
 * argument, says so on standard output, and keeps it open until its standard input closes.
 */
public final class HoldStoreOpen {
  /** How the line printed once the store is open begins. */
  static final String READY = "store open";

  private HoldStoreOpen() {}

  /**
   * Holds the store open.
   *
   * @param args the store directory
   */
  public static void main(String[] args) throws IOException {
    try (SqliteStores stores = SqliteStores.open(Path.of(args[0]))) {
      System.out.println(READY + " " + stores.directory());
      System.out.flush();
      while (System.in.read() >= 0) {
        // Wait for the parent to close our input.
      }
    }
  }
}

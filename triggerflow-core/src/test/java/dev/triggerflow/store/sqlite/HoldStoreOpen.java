package dev.triggerflow.store.sqlite;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A second process for {@link SqliteStoresTest}: opens the store in the directory given as its
 * argument, says so on standard output, and keeps it open until its standard input closes. If the
 * store is locked it prints why and exits.
 */
public final class HoldStoreOpen {
  /** How the line printed once the store is open begins. */
  static final String READY = "store open";

  /** How the line printed when the store is locked begins; the exception's message follows. */
  static final String REFUSED = "store refused: ";

  private HoldStoreOpen() {}

  /**
   * Holds the store open.
   *
   * @param args the store directory
   */
  public static void main(String[] args) throws IOException {
    SqliteStores opened;
    try {
      opened = SqliteStores.open(Path.of(args[0]));
    } catch (StoreLockedException e) {
      System.out.println(REFUSED + e.getMessage());
      return;
    }
    try (SqliteStores stores = opened) {
      System.out.println(READY + " " + stores.directory());
      System.out.flush();
      while (System.in.read() >= 0) {
        // Wait for the parent to close our input.
      }
    }
  }
}

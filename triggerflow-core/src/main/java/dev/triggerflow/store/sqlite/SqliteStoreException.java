package dev.triggerflow.store.sqlite;

/** A SQLite store could not be opened, read or written. */
public class SqliteStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SqliteStoreException(String message) {
    super(message);
  }

  SqliteStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}

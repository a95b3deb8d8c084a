package dev.triggerflow.store.sqlite;

/**
 * A SQLite store could not be opened, read or written. It is an {@link IllegalStateException}: the
 * file, not the caller's arguments, is in a state the operation cannot work with.
 */
public class SqliteStoreException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  SqliteStoreException(String message) {
    super(message);
  }

  SqliteStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}

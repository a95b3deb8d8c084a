package dev.triggerflow.cli;

/** The state directory is in use by another process. */
final class StoreBusyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StoreBusyException(String message, Throwable cause) {
    super(message, cause);
  }
}

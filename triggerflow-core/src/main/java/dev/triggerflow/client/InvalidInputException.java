package dev.triggerflow.client;

/** A run's input does not fit its workflow's input type. */
public final class InvalidInputException extends ClientException {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}

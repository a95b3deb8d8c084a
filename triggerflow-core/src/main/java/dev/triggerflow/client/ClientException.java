package dev.triggerflow.client;

/** A mistake in a request to the engine: the message says what is wrong and how to fix it. */
public class ClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ClientException(String message) {
    super(message);
  }

  public ClientException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.triggerflow.aws.handler;

/**
 * A function was invoked with a payload it cannot read. Thrown, so that Lambda reports it to a
 * synchronous caller as a function error and, for an asynchronous invocation, sends it to the
 * function's failure destination after its retries.
 */
public final class InvalidRequestException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** A request error whose message says what is wrong. */
  public InvalidRequestException(String message) {
    super(message);
  }

  /** A request error caused by another exception. */
  public InvalidRequestException(String message, Throwable cause) {
    super(message, cause);
  }
}

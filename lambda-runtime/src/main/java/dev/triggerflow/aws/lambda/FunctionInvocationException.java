package dev.triggerflow.aws.lambda;

/**
 * Lambda did not accept an asynchronous invocation for a reason that may pass (throttling, a
 * service error, a network failure), after the SDK's own retries. The caller fails, and its own
 * invocation is retried.
 */
public final class FunctionInvocationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failed invocation with the error Lambda or the SDK gave. */
  public FunctionInvocationException(String message, Throwable cause) {
    super(message, cause);
  }
}

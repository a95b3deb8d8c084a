package dev.triggerflow.aws.config;

/**
 * A deployment is configured wrongly: an environment variable is missing or malformed, or the
 * registry provider cannot be loaded. The message names the setting and how to fix it. Thrown while
 * a function initialises, so a misconfigured deployment fails on its first invocation with this
 * message rather than later with a less clear one.
 */
public final class ConfigurationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A configuration error with a message that names the setting. */
  public ConfigurationException(String message) {
    super(message);
  }

  /** A configuration error caused by another exception. */
  public ConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}

package dev.triggerflow.aws.eventbridge;

import java.util.List;

/**
 * EventBridge did not accept some events after every attempt. The caller should fail, so that its
 * own invocation is retried: the events carry deterministic ids, so sending them again is safe.
 */
public final class PublishFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The events that were not accepted, each with the error EventBridge gave. */
  private final List<String> failures;

  /** A failure after {@code attempts} attempts, one line per event that was not accepted. */
  public PublishFailedException(String bus, int attempts, List<String> failures) {
    super(
        "EventBridge bus '"
            + bus
            + "' did not accept "
            + failures.size()
            + " event(s) after "
            + attempts
            + " attempts: "
            + String.join("; ", failures.subList(0, Math.min(5, failures.size())))
            + (failures.size() > 5 ? "; ..." : ""));
    this.failures = List.copyOf(failures);
  }

  /** One line per event that was not accepted: its id and EventBridge's error. */
  public List<String> failures() {
    return failures;
  }
}

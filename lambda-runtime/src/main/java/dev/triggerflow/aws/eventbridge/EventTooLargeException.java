package dev.triggerflow.aws.eventbridge;

/**
 * An event is larger than an EventBridge entry may be. Nothing of the batch it came in was sent.
 * Large task results and inputs should have gone to the payload store before they reached the bus;
 * an event that is still too large is refused here rather than truncated or dropped.
 */
public final class EventTooLargeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String eventId;
  private final long sizeBytes;
  private final long limitBytes;

  /** An event of {@code sizeBytes} that exceeds {@code limitBytes}. */
  public EventTooLargeException(String eventId, String type, long sizeBytes, long limitBytes) {
    super(
        "event "
            + eventId
            + " of type "
            + type
            + " is "
            + sizeBytes
            + " bytes as an EventBridge entry, more than the limit of "
            + limitBytes
            + " bytes; it was not sent. Large payloads must travel by reference: configure the"
            + " payload bucket, or lower the payload threshold");
    this.eventId = eventId;
    this.sizeBytes = sizeBytes;
    this.limitBytes = limitBytes;
  }

  /** The id of the event. */
  public String eventId() {
    return eventId;
  }

  /** The size of its entry, in bytes. */
  public long sizeBytes() {
    return sizeBytes;
  }

  /** The limit, in bytes. */
  public long limitBytes() {
    return limitBytes;
  }
}

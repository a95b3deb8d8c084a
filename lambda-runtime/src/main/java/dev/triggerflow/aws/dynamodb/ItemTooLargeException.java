package dev.triggerflow.aws.dynamodb;

/**
 * A value is too large for one DynamoDB item (items stop at 400 KB), even compressed. The engine
 * keeps large inputs and results in the payload store and passes references; this is raised instead
 * of letting DynamoDB reject the write with a less helpful message.
 */
public final class ItemTooLargeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String what;
  private final long bytes;

  ItemTooLargeException(String what, long bytes, long limit) {
    super(
        what
            + " takes "
            + bytes
            + " bytes compressed, more than the "
            + limit
            + " bytes one DynamoDB item can hold; pass large values by reference through the"
            + " payload store");
    this.what = what;
    this.bytes = bytes;
  }

  /** What was too large, naming its run and id. */
  public String what() {
    return what;
  }

  /** Its size in bytes, as it would have been stored. */
  public long bytes() {
    return bytes;
  }
}

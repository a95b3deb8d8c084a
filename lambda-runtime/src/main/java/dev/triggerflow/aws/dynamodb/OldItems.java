package dev.triggerflow.aws.dynamodb;

import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The item that made a conditional write fail, so that one call can tell outcomes apart (a held
 * lease from a missing run, a duplicate from a conflict).
 *
 * <p>Writes ask for it with {@code ReturnValuesOnConditionCheckFailure=ALL_OLD}. Servers that
 * ignore that parameter (dynalite does) return no item, which on DynamoDB would mean that there is
 * no item at all. So an empty answer is trusted only once this server has been seen returning an
 * item; until then the item is read again with a consistent GetItem, and if that finds one, the
 * server is known not to return items and every later failure is read the same way.
 */
final class OldItems {
  private static final Logger log = LoggerFactory.getLogger(OldItems.class);

  private enum Support {
    UNKNOWN,
    RETURNS_ITEMS,
    IGNORES_REQUEST
  }

  private volatile Support support = Support.UNKNOWN;

  /**
   * The item as of the failed condition, or as read right after it.
   *
   * @param failure the failure of a write that asked for {@code ALL_OLD}
   * @param reread a consistent read of the same item; returns null or empty when it is missing
   * @return the item, or null if there is none
   */
  Map<String, AttributeValue> of(
      ConditionalCheckFailedException failure, Supplier<Map<String, AttributeValue>> reread) {
    if (failure.hasItem() && !failure.item().isEmpty()) {
      support = Support.RETURNS_ITEMS;
      return failure.item();
    }
    if (support == Support.RETURNS_ITEMS) {
      return null;
    }
    Map<String, AttributeValue> item = reread.get();
    if (item == null || item.isEmpty()) {
      return null;
    }
    if (support == Support.UNKNOWN) {
      support = Support.IGNORES_REQUEST;
      log.info(
          "this DynamoDB endpoint does not return the item of a failed condition; reading it"
              + " again instead");
    }
    return item;
  }
}

package dev.triggerflow.aws.testing;

import dev.triggerflow.deployment.AwsContract;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Gives a dynalite client DynamoDB's {@code ReturnValuesOnConditionCheckFailure=ALL_OLD}: when a
 * conditional write that asked for the old item fails, the item is read and attached to the
 * failure, as DynamoDB does. The read comes just after the failure rather than with it, which is
 * the same only while nothing else writes the item in between; tests that race writers use plain
 * dynalite instead. Pass a client without this interceptor for the reads.
 */
public final class OldItemOnConditionFailure implements ExecutionInterceptor {
  private final DynamoDbClient reader;

  /**
   * An interceptor that reads old items through {@code reader}.
   *
   * @param reader a client of the same endpoint without this interceptor
   */
  public OldItemOnConditionFailure(DynamoDbClient reader) {
    this.reader = reader;
  }

  @Override
  public Throwable modifyException(
      Context.FailedExecution context, ExecutionAttributes executionAttributes) {
    if (!(context.exception() instanceof ConditionalCheckFailedException failure)
        || (failure.hasItem() && !failure.item().isEmpty())) {
      return context.exception();
    }
    SdkRequest request = context.request();
    String table;
    Map<String, AttributeValue> key;
    if (request instanceof PutItemRequest put
        && asksForOldItem(put.returnValuesOnConditionCheckFailureAsString())) {
      table = put.tableName();
      key = keyOf(put.item());
    } else if (request instanceof UpdateItemRequest update
        && asksForOldItem(update.returnValuesOnConditionCheckFailureAsString())) {
      table = update.tableName();
      key = update.key();
    } else if (request instanceof DeleteItemRequest delete
        && asksForOldItem(delete.returnValuesOnConditionCheckFailureAsString())) {
      table = delete.tableName();
      key = delete.key();
    } else {
      return failure;
    }
    GetItemResponse old = reader.getItem(b -> b.tableName(table).key(key).consistentRead(true));
    return old.hasItem() ? failure.toBuilder().item(old.item()).build() : failure;
  }

  private static boolean asksForOldItem(String returnValues) {
    return "ALL_OLD".equals(returnValues);
  }

  private static Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
    Map<String, AttributeValue> key = new HashMap<>();
    key.put(AwsContract.PARTITION_KEY, item.get(AwsContract.PARTITION_KEY));
    if (item.containsKey(AwsContract.SORT_KEY)) {
      key.put(AwsContract.SORT_KEY, item.get(AwsContract.SORT_KEY));
    }
    return key;
  }
}

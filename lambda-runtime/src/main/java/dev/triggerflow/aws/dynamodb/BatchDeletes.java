package dev.triggerflow.aws.dynamodb;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchWriteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchWriteResult;
import software.amazon.awssdk.enhanced.dynamodb.model.WriteBatch;

/**
 * Unconditional deletes of many items, 25 to a BatchWriteItem call. Keys that DynamoDB leaves
 * unprocessed (under throttling) are sent again once, and then deleted one by one, so a delete
 * never loops waiting for capacity.
 */
final class BatchDeletes {
  /** The most requests DynamoDB takes in one BatchWriteItem call. */
  static final int BATCH_LIMIT = 25;

  private BatchDeletes() {}

  static <T> void delete(
      DynamoDbEnhancedClient enhanced, DynamoDbTable<T> table, Class<T> type, List<Key> keys) {
    for (int from = 0; from < keys.size(); from += BATCH_LIMIT) {
      List<Key> left = keys.subList(from, Math.min(keys.size(), from + BATCH_LIMIT));
      for (int round = 0; round < 2 && !left.isEmpty(); round++) {
        WriteBatch.Builder<T> batch = WriteBatch.builder(type).mappedTableResource(table);
        left.forEach(batch::addDeleteItem);
        BatchWriteResult result =
            enhanced.batchWriteItem(
                BatchWriteItemEnhancedRequest.builder().writeBatches(batch.build()).build());
        left = new ArrayList<>(result.unprocessedDeleteItemsForTable(table));
      }
      left.forEach(table::deleteItem);
    }
  }
}

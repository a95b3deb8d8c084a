package dev.triggerflow.aws.dynamodb;

import dev.triggerflow.deployment.AwsContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/** Items as they lie in a table, read past the stores, to check layouts. */
final class RawItems {
  private RawItems() {}

  /** The item of a table keyed by {@code pk} alone, or null. */
  static Map<String, AttributeValue> get(String table, String pk) {
    return Dynalite.client()
        .getItem(
            b ->
                b.tableName(table)
                    .key(Map.of(AwsContract.PARTITION_KEY, AttributeValue.fromS(pk)))
                    .consistentRead(true))
        .item();
  }

  /** The items of a partition whose sort key begins with {@code prefix}, in key order. */
  static List<Map<String, AttributeValue>> query(String table, String pk, String prefix) {
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    QueryRequest request =
        QueryRequest.builder()
            .tableName(table)
            .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
            .expressionAttributeNames(
                Map.of("#pk", AwsContract.PARTITION_KEY, "#sk", AwsContract.SORT_KEY))
            .expressionAttributeValues(
                Map.of(":pk", AttributeValue.fromS(pk), ":prefix", AttributeValue.fromS(prefix)))
            .consistentRead(true)
            .build();
    Dynalite.client().queryPaginator(request).items().forEach(items::add);
    return items;
  }

  /** The sort keys of those items. */
  static List<String> sortKeys(String table, String pk, String prefix) {
    return query(table, pk, prefix).stream().map(i -> i.get(AwsContract.SORT_KEY).s()).toList();
  }

  /** Deletes one item of a table with a sort key. */
  static void delete(String table, String pk, String sk) {
    Dynalite.client()
        .deleteItem(
            b ->
                b.tableName(table)
                    .key(
                        Map.of(
                            AwsContract.PARTITION_KEY,
                            AttributeValue.fromS(pk),
                            AwsContract.SORT_KEY,
                            AttributeValue.fromS(sk))));
  }
}

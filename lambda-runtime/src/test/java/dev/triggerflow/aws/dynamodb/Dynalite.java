package dev.triggerflow.aws.dynamodb;

import dev.triggerflow.aws.testing.ApiCallCounter;
import dev.triggerflow.aws.testing.DynaliteServer;
import dev.triggerflow.aws.testing.OldItemOnConditionFailure;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The clients the DynamoDB store tests share: one dynalite, clients built once. */
final class Dynalite {
  private static DynamoDbClient plain;
  private static DynamoDbClient withOldItems;

  private Dynalite() {}

  /** A client of dynalite as it is. */
  static synchronized DynamoDbClient client() {
    if (plain == null) {
      plain = DynaliteServer.shared().client();
    }
    return plain;
  }

  /** A client of dynalite that returns the old item of a failed condition, as DynamoDB does. */
  static synchronized DynamoDbClient clientWithOldItems() {
    if (withOldItems == null) {
      withOldItems = DynaliteServer.shared().client(new OldItemOnConditionFailure(client()));
    }
    return withOldItems;
  }

  /** A new client that counts its calls; close it after the test. */
  static DynamoDbClient counting(ApiCallCounter counter, boolean oldItems) {
    return oldItems
        ? DynaliteServer.shared().client(counter, new OldItemOnConditionFailure(client()))
        : DynaliteServer.shared().client(counter);
  }

  /** Fresh tables. */
  static TableNames tables(String prefix) {
    return DynaliteServer.shared().createTables(prefix);
  }
}

package dev.triggerflow.aws.dynamodb;

import dev.triggerflow.spi.Stores;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The engine's stores on DynamoDB: runs, history, inbox, triggers and dead letters. Build the
 * client once per container and pass it here; the stores hold no other resources.
 *
 * <p>Every write is a single-item write, conditional where the engine needs it to be; reads of
 * runs, histories, inboxes and triggers are consistent. No transactions and no PartiQL are used, so
 * the stores run on DynamoDB and on dynalite alike.
 */
public final class DynamoDbStores {
  private DynamoDbStores() {}

  /** The stores on the given tables, with thirty days' retention and the system clock. */
  public static Stores create(DynamoDbClient client, TableNames tables) {
    return create(client, tables, StoreSettings.defaults());
  }

  /** The stores on the given tables with the given settings. */
  public static Stores create(DynamoDbClient client, TableNames tables, StoreSettings settings) {
    Objects.requireNonNull(client, "client");
    Objects.requireNonNull(tables, "tables");
    Objects.requireNonNull(settings, "settings");
    return new Stores(
        new DynamoDbRunStore(client, tables.runs(), settings.retention()),
        new DynamoDbHistoryStore(client, tables.history()),
        new DynamoDbInboxStore(client, tables.triggers(), settings.clock()),
        new DynamoDbTriggerStore(client, tables.triggers()),
        new DynamoDbDeadLetterStore(
            client, tables.deadLetters(), settings.retention(), settings.clock()));
  }
}

package dev.triggerflow.aws.config;

import dev.triggerflow.aws.dynamodb.DynamoDbStores;
import dev.triggerflow.aws.dynamodb.StoreSettings;
import dev.triggerflow.aws.dynamodb.TableNames;
import dev.triggerflow.deployment.AwsContract;
import dev.triggerflow.spi.Clock;
import dev.triggerflow.spi.DeadLetterStore;
import dev.triggerflow.spi.HistoryStore;
import dev.triggerflow.spi.InboxStore;
import dev.triggerflow.spi.RunStore;
import dev.triggerflow.spi.Stores;
import dev.triggerflow.spi.TriggerStore;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stores of a deployment: its DynamoDB tables, named by the environment.
 *
 * <p>A function is given only the tables it uses (least privilege), so a table whose variable is
 * not set is not an error here: its store fails on first use with a message naming the variable. A
 * function with no table at all is misconfigured and fails at once.
 */
final class DefaultStores {
  private static final Logger log = LoggerFactory.getLogger(DefaultStores.class);

  private DefaultStores() {}

  static Stores create(AwsClients clients, LambdaSettings settings, Clock clock) {
    Map<String, String> env = settings.environment();
    String runs = env.get(AwsContract.ENV_RUNS_TABLE);
    String history = env.get(AwsContract.ENV_HISTORY_TABLE);
    String triggers = env.get(AwsContract.ENV_TRIGGERS_TABLE);
    String deadLetters = env.get(AwsContract.ENV_DEAD_LETTER_TABLE);
    if (blank(runs) && blank(history) && blank(triggers) && blank(deadLetters)) {
      throw new ConfigurationException(
          "no table is configured: set "
              + AwsContract.ENV_RUNS_TABLE
              + ", "
              + AwsContract.ENV_HISTORY_TABLE
              + ", "
              + AwsContract.ENV_TRIGGERS_TABLE
              + " and "
              + AwsContract.ENV_DEAD_LETTER_TABLE
              + " (those this function uses)");
    }
    StoreSettings storeSettings;
    try {
      storeSettings = StoreSettings.fromEnvironment(env).withClock(clock);
    } catch (IllegalStateException | IllegalArgumentException e) {
      throw new ConfigurationException(e.getMessage(), e);
    }
    Stores stores =
        DynamoDbStores.create(
            clients.dynamoDb(),
            new TableNames(
                orUnset(runs), orUnset(history), orUnset(triggers), orUnset(deadLetters)),
            storeSettings);
    return new Stores(
        blank(runs) ? unset(RunStore.class, AwsContract.ENV_RUNS_TABLE) : stores.runs(),
        blank(history)
            ? unset(HistoryStore.class, AwsContract.ENV_HISTORY_TABLE)
            : stores.history(),
        blank(triggers) ? unset(InboxStore.class, AwsContract.ENV_TRIGGERS_TABLE) : stores.inbox(),
        blank(triggers)
            ? unset(TriggerStore.class, AwsContract.ENV_TRIGGERS_TABLE)
            : stores.triggers(),
        blank(deadLetters)
            ? unset(DeadLetterStore.class, AwsContract.ENV_DEAD_LETTER_TABLE)
            : stores.deadLetters());
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String orUnset(String table) {
    return blank(table) ? "unset" : table.trim();
  }

  /** A store whose table this function was not given: every use fails, naming the variable. */
  private static <T> T unset(Class<T> port, String variable) {
    log.debug("{} is not set; this function has no {}", variable, port.getSimpleName());
    InvocationHandler fail =
        (proxy, method, args) -> {
          if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
              case "toString" -> "unset " + port.getSimpleName() + " (" + variable + ")";
              case "hashCode" -> System.identityHashCode(proxy);
              case "equals" -> proxy == args[0];
              default -> throw new UnsupportedOperationException(method.getName());
            };
          }
          throw new ConfigurationException(
              "environment variable "
                  + variable
                  + " is not set, but this function uses the table it names ("
                  + port.getSimpleName()
                  + "."
                  + method.getName()
                  + "); set it, and grant the function access to the table");
        };
    return port.cast(Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, fail));
  }
}

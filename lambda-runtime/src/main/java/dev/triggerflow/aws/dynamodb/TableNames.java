package dev.triggerflow.aws.dynamodb;

import dev.triggerflow.deployment.AwsContract;
import java.util.Map;

/**
 * The names of the engine's DynamoDB tables.
 *
 * @param runs the runs table (partition key {@code pk}; index {@code byWorkflow})
 * @param history the history table ({@code pk}, {@code sk})
 * @param triggers the triggers table ({@code pk}, {@code sk}); it also holds the runs' inboxes
 * @param deadLetters the dead-letter table ({@code pk}, {@code sk})
 */
public record TableNames(String runs, String history, String triggers, String deadLetters) {

  public TableNames {
    requireName("runs", runs);
    requireName("history", history);
    requireName("triggers", triggers);
    requireName("dead-letter", deadLetters);
  }

  /**
   * The table names a deployment passes to its functions in environment variables.
   *
   * @param env the environment, usually {@code System.getenv()}
   * @throws IllegalStateException naming every variable that is missing or empty
   */
  public static TableNames fromEnvironment(Map<String, String> env) {
    StringBuilder missing = new StringBuilder();
    String runs = read(env, AwsContract.ENV_RUNS_TABLE, missing);
    String history = read(env, AwsContract.ENV_HISTORY_TABLE, missing);
    String triggers = read(env, AwsContract.ENV_TRIGGERS_TABLE, missing);
    String deadLetters = read(env, AwsContract.ENV_DEAD_LETTER_TABLE, missing);
    if (missing.length() > 0) {
      throw new IllegalStateException(
          "the environment lacks the table names in "
              + missing
              + "; the deployment sets them on every function that uses the stores");
    }
    return new TableNames(runs, history, triggers, deadLetters);
  }

  /** Table names that share a prefix, for tests and local setups. */
  public static TableNames withPrefix(String prefix) {
    return new TableNames(
        prefix + "runs", prefix + "history", prefix + "triggers", prefix + "dead-letters");
  }

  private static String read(Map<String, String> env, String variable, StringBuilder missing) {
    String value = env.get(variable);
    if (value == null || value.isBlank()) {
      missing.append(missing.length() == 0 ? "" : ", ").append(variable);
      return null;
    }
    return value.trim();
  }

  private static void requireName(String table, String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("the " + table + " table needs a name");
    }
  }
}

package dev.triggerflow.aws.testing;

import dev.triggerflow.aws.dynamodb.TableNames;
import dev.triggerflow.deployment.AwsContract;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Dynalite, the DynamoDB implementation on npm, running on a free loopback port for the tests of
 * this JVM. The build installs it with {@code npm ci}; it is started on first use and killed when
 * the JVM exits.
 *
 * <p>Dynalite keeps everything in memory and has no transactions, no PartiQL and no TTL (neither
 * {@code UpdateTimeToLive} nor expiry), and it ignores {@code ReturnValuesOnConditionCheckFailure}.
 * The stores use none of the first three and detect the last.
 */
public final class DynaliteServer {
  private static final Logger log = LoggerFactory.getLogger(DynaliteServer.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final int START_ATTEMPTS = 5;
  private static final AtomicInteger TABLE_SETS = new AtomicInteger();
  private static DynaliteServer shared;

  private final Process process;
  private final URI endpoint;

  private DynaliteServer(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  /**
   * The server of this JVM, started on first use. Aborts the calling test, with the reason, when
   * dynalite is not installed because the build found no npm.
   */
  public static synchronized DynaliteServer shared() {
    if (shared == null) {
      shared = start(locateCli());
      DynaliteServer started = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "dynalite-stop"));
    }
    return shared;
  }

  /** Where the server listens. */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * A new client of the server: dummy static credentials, region us-east-1, the URL connection HTTP
   * client, and the given interceptors.
   */
  public DynamoDbClient client(ExecutionInterceptor... interceptors) {
    ClientOverrideConfiguration.Builder config = ClientOverrideConfiguration.builder();
    for (ExecutionInterceptor interceptor : interceptors) {
      config.addExecutionInterceptor(interceptor);
    }
    return DynamoDbClient.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("dummy", "dummy")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(config.build())
        .build();
  }

  /**
   * Creates a fresh set of the engine's four tables, with the key schema, index and TTL attribute
   * of the deployment contract, under names no other caller gets.
   */
  public TableNames createTables(String prefix) {
    TableNames names = TableNames.withPrefix(prefix + "-" + TABLE_SETS.incrementAndGet() + "-");
    try (DynamoDbClient client = client()) {
      createTables(client, names);
    }
    return names;
  }

  /**
   * Creates the engine's tables with the contract's schema on any DynamoDB endpoint, waiting until
   * they are active. TTL is switched on where the endpoint supports it.
   */
  public static void createTables(DynamoDbClient client, TableNames names) {
    create(client, runsTable(names.runs()));
    create(client, keyedTable(names.history()));
    create(client, keyedTable(names.triggers()));
    create(client, keyedTable(names.deadLetters()));
    for (String table :
        List.of(names.runs(), names.history(), names.triggers(), names.deadLetters())) {
      client.waiter().waitUntilTableExists(b -> b.tableName(table));
      enableTtl(client, table);
    }
  }

  private static CreateTableRequest runsTable(String name) {
    return CreateTableRequest.builder()
        .tableName(name)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            stringAttribute(AwsContract.PARTITION_KEY),
            stringAttribute(AwsContract.RUNS_BY_WORKFLOW_PARTITION_KEY),
            stringAttribute(AwsContract.RUNS_BY_WORKFLOW_SORT_KEY))
        .keySchema(key(AwsContract.PARTITION_KEY, KeyType.HASH))
        .globalSecondaryIndexes(
            GlobalSecondaryIndex.builder()
                .indexName(AwsContract.RUNS_BY_WORKFLOW_INDEX)
                .keySchema(
                    key(AwsContract.RUNS_BY_WORKFLOW_PARTITION_KEY, KeyType.HASH),
                    key(AwsContract.RUNS_BY_WORKFLOW_SORT_KEY, KeyType.RANGE))
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                .build())
        .build();
  }

  private static CreateTableRequest keyedTable(String name) {
    return CreateTableRequest.builder()
        .tableName(name)
        .billingMode(BillingMode.PAY_PER_REQUEST)
        .attributeDefinitions(
            stringAttribute(AwsContract.PARTITION_KEY), stringAttribute(AwsContract.SORT_KEY))
        .keySchema(
            key(AwsContract.PARTITION_KEY, KeyType.HASH), key(AwsContract.SORT_KEY, KeyType.RANGE))
        .build();
  }

  private static void create(DynamoDbClient client, CreateTableRequest request) {
    client.createTable(request);
  }

  private static void enableTtl(DynamoDbClient client, String table) {
    try {
      client.updateTimeToLive(
          b ->
              b.tableName(table)
                  .timeToLiveSpecification(
                      s -> s.attributeName(AwsContract.TTL_ATTRIBUTE).enabled(true)));
    } catch (DynamoDbException e) {
      if (!"UnknownOperationException".equals(e.awsErrorDetails().errorCode())) {
        throw e;
      }
      // Dynalite has no TTL: items keep their expiresAt and are never deleted.
    }
  }

  private static AttributeDefinition stringAttribute(String name) {
    return AttributeDefinition.builder()
        .attributeName(name)
        .attributeType(ScalarAttributeType.S)
        .build();
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  private static Path locateCli() {
    List<Path> candidates = new ArrayList<>();
    String home = System.getProperty("dynalite.home");
    if (home != null) {
      candidates.add(Path.of(home));
    }
    candidates.add(Path.of(""));
    candidates.add(Path.of("lambda-runtime"));
    // Another module's tests, which reuse this one's test jar, run from that module's directory.
    candidates.add(Path.of("..", "lambda-runtime"));
    for (Path dir : candidates) {
      Path cli = dir.resolve("node_modules/dynalite/cli.js").toAbsolutePath();
      if (Files.isRegularFile(cli)) {
        return cli;
      }
    }
    Assumptions.abort(
        "dynalite is not installed (node_modules/dynalite in lambda-runtime); the build installs"
            + " it with npm ci and skips that when npm is missing, so these DynamoDB tests are"
            + " skipped. Install Node.js 20+ with npm to run them");
    throw new AssertionError("unreachable");
  }

  private static DynaliteServer start(Path cli) {
    IOException lastFailure = null;
    for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
      int port = freePort();
      try {
        DynaliteServer server = tryStart(cli, port);
        if (server != null) {
          log.info("dynalite listening at {}", server.endpoint);
          return server;
        }
      } catch (IOException e) {
        lastFailure = e;
      }
    }
    throw new IllegalStateException(
        "dynalite did not start after " + START_ATTEMPTS + " attempts on free ports", lastFailure);
  }

  /** Starts dynalite on {@code port}; null if it exited, as when another process took the port. */
  private static DynaliteServer tryStart(Path cli, int port) throws IOException {
    String node = System.getProperty("dynalite.node", "node");
    Process process =
        new ProcessBuilder(
                node,
                cli.toString(),
                "--host",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--createTableMs",
                "0",
                "--deleteTableMs",
                "0",
                "--updateTableMs",
                "0")
            .redirectErrorStream(true)
            .start();
    CompletableFuture<Boolean> listening = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                  if (line.contains("listening")) {
                    listening.complete(true);
                  } else {
                    log.debug("dynalite: {}", line);
                  }
                }
              } catch (IOException e) {
                // The process ended; its exit is handled below.
              }
              listening.complete(false);
            },
            "dynalite-output");
    reader.setDaemon(true);
    reader.start();
    try {
      if (listening.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        return new DynaliteServer(process, URI.create("http://127.0.0.1:" + port));
      }
      log.warn("dynalite exited with {} on port {}", process.waitFor(), port);
      return null;
    } catch (TimeoutException e) {
      process.destroyForcibly();
      throw new IOException("dynalite did not report listening within " + START_TIMEOUT, e);
    } catch (ExecutionException e) {
      process.destroyForcibly();
      throw new IOException("dynalite's output could not be read", e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting dynalite", e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  private void stop() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}

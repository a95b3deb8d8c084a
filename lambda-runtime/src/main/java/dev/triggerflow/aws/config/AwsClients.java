package dev.triggerflow.aws.config;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The AWS SDK clients of one process, each built on first use and then shared. Functions build one
 * set per container; only the clients a function uses are ever built.
 *
 * <p>Every client uses the one HTTP client on the class path, the JDK's URL connection, which
 * starts fastest on Lambda. Credentials are left to the SDK's default chain, resolved on the first
 * request rather than here: on Lambda with SnapStart the chain finds the container credentials
 * endpoint and refreshes them before they expire, so a snapshot never carries credentials that run
 * out after a restore.
 */
public final class AwsClients implements AutoCloseable {
  private final Config config;
  private final Lazy<SdkHttpClient> http;
  private final Lazy<DynamoDbClient> dynamoDb;
  private final Lazy<EventBridgeClient> eventBridge;
  private final Lazy<LambdaClient> lambda;
  private final Lazy<S3Client> s3;
  private final Lazy<SchedulerClient> scheduler;

  private AwsClients(Config config) {
    this.config = config;
    this.http = new Lazy<>(() -> UrlConnectionHttpClient.builder().build());
    this.dynamoDb =
        new Lazy<>(
            config.dynamoDb != null ? config.dynamoDb : () -> build(DynamoDbClient.builder()));
    this.eventBridge =
        new Lazy<>(
            config.eventBridge != null
                ? config.eventBridge
                : () -> build(EventBridgeClient.builder()));
    this.lambda =
        new Lazy<>(config.lambda != null ? config.lambda : () -> build(LambdaClient.builder()));
    this.s3 =
        new Lazy<>(
            config.s3 != null
                ? config.s3
                : () -> build(S3Client.builder().forcePathStyle(config.endpoint != null)));
    this.scheduler =
        new Lazy<>(
            config.scheduler != null ? config.scheduler : () -> build(SchedulerClient.builder()));
  }

  /** Clients for the region the environment names ({@code AWS_REGION}), or the SDK's default. */
  public static AwsClients fromSettings(LambdaSettings settings) {
    Builder b = builder();
    settings.region().ifPresent(r -> b.region(Region.of(r)));
    return b.build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The DynamoDB client. */
  public DynamoDbClient dynamoDb() {
    return dynamoDb.get();
  }

  /** The EventBridge client. */
  public EventBridgeClient eventBridge() {
    return eventBridge.get();
  }

  /** The Lambda client. */
  public LambdaClient lambda() {
    return lambda.get();
  }

  /** The S3 client. */
  public S3Client s3() {
    return s3.get();
  }

  /** The EventBridge Scheduler client. */
  public SchedulerClient scheduler() {
    return scheduler.get();
  }

  private <C, B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>> C build(B builder) {
    builder.httpClient(http.get());
    if (config.region != null) {
      builder.region(config.region);
    }
    if (config.credentials != null) {
      builder.credentialsProvider(config.credentials);
    }
    if (config.endpoint != null) {
      builder.endpointOverride(config.endpoint);
    }
    if (config.apiCallTimeout != null) {
      builder.overrideConfiguration(o -> o.apiCallTimeout(config.apiCallTimeout));
    }
    return builder.build();
  }

  /**
   * Closes the clients this object built; clients supplied from outside are left to their owner.
   */
  @Override
  public void close() {
    List<SdkAutoCloseable> built = new ArrayList<>();
    if (config.dynamoDb == null) {
      dynamoDb.ifBuilt(built::add);
    }
    if (config.eventBridge == null) {
      eventBridge.ifBuilt(built::add);
    }
    if (config.lambda == null) {
      lambda.ifBuilt(built::add);
    }
    if (config.s3 == null) {
      s3.ifBuilt(built::add);
    }
    if (config.scheduler == null) {
      scheduler.ifBuilt(built::add);
    }
    built.forEach(SdkAutoCloseable::close);
    http.ifBuilt(SdkHttpClient::close);
  }

  private record Config(
      Region region,
      AwsCredentialsProvider credentials,
      URI endpoint,
      Duration apiCallTimeout,
      Supplier<DynamoDbClient> dynamoDb,
      Supplier<EventBridgeClient> eventBridge,
      Supplier<LambdaClient> lambda,
      Supplier<S3Client> s3,
      Supplier<SchedulerClient> scheduler) {}

  /** Configures {@link AwsClients}; everything is optional. */
  public static final class Builder {
    private Region region;
    private AwsCredentialsProvider credentials;
    private URI endpoint;
    private Duration apiCallTimeout;
    private Supplier<DynamoDbClient> dynamoDb;
    private Supplier<EventBridgeClient> eventBridge;
    private Supplier<LambdaClient> lambda;
    private Supplier<S3Client> s3;
    private Supplier<SchedulerClient> scheduler;

    private Builder() {}

    /** The region; by default the SDK's region chain decides. */
    public Builder region(Region region) {
      this.region = region;
      return this;
    }

    /** The credentials; by default the SDK's credentials chain, resolved lazily. */
    public Builder credentialsProvider(AwsCredentialsProvider credentials) {
      this.credentials = credentials;
      return this;
    }

    /** One endpoint for every service, such as LocalStack's; S3 then uses path-style URLs. */
    public Builder endpointOverride(URI endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** The longest an API call may take, retries included; the SDK's default otherwise. */
    public Builder apiCallTimeout(Duration timeout) {
      this.apiCallTimeout = timeout;
      return this;
    }

    /** Uses this DynamoDB client instead of building one. */
    public Builder dynamoDb(DynamoDbClient client) {
      Objects.requireNonNull(client, "client");
      this.dynamoDb = () -> client;
      return this;
    }

    /** Uses this EventBridge client instead of building one. */
    public Builder eventBridge(EventBridgeClient client) {
      Objects.requireNonNull(client, "client");
      this.eventBridge = () -> client;
      return this;
    }

    /** Uses this Lambda client instead of building one. */
    public Builder lambda(LambdaClient client) {
      Objects.requireNonNull(client, "client");
      this.lambda = () -> client;
      return this;
    }

    /** Uses this S3 client instead of building one. */
    public Builder s3(S3Client client) {
      Objects.requireNonNull(client, "client");
      this.s3 = () -> client;
      return this;
    }

    /** Uses this EventBridge Scheduler client instead of building one. */
    public Builder scheduler(SchedulerClient client) {
      Objects.requireNonNull(client, "client");
      this.scheduler = () -> client;
      return this;
    }

    /** The clients. */
    public AwsClients build() {
      return new AwsClients(
          new Config(
              region,
              credentials,
              endpoint,
              apiCallTimeout,
              dynamoDb,
              eventBridge,
              lambda,
              s3,
              scheduler));
    }
  }
}

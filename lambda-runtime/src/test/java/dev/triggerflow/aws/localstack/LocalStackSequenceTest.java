package dev.triggerflow.aws.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triggerflow.aws.client.AwsWorkflowClient;
import dev.triggerflow.aws.client.DeploymentNames;
import dev.triggerflow.aws.config.AwsClients;
import dev.triggerflow.aws.dynamodb.TableNames;
import dev.triggerflow.aws.testing.DynaliteServer;
import dev.triggerflow.deployment.AwsContract;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.examples.ExamplesRegistry;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.model.Target;
import software.amazon.awssdk.services.lambda.model.Runtime;

/**
 * The deployable jar on LocalStack: the three functions, the bus and its rule, the tables and the
 * bucket are created with the SDK, and {@code sequence} runs through real Lambda invocations and
 * EventBridge deliveries. Runs only where Docker is available (skipped elsewhere), after the jar is
 * packaged (the build's {@code localstack} test execution, in the integration-test phase). An
 * optional {@code LOCALSTACK_AUTH_TOKEN} is passed to the container.
 */
@Tag("localstack")
@Testcontainers(disabledWithoutDocker = true)
class LocalStackSequenceTest {
  /** Pinned, so the emulator's behaviour changes only when this line does. */
  private static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.4.0");

  private static final String ROLE = "arn:aws:iam::000000000000:role/triggerflow-functions";

  @Container private static final LocalStackContainer LOCALSTACK = container();

  private static LocalStackContainer container() {
    LocalStackContainer c =
        new LocalStackContainer(IMAGE)
            .withServices("lambda", "dynamodb", "events", "s3", "iam", "sts", "logs")
            .withEnv("LAMBDA_RUNTIME_ENVIRONMENT_TIMEOUT", "120");
    String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
    if (token != null && !token.isBlank()) {
      c.withEnv("LOCALSTACK_AUTH_TOKEN", token);
    }
    return c;
  }

  @Test
  void sequence_deployedToLocalStack_returnsSixInThreeEpisodes() throws Exception {
    Path jar = shadedJar();
    try (AwsClients aws =
        AwsClients.builder()
            .endpointOverride(LOCALSTACK.getEndpoint())
            .region(Region.of(LOCALSTACK.getRegion()))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
            .build()) {
      DeploymentNames names = deploy(aws, jar);

      try (AwsWorkflowClient client =
          AwsWorkflowClient.builder()
              .deployment(names)
              .clients(aws)
              .registry(new ExamplesRegistry().registry())
              .build()) {
        String runId = client.start("sequence", null, null);
        RunRecord run = client.awaitCompletion(runId, Duration.ofMinutes(5), Duration.ofSeconds(1));

        assertThat(run.status())
            .as("run %s: %s", runId, run.errorMessage())
            .isEqualTo(RunStatus.COMPLETED);
        assertThat(run.result().asInt()).isEqualTo(6);
        assertThat(run.episodes()).isEqualTo(3);
        assertThat(client.deadLetters(10)).isEmpty();
      }
    }
  }

  /** Creates the deployment with the SDK, as the CDK construct would. */
  private static DeploymentNames deploy(AwsClients aws, Path jar) throws IOException {
    TableNames tables = TableNames.withPrefix("tf-");
    DynamoDbClient dynamo = aws.dynamoDb();
    DynaliteServer.createTables(dynamo, tables);

    aws.s3().createBucket(b -> b.bucket("tf-code"));
    aws.s3().createBucket(b -> b.bucket("tf-payloads"));
    aws.s3().putObject(b -> b.bucket("tf-code").key("functions.jar"), RequestBody.fromFile(jar));

    String bus = "tf-bus";
    aws.eventBridge().createEventBus(b -> b.name(bus));

    Map<String, String> env = new HashMap<>();
    env.put(AwsContract.ENV_REGISTRY_PROVIDER, ExamplesRegistry.class.getName());
    env.put(AwsContract.ENV_EVENT_BUS, bus);
    env.put(AwsContract.ENV_RUNS_TABLE, tables.runs());
    env.put(AwsContract.ENV_HISTORY_TABLE, tables.history());
    env.put(AwsContract.ENV_TRIGGERS_TABLE, tables.triggers());
    env.put(AwsContract.ENV_DEAD_LETTER_TABLE, tables.deadLetters());
    env.put(AwsContract.ENV_ORCHESTRATOR_FUNCTION, "tf-orchestrator");
    env.put(AwsContract.ENV_DEFAULT_TASK_FUNCTION, "tf-tasks");
    env.put(AwsContract.ENV_PAYLOAD_BUCKET, "tf-payloads");
    env.put("JAVA_TOOL_OPTIONS", "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");

    createFunction(aws, "tf-orchestrator", AwsContract.ORCHESTRATOR_HANDLER, env);
    String triggerArn = createFunction(aws, "tf-trigger", AwsContract.TRIGGER_HANDLER, env);
    createFunction(aws, "tf-tasks", AwsContract.TASK_HANDLER, env);

    aws.eventBridge()
        .putRule(
            b ->
                b.name("tf-engine-events")
                    .eventBusName(bus)
                    .eventPattern(EngineEvents.RULE_PATTERN));
    aws.eventBridge()
        .putTargets(
            b ->
                b.rule("tf-engine-events")
                    .eventBusName(bus)
                    .targets(Target.builder().id("trigger").arn(triggerArn).build()));
    aws.lambda()
        .addPermission(
            b ->
                b.functionName("tf-trigger")
                    .statementId("events")
                    .action("lambda:InvokeFunction")
                    .principal("events.amazonaws.com"));

    return new DeploymentNames(
        bus,
        tables.runs(),
        tables.history(),
        tables.triggers(),
        tables.deadLetters(),
        "tf-orchestrator",
        "tf-payloads");
  }

  private static String createFunction(
      AwsClients aws, String name, String handler, Map<String, String> env) {
    String arn =
        aws.lambda()
            .createFunction(
                b ->
                    b.functionName(name)
                        .runtime(Runtime.JAVA21)
                        .handler(handler)
                        .role(ROLE)
                        .memorySize(1024)
                        .timeout(60)
                        .code(c -> c.s3Bucket("tf-code").s3Key("functions.jar"))
                        .environment(e -> e.variables(env)))
            .functionArn();
    aws.lambda().waiter().waitUntilFunctionActiveV2(b -> b.functionName(name));
    return arn;
  }

  /** The shaded jar of this build; the test is skipped, saying why, when it was not built. */
  private static Path shadedJar() throws IOException {
    Path target = Path.of("target");
    if (Files.isDirectory(target)) {
      try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "*-aws.jar")) {
        for (Path jar : jars) {
          return jar;
        }
      }
    }
    Assumptions.abort(
        "the deployable jar is not built; run ./mvnw -pl lambda-runtime verify, which packages it"
            + " before this test");
    throw new AssertionError("unreachable");
  }
}

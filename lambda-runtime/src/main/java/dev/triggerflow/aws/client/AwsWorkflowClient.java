package dev.triggerflow.aws.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.api.Names;
import dev.triggerflow.api.Registry;
import dev.triggerflow.aws.config.AwsClients;
import dev.triggerflow.aws.config.LambdaEngine;
import dev.triggerflow.aws.config.LambdaSettings;
import dev.triggerflow.aws.eventbridge.Sleeper;
import dev.triggerflow.aws.lambda.InvocationPayloads;
import dev.triggerflow.aws.lambda.TaskFunctions;
import dev.triggerflow.client.ClientException;
import dev.triggerflow.client.RunExistsException;
import dev.triggerflow.client.UnknownRunException;
import dev.triggerflow.client.WorkflowClient;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.DeadLetter;
import dev.triggerflow.spi.PayloadStore;
import dev.triggerflow.spi.RunPage;
import dev.triggerflow.spi.RunQuery;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.Stores;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClientBuilder;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Runs on an AWS deployment, for applications and the CLI: start a run, read its state, result and
 * history, list runs, read dead letters.
 *
 * <p>It finds the deployment by explicit {@link DeploymentNames} or by the outputs of its
 * CloudFormation stack. Reads go straight to the tables (consistent reads); results stored in the
 * payload bucket are read back by {@link #result}. A run is started in one of two ways. With a
 * {@link Registry} the client checks the workflow and input itself, creates the run record and
 * wakes the orchestrator asynchronously: it needs write access to the runs table and permission to
 * invoke the orchestrator. Without one, it asks the orchestrator function to start the run (a
 * synchronous invocation), which checks against the deployment's own registry: it needs only
 * permission to invoke that function.
 *
 * <p>A native workflow has no orchestrator: starting one creates its triggers and invokes its first
 * tasks. A client with a registry does that itself when it is told which function runs each task
 * ({@link Builder#taskFunctions}), and needs write access to the triggers table and permission to
 * invoke those functions; otherwise it asks the orchestrator function, which knows them.
 */
public final class AwsWorkflowClient implements WorkflowClient, AutoCloseable {
  private static final Registry EMPTY = Registry.builder().build();

  private final DeploymentNames names;
  private final AwsClients clients;
  private final boolean ownsClients;
  private final LambdaEngine engine;
  private final boolean hasRegistry;
  private final Registry registry;
  private final boolean knowsTaskFunctions;
  private final Sleeper sleeper;

  private AwsWorkflowClient(Builder b, DeploymentNames names, AwsClients clients) {
    this.names = names;
    this.clients = clients;
    this.ownsClients = b.clients == null;
    this.hasRegistry = b.registry != null;
    this.registry = hasRegistry ? b.registry : EMPTY;
    this.knowsTaskFunctions = b.taskFunctions != null;
    this.sleeper = b.sleeper;
    LambdaSettings settings = LambdaSettings.fromEnvironment(names.environment());
    if (b.taskFunctions != null) {
      settings =
          new LambdaSettings(
              settings.environment(),
              settings.eventBus(),
              settings.orchestratorFunction(),
              b.taskFunctions,
              settings.payloadBucket(),
              settings.payloadThresholdBytes());
    }
    LambdaEngine.Builder engine =
        LambdaEngine.builder().settings(settings).clients(clients).registry(registry);
    if (b.stores != null) {
      engine.stores(b.stores);
    }
    if (b.payloads != null) {
      engine.payloads(b.payloads);
    }
    this.engine = engine.build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The deployment this client talks to. */
  public DeploymentNames deployment() {
    return names;
  }

  @Override
  public String start(String workflow, JsonNode input, String runId) {
    boolean nativeWorkflow = registry.nativeWorkflow(workflow).isPresent();
    if (hasRegistry && (!nativeWorkflow || knowsTaskFunctions)) {
      return engine.runStarter().start(workflow, input, runId);
    }
    return startThroughOrchestrator(workflow, input, runId);
  }

  private String startThroughOrchestrator(String workflow, JsonNode input, String runId) {
    InvokeResponse response =
        clients
            .lambda()
            .invoke(
                r ->
                    r.functionName(names.orchestratorFunction())
                        .invocationType(InvocationType.REQUEST_RESPONSE)
                        .payload(
                            SdkBytes.fromString(
                                InvocationPayloads.start(workflow, input, runId),
                                StandardCharsets.UTF_8)));
    String body = response.payload() == null ? "" : response.payload().asUtf8String();
    if (response.functionError() != null) {
      JsonNode error = parseQuietly(body);
      String type = error.path("errorType").asText("");
      String message = error.path("errorMessage").asText(body);
      if (type.endsWith(RunExistsException.class.getSimpleName()) && runId != null) {
        throw new RunExistsException(runId);
      }
      throw new ClientException(
          "the orchestrator function '"
              + names.orchestratorFunction()
              + "' did not start the run: "
              + (type.isEmpty() ? "" : type + ": ")
              + message);
    }
    JsonNode result = parseQuietly(body);
    JsonNode id = result.get("runId");
    if (id == null || !id.isTextual()) {
      throw new ClientException(
          "the orchestrator function answered without a run id: " + Json.abbreviate(result));
    }
    return id.asText();
  }

  private static JsonNode parseQuietly(String body) {
    try {
      return Json.parse(body);
    } catch (RuntimeException e) {
      return Json.mapper().createObjectNode();
    }
  }

  /** The run's record as stored: a large input or result is a payload reference. */
  @Override
  public Optional<RunRecord> run(String runId) {
    return stores().runs().get(runId);
  }

  /**
   * The result of a completed run, read from the payload bucket if it was stored there.
   *
   * @return empty if the run has no result (yet)
   * @throws UnknownRunException if there is no such run
   */
  public Optional<JsonNode> result(String runId) {
    RunRecord run = run(runId).orElseThrow(() -> new UnknownRunException(runId));
    return Optional.ofNullable(run.result()).map(this::payload);
  }

  /** A value as user code saw it: a payload reference is read from the bucket. */
  public JsonNode payload(JsonNode value) {
    return engine.payloads().resolve(value);
  }

  /** The run's history as stored: large inputs and results are payload references. */
  @Override
  public List<HistoryEvent> history(String runId) {
    if (run(runId).isEmpty()) {
      throw new UnknownRunException(runId);
    }
    return stores().history().read(runId, 0);
  }

  @Override
  public RunPage list(RunQuery query) {
    return stores().runs().list(query);
  }

  @Override
  public List<DeadLetter> deadLetters(int limit) {
    return stores().deadLetters().list(limit);
  }

  /**
   * Sends an external event to a run: it is put on the deployment's bus, as every event is.
   *
   * @param eventId an id that makes retries harmless, or null for a new one
   * @throws UnknownRunException if there is no such run
   */
  @Override
  public void signal(String runId, String name, JsonNode payload, String eventId) {
    requireRun(runId);
    try {
      Names.requireValid("event name", name);
    } catch (IllegalArgumentException e) {
      throw new ClientException(e.getMessage(), e);
    }
    String id = eventId != null ? eventId : runId + "/event/" + UUID.randomUUID();
    JsonNode offloaded = engine.payloads().offload(runId + "/events/" + safeKey(id), payload);
    engine
        .publisher()
        .publish(
            List.of(EngineEvents.externalEvent(runId, name, offloaded, id, engine.clock().now())));
  }

  /**
   * Asks a run to terminate: the request goes on the bus, and the run ends when its orchestrator
   * takes it.
   *
   * @throws UnknownRunException if there is no such run
   */
  @Override
  public void terminate(String runId, String reason) {
    requireRun(runId);
    engine
        .publisher()
        .publish(List.of(EngineEvents.terminateRequested(runId, reason, engine.clock().now())));
  }

  /**
   * Wakes a running run's orchestrator as a result's arrival does: the run's wake counter goes up,
   * then the orchestrator function is invoked asynchronously. A wake with nothing to do lets go of
   * the run again, so waking a healthy run is harmless; a run whose first wake never came (the
   * process that created it stopped first), or whose wakes Lambda gave up on and parked in the
   * failed-invocations queue, goes on from where its history stands. A native run has no
   * orchestrator, and a wake leaves it as it is.
   *
   * @throws UnknownRunException if there is no such run
   * @throws ClientException if the run has finished
   */
  public void wake(String runId) {
    RunRecord run = run(runId).orElseThrow(() -> new UnknownRunException(runId));
    if (run.status().isTerminal()) {
      throw new ClientException(
          "run '" + runId + "' has finished (" + run.status() + "); there is nothing to wake");
    }
    engine.stores().runs().recordEventArrival(runId);
    engine.invoker().wakeOrchestrator(runId);
  }

  private void requireRun(String runId) {
    if (run(runId).isEmpty()) {
      throw new UnknownRunException(runId);
    }
  }

  private static String safeKey(String id) {
    return id.replaceAll("[^A-Za-z0-9._/-]", "-");
  }

  /**
   * Waits until a run has finished, reading its record every {@code pollInterval}.
   *
   * @throws TimeoutException if it has not finished within {@code timeout}
   * @throws UnknownRunException if there is no such run
   */
  public RunRecord awaitCompletion(String runId, Duration timeout, Duration pollInterval)
      throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      RunRecord run = run(runId).orElseThrow(() -> new UnknownRunException(runId));
      if (run.status().isTerminal()) {
        return run;
      }
      if (System.nanoTime() >= deadline) {
        throw new TimeoutException(
            "run " + runId + " is still " + run.status() + " after " + timeout);
      }
      sleeper.sleep(pollInterval);
    }
  }

  private Stores stores() {
    return engine.stores();
  }

  @Override
  public void close() {
    if (ownsClients) {
      clients.close();
    }
  }

  /** Configures an {@link AwsWorkflowClient}. */
  public static final class Builder {
    private DeploymentNames names;
    private String stack;
    private AwsClients clients;
    private Region region;
    private AwsCredentialsProvider credentials;
    private URI endpoint;
    private Registry registry;
    private CloudFormationClient cloudFormation;
    private Stores stores;
    private PayloadStore payloads;
    private TaskFunctions taskFunctions;
    private Sleeper sleeper = Sleeper.system();

    private Builder() {}

    /** The deployment's resource names. Either this or {@link #stack} is required. */
    public Builder deployment(DeploymentNames names) {
      this.names = names;
      return this;
    }

    /** Reads the deployment's resource names from this CloudFormation stack's outputs. */
    public Builder stack(String stackName) {
      this.stack = stackName;
      return this;
    }

    /** The region; by default the SDK's region chain decides. */
    public Builder region(Region region) {
      this.region = region;
      return this;
    }

    /** The credentials; by default the SDK's credentials chain. */
    public Builder credentialsProvider(AwsCredentialsProvider credentials) {
      this.credentials = credentials;
      return this;
    }

    /** One endpoint for every service, such as LocalStack's. */
    public Builder endpointOverride(URI endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** These clients instead of building new ones; the caller closes them. */
    public Builder clients(AwsClients clients) {
      this.clients = clients;
      return this;
    }

    /**
     * This client to read the stack's outputs with, instead of building one; the caller closes it.
     */
    public Builder cloudFormation(CloudFormationClient client) {
      this.cloudFormation = client;
      return this;
    }

    /**
     * The deployment's registry, to start runs directly; without one, runs are started by the
     * orchestrator function.
     */
    public Builder registry(Registry registry) {
      this.registry = registry;
      return this;
    }

    /**
     * Which function runs each task, so that the client can start native workflows itself (with a
     * {@link #registry}); without it, native runs are started by the orchestrator function.
     */
    public Builder taskFunctions(TaskFunctions functions) {
      this.taskFunctions = Objects.requireNonNull(functions, "functions");
      return this;
    }

    /** These stores instead of the deployment's DynamoDB tables; for tests. */
    public Builder stores(Stores stores) {
      this.stores = stores;
      return this;
    }

    /** This payload store instead of the deployment's bucket; for tests. */
    public Builder payloads(PayloadStore payloads) {
      this.payloads = payloads;
      return this;
    }

    /** How {@link #awaitCompletion} waits between reads; the current thread sleeps by default. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /**
     * The client.
     *
     * @throws ClientException if the stack cannot be read or lacks outputs
     */
    public AwsWorkflowClient build() {
      if ((names == null) == (stack == null)) {
        throw new IllegalStateException("give either the deployment names or a stack name");
      }
      AwsClients aws = clients;
      if (aws == null) {
        AwsClients.Builder b = AwsClients.builder();
        if (region != null) {
          b.region(region);
        }
        if (credentials != null) {
          b.credentialsProvider(credentials);
        }
        if (endpoint != null) {
          b.endpointOverride(endpoint);
        }
        aws = b.build();
      }
      DeploymentNames resolved = names != null ? names : namesFromStack();
      return new AwsWorkflowClient(this, resolved, aws);
    }

    private DeploymentNames namesFromStack() {
      if (cloudFormation != null) {
        return DeploymentNames.fromStackOutputs(stack, StackOutputs.read(cloudFormation, stack));
      }
      CloudFormationClientBuilder b =
          CloudFormationClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
      if (region != null) {
        b.region(region);
      }
      if (credentials != null) {
        b.credentialsProvider(credentials);
      }
      if (endpoint != null) {
        b.endpointOverride(endpoint);
      }
      try (CloudFormationClient cf = b.build()) {
        return DeploymentNames.fromStackOutputs(stack, StackOutputs.read(cf, stack));
      }
    }
  }
}

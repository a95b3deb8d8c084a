package dev.triggerflow.aws.fakes;

import dev.triggerflow.aws.client.AwsWorkflowClient;
import dev.triggerflow.aws.client.DeploymentNames;
import dev.triggerflow.aws.config.AwsClients;
import dev.triggerflow.aws.config.LambdaEngine;
import dev.triggerflow.aws.config.LambdaSettings;
import dev.triggerflow.aws.config.RegistryLoader;
import dev.triggerflow.aws.dynamodb.TableNames;
import dev.triggerflow.aws.handler.OrchestratorHandler;
import dev.triggerflow.aws.handler.TaskHandler;
import dev.triggerflow.aws.handler.TriggerHandler;
import dev.triggerflow.aws.metrics.MetricsSink;
import dev.triggerflow.aws.testing.ApiCallCounter;
import dev.triggerflow.aws.testing.DynaliteServer;
import dev.triggerflow.aws.testing.OldItemOnConditionFailure;
import dev.triggerflow.deployment.AwsContract;
import dev.triggerflow.deployment.RegistryProvider;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.event.LambdaDestinations;
import dev.triggerflow.runtime.ManualClock;
import dev.triggerflow.spi.Clock;
import dev.triggerflow.spi.Stores;
import dev.triggerflow.store.memory.InMemoryStores;
import dev.triggerflow.trigger.TriggerProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A deployment of the three functions in this JVM, wired as on AWS: the real handler classes, each
 * with an engine of its own as each function container has, configured from the same environment
 * variables a deployment sets; EventBridge, Lambda and S3 as SDK-level fakes; and the stores on
 * DynamoDB (dynalite) or, for tests of the handlers alone, in memory.
 *
 * <p>Every AWS API call is counted: the fakes count theirs, and an interceptor on the DynamoDB
 * client counts DynamoDB's.
 *
 * <p>Durable timers are EventBridge Scheduler schedules on a fake scheduler. With a manual clock,
 * which every engine of the deployment reads, {@link #advanceTime} moves time on and fires the
 * schedules that have come due. The Lambda Destinations records of task functions reach the trigger
 * function through a second rule, as in a deployment with foreign tasks.
 *
 * <p>Other modules' tests use it from this module's test jar: build one with {@link #builder()},
 * talk to it through {@link #client()}, and wait for it with {@link #awaitIdle()}. Its fakes use
 * JUnit and AssertJ, which such a module declares itself; dynalite is found in this module's {@code
 * node_modules} from the other module's directory too.
 */
public final class Testbed implements AutoCloseable {
  /** The bus. */
  public static final String BUS = "tf-bus";

  /** The orchestrator function. */
  public static final String ORCHESTRATOR = "tf-orchestrator";

  /** The orchestrator function's ARN, as the deployment names it to the functions. */
  public static final String ORCHESTRATOR_ARN = FakeLambda.arn(ORCHESTRATOR);

  /** The schedule group of durable timers. */
  public static final String SCHEDULE_GROUP = "tf-timers";

  /** The role the schedules assume. */
  public static final String SCHEDULER_ROLE = "arn:aws:iam::123456789012:role/tf-scheduler";

  /** The trigger function, target of the engine rule. */
  public static final String TRIGGER = "tf-trigger";

  /** The function that runs every task. */
  public static final String TASKS = "tf-tasks";

  /** The payload bucket. */
  public static final String BUCKET = "tf-payloads";

  private static final AtomicInteger THREADS = new AtomicInteger();

  private final ExecutorService pool;
  private final ApiCalls calls = new ApiCalls();
  private final ApiCallCounter dynamoCalls = new ApiCallCounter();
  private final Activity activity = new Activity();
  private final FakeLambda lambda;
  private final FakeEventBridge bus;
  private final FakeS3 s3;
  private final FakeScheduler scheduler;
  private final Clock clock;
  private final TriggerProcessor.ConflictPause conflictPause;
  private final MetricsSink metrics;
  private final DynamoDbClient dynamoDb;
  private final Stores memoryStores;
  private final Map<String, String> env = new HashMap<>();
  private final AwsClients clients;
  private final DeploymentNames names;
  private final LambdaEngine orchestratorEngine;
  private final LambdaEngine triggerEngine;
  private final LambdaEngine taskEngine;

  private Testbed(Builder b) {
    this.pool =
        Executors.newFixedThreadPool(
            b.threads,
            r -> {
              Thread t = new Thread(r, "fake-aws-" + THREADS.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.clock = b.clock;
    this.conflictPause = b.conflictPause;
    this.metrics = b.metrics;
    this.lambda = new FakeLambda(calls, activity, pool);
    lambda.clock(clock);
    this.bus = new FakeEventBridge(calls, lambda, BUS);
    this.s3 = new FakeS3(calls, BUCKET);
    this.scheduler = new FakeScheduler(calls, bus);
    bus.addRule("engine-events", EngineEvents.RULE_PATTERN, TRIGGER);
    bus.addRule("task-destinations", LambdaDestinations.RULE_PATTERN, TRIGGER);

    env.put(AwsContract.ENV_REGISTRY_PROVIDER, b.registryProvider.getName());
    env.put(AwsContract.ENV_EVENT_BUS, BUS);
    env.put(AwsContract.ENV_EVENT_BUS_ARN, bus.arn());
    env.put(AwsContract.ENV_ORCHESTRATOR_FUNCTION, ORCHESTRATOR_ARN);
    env.put(AwsContract.ENV_SCHEDULER_GROUP, SCHEDULE_GROUP);
    env.put(AwsContract.ENV_SCHEDULER_ROLE_ARN, SCHEDULER_ROLE);
    env.put(AwsContract.ENV_DEFAULT_TASK_FUNCTION, TASKS);
    env.put(AwsContract.ENV_PAYLOAD_BUCKET, BUCKET);
    env.put(AwsContract.ENV_PAYLOAD_THRESHOLD_BYTES, Integer.toString(b.payloadThresholdBytes));
    env.putAll(b.extraEnv);

    TableNames tables;
    if (b.dynamo) {
      DynaliteServer dynalite = DynaliteServer.shared();
      tables = dynalite.createTables("e2e");
      this.dynamoDb =
          b.oldItems
              ? dynalite.client(dynamoCalls, new OldItemOnConditionFailure(dynalite.client()))
              : dynalite.client(dynamoCalls);
      this.memoryStores = null;
    } else {
      tables = TableNames.withPrefix("memory-");
      this.dynamoDb = null;
      this.memoryStores = b.stores != null ? b.stores : InMemoryStores.create();
    }
    env.put(AwsContract.ENV_RUNS_TABLE, tables.runs());
    env.put(AwsContract.ENV_HISTORY_TABLE, tables.history());
    env.put(AwsContract.ENV_TRIGGERS_TABLE, tables.triggers());
    env.put(AwsContract.ENV_DEAD_LETTER_TABLE, tables.deadLetters());
    this.names =
        new DeploymentNames(
            BUS,
            tables.runs(),
            tables.history(),
            tables.triggers(),
            tables.deadLetters(),
            ORCHESTRATOR_ARN,
            BUCKET);

    AwsClients.Builder cb =
        AwsClients.builder().eventBridge(bus).lambda(lambda).s3(s3).scheduler(scheduler);
    if (dynamoDb != null) {
      cb.dynamoDb(dynamoDb);
    }
    this.clients = cb.build();

    this.orchestratorEngine = engine();
    this.triggerEngine = engine();
    this.taskEngine = engine();
    lambda.register(ORCHESTRATOR, new OrchestratorHandler(orchestratorEngine));
    lambda.register(TRIGGER, new TriggerHandler(triggerEngine));
    lambda.register(TASKS, new TaskHandler(taskEngine));
    if (b.taskFailuresToBus) {
      lambda.destinations(TASKS, bus, false, true);
    }
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** An engine as one function container builds it from the deployment's environment. */
  private LambdaEngine engine() {
    LambdaEngine.Builder b =
        LambdaEngine.builder()
            .settings(LambdaSettings.fromEnvironment(env))
            .clients(clients)
            .registry(RegistryLoader.fromEnvironment(env))
            .clock(clock)
            .conflictPause(conflictPause)
            .metrics(metrics);
    if (memoryStores != null) {
      b.stores(memoryStores);
    }
    return b.build();
  }

  /**
   * Moves the manual clock on and fires the schedules that came due, as EventBridge Scheduler would
   * have over that time; then waits until the deployment settles.
   *
   * @throws IllegalStateException if the deployment was not built with a manual clock
   */
  public void advanceTime(Duration duration) throws InterruptedException {
    if (!(clock instanceof ManualClock manual)) {
      throw new IllegalStateException("advanceTime needs a testbed built with manualClock(...)");
    }
    manual.advance(duration);
    scheduler.fireDue(manual.now());
    awaitIdle();
  }

  /**
   * A client of the deployment as an application outside it has one: it knows the deployment's
   * names but not its workflows, so it starts runs through the orchestrator function. Close it
   * before the testbed.
   */
  public AwsWorkflowClient client() {
    return client(false);
  }

  /**
   * A client of the deployment. With {@code withRegistry}, it knows the deployment's workflows and
   * starts runs itself, writing the run and invoking its first tasks as a client with the registry
   * on its class path does; without, it starts runs through the orchestrator function. Close it
   * before the testbed.
   */
  public AwsWorkflowClient client(boolean withRegistry) {
    AwsWorkflowClient.Builder b = AwsWorkflowClient.builder().deployment(names).clients(clients);
    if (withRegistry) {
      b.registry(RegistryLoader.fromEnvironment(env));
    }
    if (memoryStores != null) {
      b.stores(memoryStores);
    }
    return b.build();
  }

  /**
   * Waits until no invocation or delivery is in flight: every run started so far has finished or
   * waits for something outside the deployment (a signal, a timer, which {@link #advanceTime}
   * fires).
   *
   * @throws AssertionError if the deployment does not settle within a minute
   */
  public void awaitIdle() throws InterruptedException {
    awaitIdle(Duration.ofSeconds(60));
  }

  /**
   * Waits until no invocation or delivery is in flight, at most {@code timeout}.
   *
   * @throws AssertionError if the deployment does not settle in time
   */
  public void awaitIdle(Duration timeout) throws InterruptedException {
    if (!activity.awaitIdle(timeout)) {
      throw new AssertionError("the deployment did not settle within " + timeout);
    }
  }

  /** Every API call so far, as {@code service:Operation}, DynamoDB's included. */
  public Map<String, Long> apiCalls() {
    Map<String, Long> all = new TreeMap<>(calls.snapshot());
    dynamoCalls.counts().forEach((op, n) -> all.put("dynamodb:" + op, n));
    return all;
  }

  /** The environment every function of the deployment sees. */
  public Map<String, String> environment() {
    return Map.copyOf(env);
  }

  /** The SDK clients of the deployment (the fakes, and DynamoDB on dynalite). */
  public AwsClients clients() {
    return clients;
  }

  /** The deployment's names. */
  public DeploymentNames names() {
    return names;
  }

  /** The Lambda fake. */
  public FakeLambda lambda() {
    return lambda;
  }

  /** The EventBridge fake. */
  public FakeEventBridge bus() {
    return bus;
  }

  /** The EventBridge Scheduler fake. */
  public FakeScheduler scheduler() {
    return scheduler;
  }

  /** The clock every engine of the deployment reads. */
  public Clock clock() {
    return clock;
  }

  /** The orchestrator function's engine. */
  public LambdaEngine orchestratorEngine() {
    return orchestratorEngine;
  }

  /** The S3 fake. */
  public FakeS3 s3() {
    return s3;
  }

  /** The stores, as the orchestrator function sees them. */
  public Stores stores() {
    return orchestratorEngine.stores();
  }

  /** The trigger function's engine. */
  public LambdaEngine triggerEngine() {
    return triggerEngine;
  }

  /** The task function's engine. */
  public LambdaEngine taskEngine() {
    return taskEngine;
  }

  @Override
  public void close() {
    pool.shutdownNow();
    if (dynamoDb != null) {
      dynamoDb.close();
    }
  }

  /** Configures a {@link Testbed}. */
  public static final class Builder {
    private Class<? extends RegistryProvider> registryProvider = FastExamplesRegistry.class;
    private boolean dynamo;
    private boolean oldItems;
    private TriggerProcessor.ConflictPause conflictPause = LambdaEngine.CONFLICT_PAUSE;
    private Stores stores;
    private int payloadThresholdBytes = LambdaSettings.DEFAULT_PAYLOAD_THRESHOLD_BYTES;
    private int threads = 16;
    private Clock clock = Clock.system();
    private boolean taskFailuresToBus;
    private MetricsSink metrics = MetricsSink.none();
    private final Map<String, String> extraEnv = new HashMap<>();

    private Builder() {}

    /** The registry provider the functions load; fast examples by default. */
    public Builder registryProvider(Class<? extends RegistryProvider> provider) {
      this.registryProvider = provider;
      return this;
    }

    /** Stores on dynalite (true) or in memory (false, the default). */
    public Builder dynamo(boolean onDynalite) {
      this.dynamo = onDynalite;
      return this;
    }

    /** How the trigger functions wait before they retry a contended trigger. */
    public Builder conflictPause(TriggerProcessor.ConflictPause pause) {
      this.conflictPause = pause;
      return this;
    }

    /**
     * On dynalite, attaches the stored item to a failed conditional write that asks for it, as
     * DynamoDB does and dynalite does not, through a read that is not counted among the API calls:
     * what a deployment's calls would be on DynamoDB. The read comes just after the failure, so a
     * racing writer may have changed the item in between, which the engine's compare-and-set loops
     * take in their stride.
     */
    public Builder oldItemsOnConditionFailure(boolean asDynamoDb) {
      this.oldItems = asDynamoDb;
      return this;
    }

    /** These in-memory stores. */
    public Builder stores(Stores stores) {
      this.stores = stores;
      return this;
    }

    /** The payload threshold of the deployment. */
    public Builder payloadThresholdBytes(int n) {
      this.payloadThresholdBytes = n;
      return this;
    }

    /**
     * One more environment variable of every function, or another value for one the testbed sets; a
     * blank value counts as not set.
     */
    public Builder env(String name, String value) {
      extraEnv.put(name, value);
      return this;
    }

    /** A manual clock starting at {@code start}, moved by {@link Testbed#advanceTime}. */
    public Builder manualClock(Instant start) {
      this.clock = new ManualClock(start);
      return this;
    }

    /**
     * Sends the failures of the task function's invocations (after Lambda's retries) to the bus as
     * Lambda Destinations records, so that a task function that crashes fails its call.
     */
    public Builder taskFailuresToBus(boolean enabled) {
      this.taskFailuresToBus = enabled;
      return this;
    }

    /** Where every function writes its metric lines; nowhere by default. */
    public Builder metrics(MetricsSink sink) {
      this.metrics = sink;
      return this;
    }

    /** How many invocations run at once. */
    public Builder threads(int n) {
      this.threads = n;
      return this;
    }

    /** The deployment. */
    public Testbed build() {
      return new Testbed(this);
    }
  }
}

package dev.triggerflow.aws.config;

import dev.triggerflow.api.Registry;
import dev.triggerflow.aws.eventbridge.EventBridgePublisher;
import dev.triggerflow.aws.lambda.LambdaFunctionInvoker;
import dev.triggerflow.aws.metrics.EngineMetrics;
import dev.triggerflow.aws.metrics.MetricsSink;
import dev.triggerflow.aws.s3.S3PayloadStore;
import dev.triggerflow.aws.scheduler.SchedulerTimers;
import dev.triggerflow.client.RunStarter;
import dev.triggerflow.deployment.AwsContract;
import dev.triggerflow.engine.HistoryCache;
import dev.triggerflow.engine.Orchestrator;
import dev.triggerflow.engine.RunListener;
import dev.triggerflow.engine.TaskRunner;
import dev.triggerflow.event.Event;
import dev.triggerflow.spi.Clock;
import dev.triggerflow.spi.EventPublisher;
import dev.triggerflow.spi.FunctionInvoker;
import dev.triggerflow.spi.PayloadStore;
import dev.triggerflow.spi.Stores;
import dev.triggerflow.spi.TimerScheduler;
import dev.triggerflow.trigger.TriggerProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine of one function container: the registry, the AWS adapters and the engine's roles, each
 * built on first use and then kept for every invocation the container serves.
 *
 * <p>A handler asks for the parts it uses when it is constructed, so they are built in the
 * function's init phase, which SnapStart captures in its snapshot. Nothing built here holds state
 * that a restore would make wrong: SDK clients open connections and resolve credentials on their
 * first request, not at construction; lease owners and dead-letter ids are drawn per use, not once;
 * and the history cache starts empty.
 */
public final class LambdaEngine {
  private static final Logger log = LoggerFactory.getLogger(LambdaEngine.class);

  /**
   * How long an orchestrator holds a run's lease: {@link AwsContract#ORCHESTRATOR_LEASE_SECONDS},
   * the number the CDK construct keeps the orchestrator function's timeout below. If a wake
   * outlived its lease, a second orchestrator could take over a live one, which the history's
   * conditional appends make safe but wasteful.
   */
  public static final Duration DEFAULT_LEASE =
      Duration.ofSeconds(AwsContract.ORCHESTRATOR_LEASE_SECONDS);

  /**
   * How long after a trigger fired a second delivery of the event that fired it leaves the action
   * to the first, and how long after an event's time a second delivery of an event still waiting in
   * its run's inbox leaves the wake to the first: {@link AwsContract#TRIGGER_ACTION_GRACE_SECONDS}.
   * EventBridge may deliver an event twice at once, and both deliveries would otherwise wake the
   * orchestrator (or start the next step of a native workflow). It must exceed the trigger
   * function's timeout (the CDK construct keeps it below), so that a delivery still running is
   * never taken for a crashed one, and stay below the delay of Lambda's first retry of a failed
   * asynchronous invocation (about a minute), so that the retry of a delivery that did crash runs
   * the action.
   */
  public static final Duration ACTION_GRACE =
      Duration.ofSeconds(AwsContract.TRIGGER_ACTION_GRACE_SECONDS);

  /**
   * How a trigger function waits before it tries a contended trigger again: a random pause of up to
   * 2 ms, doubling with each retry up to 50 ms. A failed conditional write on DynamoDB is a billed
   * request that costs about as much as 90 ms of the trigger function's time (512 MB), and many
   * results of one map reaching their join together fail most of their writes without it.
   */
  public static final TriggerProcessor.ConflictPause CONFLICT_PAUSE =
      TriggerProcessor.ConflictPause.jittered(Duration.ofMillis(2), Duration.ofMillis(50));

  private static LambdaEngine shared;

  private final Registry registry;
  private final Clock clock;
  private final EngineMetrics metrics;
  private final Lazy<Stores> stores;
  private final Lazy<PayloadStore> payloads;
  private final Lazy<EventPublisher> publisher;
  private final Lazy<FunctionInvoker> invoker;
  private final Lazy<Orchestrator> orchestrator;
  private final Lazy<TriggerProcessor> triggerProcessor;
  private final Lazy<TaskRunner> taskRunner;
  private final Lazy<RunStarter> runStarter;

  private LambdaEngine(Builder b) {
    LambdaSettings settings = Objects.requireNonNull(b.settings, "settings are required");
    AwsClients clients = Objects.requireNonNull(b.clients, "clients are required");
    this.registry = Objects.requireNonNull(b.registry, "a registry is required");
    this.clock = b.clock;
    this.metrics =
        new EngineMetrics(
            b.metricsSink,
            clock,
            name -> registry.nativeWorkflow(name).isPresent(),
            b.historyCacheSize);
    RunListener listener =
        run -> {
          metrics.onFinished(run);
          if (b.listener != null) {
            b.listener.onFinished(run);
          }
        };
    StoresFactory storesFactory = b.storesFactory;
    this.stores = new Lazy<>(() -> metrics.meter(storesFactory.create(clients, settings, b.clock)));
    this.payloads =
        new Lazy<>(() -> b.payloads != null ? b.payloads : defaultPayloads(clients, settings));
    this.publisher =
        new Lazy<>(
            () ->
                b.publisherOptions
                    .apply(
                        EventBridgePublisher.builder()
                            .client(clients.eventBridge())
                            .eventBus(
                                settings.require(
                                    AwsContract.ENV_EVENT_BUS, "publishing events to the bus")))
                    .build());
    this.invoker =
        new Lazy<>(
            () ->
                LambdaFunctionInvoker.builder()
                    .client(clients.lambda())
                    .orchestratorFunction(settings.orchestratorFunction())
                    .taskFunctions(settings.taskFunctions())
                    .publisher(publisher.get())
                    .payloads(payloads.get())
                    .clock(clock)
                    .build());
    Lazy<TimerScheduler> timers =
        new Lazy<>(() -> b.timers != null ? b.timers : schedulerTimers(clients, settings));
    this.orchestrator =
        new Lazy<>(
            () ->
                new Orchestrator(
                    registry,
                    stores.get(),
                    payloads.get(),
                    invoker.get(),
                    publisher.get(),
                    new TimerScheduler() {
                      @Override
                      public void schedule(String timerId, Instant fireAt, Event event) {
                        timers.get().schedule(timerId, fireAt, event);
                      }

                      @Override
                      public void cancel(String timerId) {
                        timers.get().cancel(timerId);
                      }
                    },
                    clock,
                    b.leaseDuration,
                    new HistoryCache(b.historyCacheSize),
                    listener,
                    Orchestrator.DEFAULT_MAX_HISTORY_EVENTS));
    this.triggerProcessor =
        new Lazy<>(
            () ->
                new TriggerProcessor(
                        registry,
                        stores.get(),
                        invoker.get(),
                        publisher.get(),
                        clock,
                        listener,
                        ACTION_GRACE)
                    .withConflictPause(b.conflictPause));
    this.taskRunner = new Lazy<>(() -> new TaskRunner(registry, payloads.get(), clock));
    this.runStarter =
        new Lazy<>(
            () ->
                new RunStarter(
                    registry,
                    stores.get().runs(),
                    payloads.get(),
                    invoker.get(),
                    clock,
                    stores.get().triggers()));
  }

  /**
   * The engine of this container, built from the process environment on first use. A configuration
   * error is thrown on every use until it is fixed, never cached as a half-built engine.
   *
   * @throws ConfigurationException naming what is missing or wrong
   */
  public static synchronized LambdaEngine shared() {
    if (shared == null) {
      shared = fromEnvironment(System.getenv());
    }
    return shared;
  }

  /**
   * An engine configured from environment variables (names in {@link AwsContract}).
   *
   * @throws ConfigurationException naming what is missing or wrong
   */
  public static LambdaEngine fromEnvironment(Map<String, String> env) {
    LambdaSettings settings = LambdaSettings.fromEnvironment(env);
    Registry registry = RegistryLoader.fromEnvironment(env);
    log.info(
        "engine configured with {} workflows and {} tasks",
        registry.workflowNames().size(),
        registry.taskNames().size());
    return builder()
        .settings(settings)
        .clients(AwsClients.fromSettings(settings))
        .registry(registry)
        .metrics(MetricsSink.stdout())
        .build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Timers on EventBridge Scheduler, configured on first use: a deployment without the scheduler
   * settings runs every workflow that uses no timer or retry. A wake that schedules a timer there
   * fails with a message naming the missing variable, and is retried by Lambda and then parked with
   * the orchestrator's failed invocations; its run waits until the deployment is fixed.
   *
   * <p>A schedule's target is the bus's ARN. The deployment names it in {@link
   * AwsContract#ENV_EVENT_BUS_ARN}; without that, it is derived from the bus's name and the account
   * and region of the orchestrator's ARN, which holds only where the orchestrator is named by ARN.
   */
  private SchedulerTimers schedulerTimers(AwsClients clients, LambdaSettings settings) {
    String purpose = "durable timers (workflow timers and task retries)";
    String bus = settings.require(AwsContract.ENV_EVENT_BUS, purpose);
    String busArn = settings.eventBusArn().orElse(null);
    if (busArn == null) {
      try {
        busArn = SchedulerTimers.busArn(bus, settings.orchestratorFunction());
      } catch (IllegalArgumentException e) {
        throw new ConfigurationException(
            e.getMessage() + ", or set " + AwsContract.ENV_EVENT_BUS_ARN, e);
      }
    }
    return new SchedulerTimers(
        clients::scheduler,
        settings.require(AwsContract.ENV_SCHEDULER_GROUP, purpose),
        settings.require(AwsContract.ENV_SCHEDULER_ROLE_ARN, purpose),
        busArn,
        publisher.get(),
        clock);
  }

  private static PayloadStore defaultPayloads(AwsClients clients, LambdaSettings settings) {
    if (settings.payloadBucket() == null) {
      log.warn(
          "{} is not set: payloads stay inline, and one too large for the bus fails its call",
          AwsContract.ENV_PAYLOAD_BUCKET);
      return PayloadStore.inline();
    }
    return S3PayloadStore.builder()
        .client(clients.s3())
        .bucket(settings.payloadBucket())
        .thresholdBytes(settings.payloadThresholdBytes())
        .build();
  }

  /** The engine's metrics, which the handlers write per request. */
  public EngineMetrics metrics() {
    return metrics;
  }

  /** The deployment's workflows and tasks. */
  public Registry registry() {
    return registry;
  }

  /** The engine's clock. */
  public Clock clock() {
    return clock;
  }

  /** The stores (DynamoDB unless configured otherwise). */
  public Stores stores() {
    return stores.get();
  }

  /** The payload store (S3 when a bucket is configured). */
  public PayloadStore payloads() {
    return payloads.get();
  }

  /** The EventBridge publisher. */
  public EventPublisher publisher() {
    return publisher.get();
  }

  /** The Lambda invoker. */
  public FunctionInvoker invoker() {
    return invoker.get();
  }

  /** The orchestrator role. */
  public Orchestrator orchestrator() {
    return orchestrator.get();
  }

  /** The trigger processor role. */
  public TriggerProcessor triggerProcessor() {
    return triggerProcessor.get();
  }

  /** The task executor role. */
  public TaskRunner taskRunner() {
    return taskRunner.get();
  }

  /** Starts runs. */
  public RunStarter runStarter() {
    return runStarter.get();
  }

  /** Builds a deployment's stores from its clients and settings. */
  @FunctionalInterface
  public interface StoresFactory {
    /** The stores. */
    Stores create(AwsClients clients, LambdaSettings settings, Clock clock);
  }

  /** Configures a {@link LambdaEngine}. */
  public static final class Builder {
    private LambdaSettings settings;
    private AwsClients clients;
    private Registry registry;
    private StoresFactory storesFactory = DefaultStores::create;
    private PayloadStore payloads;
    private Clock clock = Clock.system();
    private Duration leaseDuration = DEFAULT_LEASE;
    private TriggerProcessor.ConflictPause conflictPause = CONFLICT_PAUSE;
    private int historyCacheSize = 256;
    private RunListener listener;
    private TimerScheduler timers;
    private MetricsSink metricsSink = MetricsSink.none();
    private UnaryOperator<EventBridgePublisher.Builder> publisherOptions = UnaryOperator.identity();

    private Builder() {}

    /** The settings (required). */
    public Builder settings(LambdaSettings settings) {
      this.settings = settings;
      return this;
    }

    /** The AWS clients (required). */
    public Builder clients(AwsClients clients) {
      this.clients = clients;
      return this;
    }

    /** The workflows and tasks (required). */
    public Builder registry(Registry registry) {
      this.registry = registry;
      return this;
    }

    /** How to build the stores; DynamoDB tables named by the settings by default. */
    public Builder stores(StoresFactory factory) {
      this.storesFactory = Objects.requireNonNull(factory, "factory");
      return this;
    }

    /** These stores instead of DynamoDB's. */
    public Builder stores(Stores stores) {
      Objects.requireNonNull(stores, "stores");
      this.storesFactory = (c, s, k) -> stores;
      return this;
    }

    /** This payload store instead of the one the settings describe. */
    public Builder payloads(PayloadStore payloads) {
      this.payloads = Objects.requireNonNull(payloads, "payloads");
      return this;
    }

    /** The clock; the system clock by default. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How long an orchestrator's lease lasts; {@link #DEFAULT_LEASE} by default. */
    public Builder leaseDuration(Duration d) {
      if (d == null || d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("leaseDuration must be positive");
      }
      this.leaseDuration = d;
      return this;
    }

    /**
     * How the trigger processor waits before it tries a contended trigger again; {@link
     * #CONFLICT_PAUSE} by default.
     */
    public Builder conflictPause(TriggerProcessor.ConflictPause pause) {
      this.conflictPause = Objects.requireNonNull(pause, "pause");
      return this;
    }

    /** How many runs' histories an orchestrator container keeps; 256 by default. */
    public Builder historyCacheSize(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("historyCacheSize must not be negative");
      }
      this.historyCacheSize = n;
      return this;
    }

    /**
     * Told when a run this container's orchestrator or trigger processor (for native workflows)
     * finishes; for tests and metrics.
     */
    public Builder runListener(RunListener listener) {
      this.listener = listener;
      return this;
    }

    /**
     * Where the handlers write metric lines; none by default, standard output in a function built
     * from the environment.
     */
    public Builder metrics(MetricsSink sink) {
      this.metricsSink = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /** These timers instead of EventBridge Scheduler's. */
    public Builder timers(TimerScheduler timers) {
      this.timers = Objects.requireNonNull(timers, "timers");
      return this;
    }

    /** Adjusts the publisher (attempts, pauses, size limits). */
    public Builder publisherOptions(UnaryOperator<EventBridgePublisher.Builder> options) {
      this.publisherOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /** The engine. */
    public LambdaEngine build() {
      return new LambdaEngine(this);
    }
  }
}

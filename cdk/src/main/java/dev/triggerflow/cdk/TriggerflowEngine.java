package dev.triggerflow.cdk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.triggerflow.deployment.AwsContract;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.event.LambdaDestinations;
import dev.triggerflow.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Names;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.UniqueResourceNameOptions;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.events.CfnRule;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iam.ServicePrincipalOpts;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.FilterCriteria;
import software.amazon.awscdk.services.lambda.FilterRule;
import software.amazon.awscdk.services.lambda.IDestination;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.destinations.EventBridgeDestination;
import software.amazon.awscdk.services.lambda.eventsources.DynamoEventSource;
import software.amazon.awscdk.services.lambda.eventsources.DynamoEventSourceProps;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CfnBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.scheduler.ScheduleGroup;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;
import software.constructs.IConstruct;

/**
 * A complete Triggerflow deployment: the event bus and the rules that feed engine events and Lambda
 * Destinations records to the trigger function, the run, history, trigger and dead-letter tables,
 * the orchestrator and trigger functions, the run expiry function that clears away what an expired
 * run leaves in the other tables, the payload bucket, the Scheduler group for durable timers, a
 * dashboard and alarms, and the stack outputs the CLI and client read. Tasks are added with {@link
 * #addTask} (Java tasks run by the engine's task handler) and {@link #addForeignTask} (any existing
 * Lambda function, in any language).
 *
 * <p>Every function gets its own role holding exactly the actions it uses on exactly the resources
 * it uses them on; no statement uses a wildcard action, and one action alone is granted on the
 * {@code "*"} resource: {@code dynamodb:ListStreams}, which has no resource-level permissions and
 * which Lambda requires of the run expiry function's role to read the runs table's stream.
 *
 * <p>One engine per stack: the stack outputs carry fixed names so that clients can find them.
 */
public final class TriggerflowEngine extends Construct {
  /**
   * The DynamoDB actions the engine's functions use on their tables: single-item reads and
   * conditional writes, queries of a run's items, and batched deletes of consumed triggers, inbox
   * entries and history parts. Scans, batched reads and the by-workflow index serve listing runs,
   * which clients do with their own credentials, so no function is granted them.
   */
  static final List<String> TABLE_ITEM_ACTIONS =
      List.of(
          "dynamodb:GetItem",
          "dynamodb:PutItem",
          "dynamodb:UpdateItem",
          "dynamodb:DeleteItem",
          "dynamodb:Query",
          "dynamodb:BatchWriteItem");

  /**
   * How many connections to one host the JDK's HTTP client keeps open between requests, in the
   * functions that start tasks. The runtime starts a batch of tasks (a map, a step of a native
   * workflow that starts several) with up to 16 invocations in flight at once, over the JDK's URL
   * connection client, which keeps only 5 idle connections per host by default: the other 11 would
   * be closed after every batch and opened again, each with a TLS handshake, for the next.
   */
  static final int KEPT_CONNECTIONS_PER_HOST = 16;

  /**
   * The JVM options of the orchestrator and the trigger function. A system property on the JVM's
   * command line rather than one set by the runtime's code: the JDK reads it once, when its
   * keep-alive cache is first used, so it must be in place before the process's first connection.
   */
  static final String JAVA_TOOL_OPTIONS = "-Dhttp.maxConnections=" + KEPT_CONNECTIONS_PER_HOST;

  /** The variable the JVM reads its extra options from, on Lambda as anywhere. */
  static final String ENV_JAVA_TOOL_OPTIONS = "JAVA_TOOL_OPTIONS";

  /**
   * Lambda's retries of a foreign task's failed invocation: none, because a foreign function
   * reports a failed task by failing, and the workflow's retry policy decides what happens next.
   * (Throttles and Lambda's own errors are retried regardless of this setting.)
   */
  static final int FOREIGN_TASK_RETRY_ATTEMPTS = 0;

  /**
   * The run expiry function's memory. Its work is DynamoDB I/O (a read, queries and batched
   * deletes) and no workflow code, so half a gigabyte keeps the JVM comfortable.
   */
  static final int RUN_EXPIRY_MEMORY_MB = 512;

  /**
   * The run expiry function's timeout, in seconds. A long history takes many batched deletes; an
   * invocation that times out is retried, and as a purge is idempotent the retry carries on with
   * what is left.
   */
  static final int RUN_EXPIRY_TIMEOUT_SECONDS = 300;

  /**
   * How many deleted runs one invocation of the run expiry function takes at most. They are purged
   * one after another within the timeout: twenty leaves each run fifteen seconds, hundreds of
   * batched deletes, and a batch cut short by the timeout has little to redo.
   */
  static final int RUN_EXPIRY_BATCH_SIZE = 20;

  /**
   * How many times the stream's event source mapping retries a batch that keeps failing. A purge
   * the handler reports as failed is retried from its own record; an invocation that fails as a
   * whole (it timed out or crashed) has its batch halved on each retry, which narrows twenty
   * records down to the one at fault in five retries and leaves that record five more.
   */
  static final int RUN_EXPIRY_RETRY_ATTEMPTS = 10;

  /**
   * How old a deletion in the runs table's stream may grow, in hours, before the event source
   * mapping stops retrying it and parks a description of its batch in the failed invocations queue.
   * That description names the batch's place in the stream, not its runs, and the stream keeps
   * records for 24 hours: six hours of retries leave an operator at least eighteen to read the runs
   * from the stream.
   */
  static final int RUN_EXPIRY_MAX_RECORD_AGE_HOURS = 6;

  private final TriggerflowEngineProps props;
  private final Code code;
  private final EventBus bus;
  private final Queue ruleDeadLetterQueue;
  private final Queue failedInvocations;
  private final Table runs;
  private final Table history;
  private final Table triggers;
  private final Table deadLetters;
  private final Bucket accessLogs;
  private final Bucket payloads;
  private final ScheduleGroup timers;
  private final Role schedulerRole;
  private final EngineFunction orchestrator;
  private final EngineFunction trigger;
  private final EngineFunction runExpiry;
  private final Rule engineRule;
  private final Rule destinationsRule;
  private final TaskRoutingEnvironment taskRouting = new TaskRoutingEnvironment();
  private final EngineMonitoring monitoring;
  private final List<TaskFunction> taskFunctions = new ArrayList<>();
  private TaskFunction defaultTaskFunction;

  /**
   * Defines the engine.
   *
   * @throws IllegalArgumentException when no code is given and the deployable jar is not at the
   *     code path
   */
  public TriggerflowEngine(Construct scope, String id, TriggerflowEngineProps props) {
    super(scope, id);
    this.props = Objects.requireNonNull(props, "props");
    requireOnlyEngineInStack();
    this.code = props.code() != null ? props.code() : codeAt(props.codePath());

    bus = EventBus.Builder.create(this, "Bus").description("Triggerflow engine events").build();

    ruleDeadLetterQueue = deadLetterQueue("RuleDeadLetterQueue");
    failedInvocations = deadLetterQueue("FailedInvocations");

    runs =
        tableBuilder("Runs", false)
            // The run expiry function learns from this stream which runs are gone; a run's key is
            // all it needs to find the run's items in the other tables.
            .stream(StreamViewType.KEYS_ONLY)
            .build();
    runs.addGlobalSecondaryIndex(
        GlobalSecondaryIndexProps.builder()
            .indexName(AwsContract.RUNS_BY_WORKFLOW_INDEX)
            .partitionKey(stringKey(AwsContract.RUNS_BY_WORKFLOW_PARTITION_KEY))
            .sortKey(stringKey(AwsContract.RUNS_BY_WORKFLOW_SORT_KEY))
            // Listing runs shows their status and times; projecting everything saves a read of
            // each listed run.
            .projectionType(ProjectionType.ALL)
            .build());
    history = table("History", true);
    triggers = table("Triggers", true);
    deadLetters = table("DeadLetters", true);

    accessLogs = accessLogBucket();
    payloads = payloadBucket();

    timers =
        ScheduleGroup.Builder.create(this, "Timers").removalPolicy(props.removalPolicy()).build();
    schedulerRole = schedulerRole();

    orchestrator = createOrchestrator();
    taskRouting.addStarter(
        "orchestrator", orchestrator.function(), orchestrator.environment(), deployTimeSizes());
    trigger = createTrigger();
    // Native workflows have no orchestrator: the trigger function starts their steps' tasks.
    taskRouting.addStarter(
        "trigger function", trigger.function(), trigger.environment(), deployTimeSizes());
    runExpiry = createRunExpiry();
    engineRule = ruleToTrigger("EngineRule", EngineEvents.RULE_PATTERN, "Triggerflow events");
    // Made with the engine, not with the first task: the records it carries are how a task
    // function that crashed or timed out fails its call, and how a foreign task reports at all.
    destinationsRule =
        ruleToTrigger(
            "LambdaDestinationsRule",
            LambdaDestinations.RULE_PATTERN,
            "Lambda Destinations records of task functions");

    monitoring = createMonitoring();
    outputs();
    NagSuppressionCatalog.applyToEngine(this);
    getNode().addValidation(taskRouting::sizeErrors);
  }

  /** The outputs carry fixed names, so a second engine would overwrite the first one's. */
  private void requireOnlyEngineInStack() {
    for (IConstruct other : Stack.of(this).getNode().findAll()) {
      if (other instanceof TriggerflowEngine && other != this) {
        throw new IllegalArgumentException(
            "a stack holds at most one Triggerflow engine, and "
                + other.getNode().getPath()
                + " is already in "
                + Stack.of(this).getStackName()
                + "; put this one in a stack of its own");
      }
    }
  }

  private static Code codeAt(String path) {
    Path jar = Path.of(path);
    if (!Files.exists(jar)) {
      throw new IllegalArgumentException(
          "The deployable jar was not found at "
              + jar.toAbsolutePath().normalize()
              + ". Build it first (./mvnw -pl lambda-runtime -am package) or point codePath or"
              + " code at the jar that holds the Lambda runtime and your registry provider.");
    }
    return Code.fromAsset(path);
  }

  // ----- stateful resources -----

  /**
   * A queue that parks what the engine could not deliver: encrypted, TLS only, and kept for the
   * fourteen days SQS allows so that an operator has time to redrive it.
   */
  private Queue deadLetterQueue(String id) {
    return Queue.Builder.create(this, id)
        .encryption(QueueEncryption.SQS_MANAGED)
        .enforceSsl(true)
        .retentionPeriod(Duration.days(14))
        .removalPolicy(props.removalPolicy())
        .build();
  }

  private Table table(String id, boolean withSortKey) {
    return tableBuilder(id, withSortKey).build();
  }

  private Table.Builder tableBuilder(String id, boolean withSortKey) {
    Table.Builder builder =
        Table.Builder.create(this, id)
            .partitionKey(stringKey(AwsContract.PARTITION_KEY))
            // On demand: a workflow engine's load follows its runs, bursts and idles; nothing to
            // size in advance and nothing billed while no run is active.
            .billingMode(BillingMode.PAY_PER_REQUEST)
            .timeToLiveAttribute(AwsContract.TTL_ATTRIBUTE)
            .pointInTimeRecoverySpecification(
                PointInTimeRecoverySpecification.builder().pointInTimeRecoveryEnabled(true).build())
            // Stated rather than left to the default so that the template itself shows it: a KMS
            // key AWS manages for DynamoDB, which the functions use without any KMS grant.
            .encryption(TableEncryption.AWS_MANAGED)
            .removalPolicy(props.removalPolicy());
    if (withSortKey) {
      builder.sortKey(stringKey(AwsContract.SORT_KEY));
    }
    return builder;
  }

  private static Attribute stringKey(String name) {
    return Attribute.builder().name(name).type(AttributeType.STRING).build();
  }

  private Bucket accessLogBucket() {
    return Bucket.Builder.create(this, "AccessLogs")
        // S3 delivers server access logs only to buckets encrypted with S3-managed keys.
        .encryption(BucketEncryption.S3_MANAGED)
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
        .enforceSsl(true)
        .minimumTlsVersion(1.2)
        .lifecycleRules(
            List.of(
                LifecycleRule.builder()
                    .id("expire-access-logs")
                    .expiration(props.payloadExpiration())
                    .build()))
        .removalPolicy(props.removalPolicy())
        .build();
  }

  private Bucket payloadBucket() {
    Bucket bucket =
        Bucket.Builder.create(this, "Payloads")
            .encryption(BucketEncryption.S3_MANAGED)
            .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
            .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
            .enforceSsl(true)
            .minimumTlsVersion(1.2)
            .lifecycleRules(
                List.of(
                    // Payloads live as long as the runs that reference them may be read; the engine
                    // never deletes them itself, so expiry is what keeps the bucket from growing.
                    LifecycleRule.builder()
                        .id("expire-payloads")
                        .expiration(props.payloadExpiration())
                        .abortIncompleteMultipartUploadAfter(Duration.days(1))
                        .build()))
            .removalPolicy(props.removalPolicy())
            .build();
    logAccessTo(bucket, "payloads/");
    return bucket;
  }

  /**
   * Sends a bucket's server access logs to the access-log bucket. Delivery is authorised by a
   * bucket policy naming the logging service, the source bucket and this account, not by the legacy
   * log-delivery ACL, which buckets that enforce owner-only object ownership refuse.
   */
  private void logAccessTo(Bucket source, String prefix) {
    ((CfnBucket) source.getNode().getDefaultChild())
        .setLoggingConfiguration(
            CfnBucket.LoggingConfigurationProperty.builder()
                .destinationBucketName(accessLogs.getBucketName())
                .logFilePrefix(prefix)
                .build());
    accessLogs.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .sid("ServerAccessLogsFrom" + source.getNode().getId())
            .principals(List.of(new ServicePrincipal("logging.s3.amazonaws.com")))
            .actions(List.of("s3:PutObject"))
            .resources(List.of(accessLogs.arnForObjects(prefix + "*")))
            .conditions(
                Map.of(
                    "ArnLike",
                    Map.of("aws:SourceArn", source.getBucketArn()),
                    "StringEquals",
                    Map.of("aws:SourceAccount", Aws.ACCOUNT_ID)))
            .build());
  }

  /**
   * The role EventBridge Scheduler assumes to put a timer's event on the bus. The trust is limited
   * to this account's schedules in this engine's group, so no other schedule can borrow it.
   */
  private Role schedulerRole() {
    Role role =
        Role.Builder.create(this, "SchedulerRole")
            .description("EventBridge Scheduler puts Triggerflow timer events on the bus")
            .assumedBy(
                new ServicePrincipal(
                    "scheduler.amazonaws.com",
                    ServicePrincipalOpts.builder()
                        .conditions(
                            Map.of(
                                "StringEquals",
                                Map.of("aws:SourceAccount", Aws.ACCOUNT_ID),
                                "ArnEquals",
                                Map.of("aws:SourceArn", timers.getScheduleGroupArn())))
                        .build()))
            .build();
    bus.grantPutEventsTo(role);
    return role;
  }

  // ----- functions -----

  private EngineFunction createOrchestrator() {
    // The orchestrator invokes itself. Its name is fixed at synth time (derived from the stack
    // and this construct's path, so two deployments never collide) because a function cannot
    // otherwise refer to its own name or ARN in its environment or policy: CloudFormation would
    // see a cycle.
    String name =
        Names.uniqueResourceName(
                this,
                UniqueResourceNameOptions.builder()
                    .maxLength(64 - "-orchestrator".length())
                    .separator("-")
                    .allowedSpecialCharacters("-_")
                    .build())
            + "-orchestrator";
    String selfArn =
        Stack.of(this)
            .formatArn(
                ArnComponents.builder()
                    .service("lambda")
                    .resource("function")
                    .resourceName(props.snapStart() ? name + ":" + EngineFunction.ALIAS : name)
                    .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                    .build());

    Map<String, String> env = commonEnvironment();
    env.put(AwsContract.ENV_RUNS_TABLE, runs.getTableName());
    env.put(AwsContract.ENV_HISTORY_TABLE, history.getTableName());
    env.put(AwsContract.ENV_TRIGGERS_TABLE, triggers.getTableName());
    // An event the run cannot apply (for a call it never made, or of a kind the call does not
    // take) is dead-lettered by the orchestrator, not only by the trigger function.
    env.put(AwsContract.ENV_DEAD_LETTER_TABLE, deadLetters.getTableName());
    env.put(AwsContract.ENV_ORCHESTRATOR_FUNCTION, selfArn);
    env.put(AwsContract.ENV_SCHEDULER_GROUP, timers.getScheduleGroupName());
    env.put(AwsContract.ENV_SCHEDULER_ROLE_ARN, schedulerRole.getRoleArn());
    env.put(AwsContract.ENV_EVENT_BUS_ARN, bus.getEventBusArn());
    env.put(AwsContract.ENV_RETENTION_DAYS, retentionDays());
    env.put(ENV_JAVA_TOOL_OPTIONS, JAVA_TOOL_OPTIONS);

    EngineFunction fn =
        new EngineFunction(
            this,
            "Orchestrator",
            engineSpec(
                "Triggerflow orchestrator: replays a run and dispatches its new calls",
                AwsContract.ORCHESTRATOR_HANDLER,
                props.orchestratorMemorySize(),
                props.orchestratorTimeout(),
                env,
                name,
                failedInvocationsQueue()));

    fn.allow(tableItems(runs, history, triggers));
    // The orchestrator only adds dead letters; listing them is for operators and the CLI, with
    // their own credentials.
    fn.allow(onTables(List.of("dynamodb:PutItem"), deadLetters));
    fn.allow(invoke(selfArn));
    bus.grantPutEventsTo(fn.role());
    fn.allow(objects(List.of("s3:GetObject", "s3:PutObject")));
    fn.allow(
        PolicyStatement.Builder.create()
            .actions(List.of("scheduler:CreateSchedule", "scheduler:DeleteSchedule"))
            .resources(List.of(schedulesInGroup()))
            .build());
    fn.allow(
        PolicyStatement.Builder.create()
            .actions(List.of("iam:PassRole"))
            .resources(List.of(schedulerRole.getRoleArn()))
            .conditions(
                Map.of("StringEquals", Map.of("iam:PassedToService", "scheduler.amazonaws.com")))
            .build());
    return fn;
  }

  private EngineFunction createTrigger() {
    Map<String, String> env = commonEnvironment();
    env.put(AwsContract.ENV_RUNS_TABLE, runs.getTableName());
    env.put(AwsContract.ENV_TRIGGERS_TABLE, triggers.getTableName());
    env.put(AwsContract.ENV_DEAD_LETTER_TABLE, deadLetters.getTableName());
    env.put(AwsContract.ENV_ORCHESTRATOR_FUNCTION, orchestrator.target().getFunctionArn());
    env.put(AwsContract.ENV_RETENTION_DAYS, retentionDays());
    env.put(ENV_JAVA_TOOL_OPTIONS, JAVA_TOOL_OPTIONS);

    EngineFunction fn =
        new EngineFunction(
            this,
            "Trigger",
            engineSpec(
                "Triggerflow trigger processor: evaluates triggers, wakes runs, starts the tasks"
                    + " of native workflows",
                AwsContract.TRIGGER_HANDLER,
                props.triggerMemorySize(),
                props.triggerTimeout(),
                env,
                null,
                failedInvocationsQueue()));

    fn.allow(tableItems(runs, triggers, deadLetters));
    // The task functions it starts for native workflows are added with them (addTask and
    // addForeignTask).
    fn.allow(invoke(orchestrator.target().getFunctionArn()));
    // Actions publish events, and a task it cannot start fails its call with an event.
    bus.grantPutEventsTo(fn.role());
    // It reads payloads that travel by reference (such as a foreign task's input, which that
    // function receives inline), and writes none.
    fn.allow(objects(List.of("s3:GetObject")));
    return fn;
  }

  /**
   * The function that clears away what a run leaves behind once its record is gone: DynamoDB's TTL
   * deletes a finished run's record after the retention period, but the run's history, its pending
   * events and any trigger left over have no TTL. The runs table's stream, filtered to deletions,
   * hands it the deleted runs' keys.
   */
  private EngineFunction createRunExpiry() {
    // Only the tables: it runs no workflow or task code, so it needs neither the registry provider
    // nor the bus nor the payload bucket. The retention dates the dead letters it writes, like
    // those of the other functions.
    Map<String, String> env = new LinkedHashMap<>();
    env.put(AwsContract.ENV_RUNS_TABLE, runs.getTableName());
    env.put(AwsContract.ENV_HISTORY_TABLE, history.getTableName());
    env.put(AwsContract.ENV_TRIGGERS_TABLE, triggers.getTableName());
    env.put(AwsContract.ENV_DEAD_LETTER_TABLE, deadLetters.getTableName());
    env.put(AwsContract.ENV_RETENTION_DAYS, retentionDays());

    EngineFunction fn =
        new EngineFunction(
            this,
            "RunExpiry",
            new EngineFunction.Spec(
                "Triggerflow run expiry: deletes the history, pending events and triggers of runs"
                    + " whose records are gone",
                AwsContract.RUN_EXPIRY_HANDLER,
                code,
                RUN_EXPIRY_MEMORY_MB,
                Duration.seconds(RUN_EXPIRY_TIMEOUT_SECONDS),
                props.architecture(),
                // Never SnapStart: the function runs when runs expire, for seconds to minutes, and
                // nothing waits on it, so a cold start costs nothing that matters; SnapStart would
                // only add a published version and an alias on every deploy.
                false,
                env,
                props.logRetention(),
                props.removalPolicy(),
                // Only the stream's event source mapping invokes it, synchronously; the mapping
                // retries and parks failed batches itself.
                null,
                null));

    // It checks that a run has not come back before purging it.
    fn.allow(onTables(List.of("dynamodb:GetItem"), runs));
    fn.allow(
        onTables(
            List.of("dynamodb:Query", "dynamodb:BatchWriteItem", "dynamodb:DeleteItem"),
            history,
            triggers));
    // A stream record it cannot read is kept as a dead letter.
    fn.allow(onTables(List.of("dynamodb:PutItem"), deadLetters));

    // The event source grants the stream reads Lambda makes on the function's behalf:
    // DescribeStream, GetShardIterator and GetRecords on the stream, and ListStreams, which has no
    // resource-level permissions, on "*".
    fn.function()
        .addEventSource(
            new DynamoEventSource(
                runs,
                DynamoEventSourceProps.builder()
                    // From the oldest record the stream keeps, so that the runs that expired while
                    // the mapping was being created are purged too.
                    .startingPosition(StartingPosition.TRIM_HORIZON)
                    .batchSize(RUN_EXPIRY_BATCH_SIZE)
                    // The handler names the record a purge failed at, and Lambda retries from
                    // there, so the purges before it are not repeated.
                    .reportBatchItemFailures(true)
                    .bisectBatchOnError(true)
                    .retryAttempts(RUN_EXPIRY_RETRY_ATTEMPTS)
                    .maxRecordAge(Duration.hours(RUN_EXPIRY_MAX_RECORD_AGE_HOURS))
                    .onFailure(new SendOnlyEventSourceDlq(failedInvocations))
                    // Inserts and updates (every step of every run) never invoke the function.
                    .filters(
                        List.of(
                            FilterCriteria.filter(
                                Map.of(
                                    "eventName",
                                    FilterRule.isEqual(AwsContract.RUN_EXPIRY_STREAM_EVENT)))))
                    .build()));
    return fn;
  }

  /** The variables every engine function reads. */
  private Map<String, String> commonEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(AwsContract.ENV_REGISTRY_PROVIDER, props.registryProvider());
    env.put(AwsContract.ENV_EVENT_BUS, bus.getEventBusName());
    env.put(AwsContract.ENV_PAYLOAD_BUCKET, payloads.getBucketName());
    if (props.payloadThresholdBytes() != null) {
      env.put(AwsContract.ENV_PAYLOAD_THRESHOLD_BYTES, props.payloadThresholdBytes().toString());
    }
    return env;
  }

  /**
   * The estimated size of each variable of the orchestrator and the trigger function that
   * CloudFormation fills in at deploy time, for the check that their environments fit Lambda's
   * limit.
   */
  private static Map<String, Integer> deployTimeSizes() {
    int generatedName = TaskRoutingEnvironment.GENERATED_NAME;
    int arnPrefix = TaskRoutingEnvironment.ARN_PREFIX;
    return Map.of(
        AwsContract.ENV_EVENT_BUS,
        generatedName,
        AwsContract.ENV_PAYLOAD_BUCKET,
        TaskRoutingEnvironment.BUCKET_NAME,
        AwsContract.ENV_RUNS_TABLE,
        generatedName,
        AwsContract.ENV_HISTORY_TABLE,
        generatedName,
        AwsContract.ENV_TRIGGERS_TABLE,
        generatedName,
        AwsContract.ENV_DEAD_LETTER_TABLE,
        generatedName,
        AwsContract.ENV_ORCHESTRATOR_FUNCTION,
        TaskRoutingEnvironment.FUNCTION_ARN,
        AwsContract.ENV_SCHEDULER_ROLE_ARN,
        arnPrefix + "role/".length() + TaskRoutingEnvironment.FUNCTION_OR_ROLE_NAME,
        AwsContract.ENV_EVENT_BUS_ARN,
        arnPrefix + "event-bus/".length() + generatedName);
  }

  /** Where the orchestrator's and the trigger's failed asynchronous invocations are parked. */
  private IDestination failedInvocationsQueue() {
    return new SendOnlyQueueDestination(failedInvocations);
  }

  private String retentionDays() {
    return Long.toString(Math.round(props.retention().toDays().doubleValue()));
  }

  private EngineFunction.Spec engineSpec(
      String description,
      String handler,
      int memorySize,
      Duration timeout,
      Map<String, String> env,
      String functionName,
      IDestination onFailure) {
    return new EngineFunction.Spec(
        description,
        handler,
        code,
        memorySize,
        timeout,
        props.architecture(),
        props.snapStart(),
        env,
        props.logRetention(),
        props.removalPolicy(),
        new EngineFunction.AsyncInvoke(
            props.asyncRetryAttempts(), props.asyncMaxEventAge(), onFailure),
        functionName);
  }

  private String schedulesInGroup() {
    return Stack.of(this)
        .formatArn(
            ArnComponents.builder()
                .service("scheduler")
                .resource("schedule")
                // Schedule names are derived from run and call ids while runs execute, so the
                // grant names the engine's group and leaves the schedule name open.
                .resourceName(timers.getScheduleGroupName() + "/*")
                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                .build());
  }

  private static PolicyStatement tableItems(Table... tables) {
    return onTables(TABLE_ITEM_ACTIONS, tables);
  }

  /** The given actions on the given tables themselves (not on their indexes or streams). */
  private static PolicyStatement onTables(List<String> actions, Table... tables) {
    List<String> arns = new ArrayList<>();
    for (Table table : tables) {
      arns.add(table.getTableArn());
    }
    return PolicyStatement.Builder.create().actions(actions).resources(arns).build();
  }

  private static PolicyStatement invoke(String functionArn) {
    return PolicyStatement.Builder.create()
        .actions(List.of("lambda:InvokeFunction"))
        .resources(List.of(functionArn))
        .build();
  }

  /** Object-level actions on the payload bucket's objects, never on the bucket itself. */
  private PolicyStatement objects(List<String> actions) {
    return PolicyStatement.Builder.create()
        .actions(actions)
        .resources(List.of(payloads.arnForObjects("*")))
        .build();
  }

  // ----- rules -----

  /**
   * A rule on the engine's bus that hands matching events to the trigger function. The pattern is
   * set verbatim from shared JSON: the typed pattern of the rule construct cannot express content
   * filters such as a prefix, and using the one text keeps the rule and the runtime in step.
   */
  private Rule ruleToTrigger(String id, String patternJson, String description) {
    Map<String, Object> pattern = parsePattern(patternJson);
    Rule rule =
        Rule.Builder.create(this, id)
            .eventBus(bus)
            .description(description + " to the trigger function")
            // A placeholder the override below replaces; the rule construct requires a pattern.
            .eventPattern(EventPattern.builder().source(sources(pattern)).build())
            .targets(
                List.of(
                    new LambdaFunction(
                        trigger.target(),
                        LambdaFunctionProps.builder()
                            .retryAttempts(props.ruleRetryAttempts())
                            .maxEventAge(props.ruleMaxEventAge())
                            .deadLetterQueue(ruleDeadLetterQueue)
                            .build())))
            .build();
    ((CfnRule) rule.getNode().getDefaultChild()).addPropertyOverride("EventPattern", pattern);
    return rule;
  }

  static Map<String, Object> parsePattern(String json) {
    try {
      return Json.mapper().readValue(json, new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the event pattern is not JSON: " + json, e);
    }
  }

  private static List<String> sources(Map<String, Object> pattern) {
    Object source = pattern.get("source");
    if (!(source instanceof List<?> values)) {
      throw new IllegalStateException("the event pattern names no source: " + pattern);
    }
    return values.stream().map(String::valueOf).collect(Collectors.toList());
  }

  // ----- tasks -----

  /**
   * Adds a function that runs the given Java tasks with the engine's task handler, and maps each of
   * its tasks to it in the task map of the functions that start tasks: the orchestrator, and the
   * trigger function, which starts the steps of native workflows. The function may put events on
   * the bus and read and write payloads; the orchestrator and the trigger function may invoke it.
   *
   * <p>An invocation that fails without reporting (the function crashed, ran out of memory or timed
   * out; a task that throws is reported by the handler as a failed call) is retried by Lambda as
   * {@link TaskFunctionProps#retryAttempts()} says, then its failure record goes to the engine's
   * bus, where the Lambda Destinations rule hands it to the trigger function, which fails the call.
   * The run learns of the failure instead of waiting for a result that never comes.
   *
   * @throws IllegalArgumentException when a task is already mapped, or a second default function is
   *     added
   */
  public TaskFunction addTask(String id, TaskFunctionProps taskProps) {
    Objects.requireNonNull(taskProps, "taskProps");
    for (String task : taskProps.tasks()) {
      requireUnmapped(task);
    }
    if (taskProps.defaultFunction() && defaultTaskFunction != null) {
      throw new IllegalArgumentException(
          "only one task function can be the default; "
              + defaultTaskFunction.node().getPath()
              + " already is");
    }

    String description =
        taskProps.description() != null
            ? taskProps.description()
            : "Triggerflow tasks: " + String.join(", ", taskProps.tasks());
    EngineFunction fn =
        new EngineFunction(
            this,
            id,
            new EngineFunction.Spec(
                description,
                AwsContract.TASK_HANDLER,
                taskProps.code() != null ? taskProps.code() : code,
                taskProps.memorySize(),
                taskProps.timeout(),
                props.architecture(),
                props.snapStart(),
                commonEnvironment(),
                props.logRetention(),
                props.removalPolicy(),
                new EngineFunction.AsyncInvoke(
                    taskProps.retryAttempts(),
                    props.asyncMaxEventAge(),
                    new EventBridgeDestination(bus)),
                null));
    bus.grantPutEventsTo(fn.role());
    fn.allow(objects(List.of("s3:GetObject", "s3:PutObject")));
    NagSuppressionCatalog.applyToTaskFunction(this, fn);

    TaskFunction taskFunction = new TaskFunction(fn, taskProps.tasks());
    taskFunctions.add(taskFunction);
    monitoring.addFunction(id, fn.function());
    String target = fn.target().getFunctionName();
    allowStartingTasksOn(fn.target().getFunctionArn());
    for (String task : taskProps.tasks()) {
      taskRouting.mapTask(task, target);
    }
    if (taskProps.defaultFunction()) {
      defaultTaskFunction = taskFunction;
      taskRouting.setDefaultTaskFunction(target);
    }
    return taskFunction;
  }

  /**
   * Maps a task to an existing Lambda function in any language, and lists it among the foreign
   * tasks, both in the environment of the orchestrator and of the trigger function (which starts
   * the steps of native workflows). Either invokes it asynchronously with the call's input plus a
   * field naming the run and call; Lambda reports the outcome through the function's destinations,
   * which this wires to the engine's bus, and the Lambda Destinations rule hands those records to
   * the trigger function. The function's role is granted {@code events:PutEvents} on the bus, which
   * Lambda needs to deliver them.
   *
   * <p>Lambda does not retry a failed invocation: a foreign function reports a failed task by
   * failing, so a retry would run a task that has already failed, and the workflow's retry policy
   * is what decides whether to try again.
   *
   * <p>A function has one asynchronous-invocation configuration per qualifier; this replaces any
   * other, so a function (or alias) should serve as a foreign task of one engine only.
   *
   * @throws IllegalArgumentException when the task is already mapped or the function's role is
   *     unknown (import it with {@code Function.fromFunctionAttributes} and its role)
   */
  public void addForeignTask(String taskName, IFunction function) {
    Objects.requireNonNull(function, "function");
    requireUnmapped(taskName);
    IRole role = function.getRole();
    if (role == null) {
      throw new IllegalArgumentException(
          "the role of foreign task '"
              + taskName
              + "' is unknown, so it cannot be allowed to report to the engine's bus; import the"
              + " function with Function.fromFunctionAttributes(..., role)");
    }

    EventBridgeDestination toBus = new EventBridgeDestination(bus);
    function.configureAsyncInvoke(
        EventInvokeConfigOptions.builder()
            .retryAttempts(FOREIGN_TASK_RETRY_ATTEMPTS)
            .maxEventAge(props.asyncMaxEventAge())
            .onSuccess(toBus)
            .onFailure(toBus)
            .build());
    allowStartingTasksOn(function.getFunctionArn());
    taskRouting.mapForeignTask(taskName, function.getFunctionArn());
    monitoring.addFunction(taskName + " (foreign)", function);
  }

  /** Lets the functions that start tasks (the orchestrator and the trigger) invoke a task's. */
  private void allowStartingTasksOn(String functionArn) {
    orchestrator.allow(invoke(functionArn));
    trigger.allow(invoke(functionArn));
  }

  private void requireUnmapped(String task) {
    TaskFunctionProps.checkTaskName(task);
    if (taskRouting.isMapped(task)) {
      throw new IllegalArgumentException("task '" + task + "' is already mapped to a function");
    }
  }

  // ----- monitoring -----

  private EngineMonitoring createMonitoring() {
    Map<String, Rule> rules = new LinkedHashMap<>();
    rules.put("engine events", engineRule);
    rules.put("Lambda Destinations", destinationsRule);
    Map<String, Queue> queues = new LinkedHashMap<>();
    queues.put("rule dead letters", ruleDeadLetterQueue);
    queues.put("failed invocations", failedInvocations);
    Map<String, Table> tables = new LinkedHashMap<>();
    tables.put("runs", runs);
    tables.put("history", history);
    tables.put("triggers", triggers);
    tables.put("dead letters", deadLetters);

    EngineMonitoring m =
        new EngineMonitoring(
            this,
            "Monitoring",
            new EngineMonitoring.Sources(bus, rules, queues, tables, props.alarmTopic()));
    m.addFunction("orchestrator", orchestrator.function());
    m.addFunction("trigger", trigger.function());
    m.addFunction("run expiry", runExpiry.function());
    return m;
  }

  // ----- outputs -----

  private void outputs() {
    output(AwsContract.OUTPUT_EVENT_BUS, bus.getEventBusName(), "The engine's event bus");
    output(AwsContract.OUTPUT_RUNS_TABLE, runs.getTableName(), "The runs table");
    output(AwsContract.OUTPUT_HISTORY_TABLE, history.getTableName(), "The history table");
    output(AwsContract.OUTPUT_TRIGGERS_TABLE, triggers.getTableName(), "The triggers table");
    output(
        AwsContract.OUTPUT_DEAD_LETTER_TABLE, deadLetters.getTableName(), "The dead-letter table");
    output(
        AwsContract.OUTPUT_ORCHESTRATOR_FUNCTION,
        orchestrator.target().getFunctionArn(),
        "What starts and wakes runs: the orchestrator (its live alias with SnapStart)");
    output(AwsContract.OUTPUT_PAYLOAD_BUCKET, payloads.getBucketName(), "The payload bucket");
  }

  private void output(String name, String value, String description) {
    CfnOutput output =
        CfnOutput.Builder.create(this, name).value(value).description(description).build();
    // Clients look outputs up by these names, so they must not carry the construct path's hash.
    output.overrideLogicalId(name);
  }

  // ----- accessors -----

  /** The engine's event bus. */
  public EventBus getEventBus() {
    return bus;
  }

  /** The rule that hands engine events to the trigger function. */
  public Rule getEngineRule() {
    return engineRule;
  }

  /**
   * The rule that hands Lambda Destinations records to the trigger function: the results of foreign
   * tasks, and the failures of task functions that could not report.
   */
  public Rule getLambdaDestinationsRule() {
    return destinationsRule;
  }

  /** The engine's CloudWatch dashboard. */
  public Dashboard getDashboard() {
    return monitoring.dashboard();
  }

  /**
   * The engine's alarms: the depth of each dead-letter queue, failed runs, and events each rule
   * could not deliver. Each notifies {@link TriggerflowEngineProps#alarmTopic()} when one is given;
   * more actions can be added to them.
   */
  public List<Alarm> getAlarms() {
    return monitoring.alarms();
  }

  /** Where EventBridge parks events it could not deliver to the trigger function. */
  public Queue getRuleDeadLetterQueue() {
    return ruleDeadLetterQueue;
  }

  /**
   * Where Lambda parks asynchronous invocations of the orchestrator and the trigger function that
   * kept failing (task functions report theirs to the bus instead, so that the call fails), and
   * where the runs table's stream mapping parks the description of a batch of deleted runs the run
   * expiry function kept failing to purge.
   */
  public Queue getFailedInvocationsQueue() {
    return failedInvocations;
  }

  /** The runs table. */
  public Table getRunsTable() {
    return runs;
  }

  /** The history table. */
  public Table getHistoryTable() {
    return history;
  }

  /** The triggers table. */
  public Table getTriggersTable() {
    return triggers;
  }

  /** The dead-letter table. */
  public Table getDeadLetterTable() {
    return deadLetters;
  }

  /** The payload bucket. */
  public Bucket getPayloadBucket() {
    return payloads;
  }

  /** The bucket that receives the payload bucket's server access logs. */
  public Bucket getAccessLogBucket() {
    return accessLogs;
  }

  /** The Scheduler group holding the engine's durable timers. */
  public ScheduleGroup getTimerGroup() {
    return timers;
  }

  /** The role Scheduler assumes to put timer events on the bus. */
  public Role getSchedulerRole() {
    return schedulerRole;
  }

  /** What invokes the orchestrator: its alias with SnapStart, else the function. */
  public IFunction getOrchestrator() {
    return orchestrator.target();
  }

  /** What the engine rule invokes: the trigger function's alias with SnapStart, else it. */
  public IFunction getTrigger() {
    return trigger.target();
  }

  /**
   * The function that deletes the history, pending events and triggers of runs whose records are
   * gone, invoked by the runs table's stream. It has no alias: it never uses SnapStart.
   */
  public IFunction getRunExpiryFunction() {
    return runExpiry.function();
  }

  /** The Java task functions added so far, in order. */
  public List<TaskFunction> getTaskFunctions() {
    return List.copyOf(taskFunctions);
  }

  EngineFunction orchestratorFunction() {
    return orchestrator;
  }

  EngineFunction triggerFunction() {
    return trigger;
  }

  EngineFunction runExpiryFunction() {
    return runExpiry;
  }

  EngineMonitoring monitoring() {
    return monitoring;
  }

  TaskRoutingEnvironment taskRouting() {
    return taskRouting;
  }
}

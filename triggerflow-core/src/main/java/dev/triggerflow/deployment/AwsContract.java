package dev.triggerflow.deployment;

/**
 * The one definition of how an AWS deployment is wired: the handler classes the functions run, the
 * environment variables they read, and the key schema of the tables. The Lambda runtime reads these
 * names and the CDK construct writes them, both from here, so the two cannot drift apart. (The
 * EventBridge source, detail types and rule pattern are in {@code EngineEvents}.)
 */
public final class AwsContract {
  private AwsContract() {}

  /** The orchestrator function's handler. */
  public static final String ORCHESTRATOR_HANDLER =
      "dev.triggerflow.aws.handler.OrchestratorHandler::handleRequest";

  /** The trigger function's handler, the target of the engine rule. */
  public static final String TRIGGER_HANDLER =
      "dev.triggerflow.aws.handler.TriggerHandler::handleRequest";

  /**
   * The handler of the function that clears away a run's history, pending events and triggers once
   * DynamoDB's TTL has deleted its record. It takes the runs table's stream, filtered to deletions.
   */
  public static final String RUN_EXPIRY_HANDLER =
      "dev.triggerflow.aws.handler.RunExpiryHandler::handleRequest";

  /**
   * The kind of runs-table stream record the run expiry function acts on (a deleted run record),
   * and the one the deployment's event source mapping lets through.
   */
  public static final String RUN_EXPIRY_STREAM_EVENT = "REMOVE";

  /** The handler of a task function that runs registered Java tasks. */
  public static final String TASK_HANDLER =
      "dev.triggerflow.aws.handler.TaskHandler::handleRequest";

  /**
   * The fully qualified name of the class (implementing {@code RegistryProvider}) that lists the
   * deployment's workflows and tasks. Set by the deployment, never read from an event.
   */
  public static final String ENV_REGISTRY_PROVIDER = "TRIGGERFLOW_REGISTRY_PROVIDER";

  /** The runs table's name. */
  public static final String ENV_RUNS_TABLE = "TRIGGERFLOW_RUNS_TABLE";

  /** The history table's name. */
  public static final String ENV_HISTORY_TABLE = "TRIGGERFLOW_HISTORY_TABLE";

  /** The triggers table's name; it also holds the runs' pending events (the inbox). */
  public static final String ENV_TRIGGERS_TABLE = "TRIGGERFLOW_TRIGGERS_TABLE";

  /** The dead-letter table's name. */
  public static final String ENV_DEAD_LETTER_TABLE = "TRIGGERFLOW_DEAD_LETTER_TABLE";

  /** The EventBridge bus's name. */
  public static final String ENV_EVENT_BUS = "TRIGGERFLOW_EVENT_BUS";

  /**
   * The EventBridge bus's ARN, for the targets of timer schedules (set on the functions that create
   * schedules).
   */
  public static final String ENV_EVENT_BUS_ARN = "TRIGGERFLOW_EVENT_BUS_ARN";

  /**
   * How long an orchestrator's lease on a run lasts, in seconds. The orchestrator function's
   * timeout must stay below it, or a wake still running could lose its lease to the next one.
   */
  public static final int ORCHESTRATOR_LEASE_SECONDS = 60;

  /**
   * How long after a trigger fired a redelivery of the event that fired it leaves the action to the
   * delivery that may still be running it, in seconds; likewise, how long after an event's time a
   * redelivery of an event still waiting in its run's inbox leaves the wake to the first delivery.
   * The trigger function's timeout must stay below it, and Lambda's first retry of a failed
   * asynchronous invocation (about a minute) comes after it, so a crashed delivery is repaired.
   */
  public static final int TRIGGER_ACTION_GRACE_SECONDS = 30;

  /** The orchestrator function's name or ARN. */
  public static final String ENV_ORCHESTRATOR_FUNCTION = "TRIGGERFLOW_ORCHESTRATOR_FUNCTION";

  /**
   * Where each task runs: {@code name=functionNameOrArn} pairs separated by commas. Tasks not
   * listed run on {@link #ENV_DEFAULT_TASK_FUNCTION}.
   */
  public static final String ENV_TASK_FUNCTIONS = "TRIGGERFLOW_TASK_FUNCTIONS";

  /**
   * The tasks, separated by commas, that are foreign: existing functions invoked with the call's
   * input plus a field naming the run and call, whose results come back as Lambda Destinations
   * records (see {@code LambdaDestinations}).
   */
  public static final String ENV_FOREIGN_TASKS = "TRIGGERFLOW_FOREIGN_TASKS";

  /** The function that runs tasks not listed in {@link #ENV_TASK_FUNCTIONS}. */
  public static final String ENV_DEFAULT_TASK_FUNCTION = "TRIGGERFLOW_DEFAULT_TASK_FUNCTION";

  /** The S3 bucket for payloads too large to travel inline. */
  public static final String ENV_PAYLOAD_BUCKET = "TRIGGERFLOW_PAYLOAD_BUCKET";

  /** The size in bytes above which a payload travels by reference (optional). */
  public static final String ENV_PAYLOAD_THRESHOLD_BYTES = "TRIGGERFLOW_PAYLOAD_THRESHOLD_BYTES";

  /** The EventBridge Scheduler group for durable timers. */
  public static final String ENV_SCHEDULER_GROUP = "TRIGGERFLOW_SCHEDULER_GROUP";

  /** The role EventBridge Scheduler assumes to put timer events on the bus. */
  public static final String ENV_SCHEDULER_ROLE_ARN = "TRIGGERFLOW_SCHEDULER_ROLE_ARN";

  /** How long finished runs are kept before DynamoDB's TTL deletes them, in days (optional). */
  public static final String ENV_RETENTION_DAYS = "TRIGGERFLOW_RETENTION_DAYS";

  /** The partition key of every table: a string. */
  public static final String PARTITION_KEY = "pk";

  /** The sort key of the history, triggers and dead-letter tables: a string. */
  public static final String SORT_KEY = "sk";

  /** The TTL attribute of every table, in epoch seconds. */
  public static final String TTL_ATTRIBUTE = "expiresAt";

  /** The runs table's index for listing runs by workflow. */
  public static final String RUNS_BY_WORKFLOW_INDEX = "byWorkflow";

  /** The partition key of {@link #RUNS_BY_WORKFLOW_INDEX}: the workflow name, a string. */
  public static final String RUNS_BY_WORKFLOW_PARTITION_KEY = "workflow";

  /** The sort key of {@link #RUNS_BY_WORKFLOW_INDEX}: the ISO-8601 creation time, a string. */
  public static final String RUNS_BY_WORKFLOW_SORT_KEY = "createdAt";

  /** The CloudFormation output naming the stack's event bus. */
  public static final String OUTPUT_EVENT_BUS = "TriggerflowEventBusName";

  /** The CloudFormation output naming the runs table. */
  public static final String OUTPUT_RUNS_TABLE = "TriggerflowRunsTable";

  /** The CloudFormation output naming the history table. */
  public static final String OUTPUT_HISTORY_TABLE = "TriggerflowHistoryTable";

  /** The CloudFormation output naming the triggers table. */
  public static final String OUTPUT_TRIGGERS_TABLE = "TriggerflowTriggersTable";

  /** The CloudFormation output naming the dead-letter table. */
  public static final String OUTPUT_DEAD_LETTER_TABLE = "TriggerflowDeadLetterTable";

  /** The CloudFormation output naming the orchestrator function. */
  public static final String OUTPUT_ORCHESTRATOR_FUNCTION = "TriggerflowOrchestratorFunction";

  /** The CloudFormation output naming the payload bucket. */
  public static final String OUTPUT_PAYLOAD_BUCKET = "TriggerflowPayloadBucket";
}

package dev.triggerflow.cdk;

import dev.triggerflow.deployment.AwsContract;
import java.util.Objects;
import java.util.regex.Pattern;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.sns.ITopic;

/**
 * The configuration of a {@link TriggerflowEngine}. Only the registry provider is required; every
 * other setting has a default chosen for a production deployment. Build with {@link #builder()};
 * the builder rejects values AWS would reject at deploy time, so mistakes surface at synth time.
 */
public final class TriggerflowEngineProps {
  /**
   * Where the deployable jar is expected when neither {@link Builder#code} nor {@link
   * Builder#codePath} is given: the shaded jar of the Lambda runtime module, relative to the cdk
   * module (the directory the CDK CLI runs the app from).
   */
  public static final String DEFAULT_CODE_PATH =
      "../lambda-runtime/target/triggerflow-lambda-runtime-0.1.0-SNAPSHOT-aws.jar";

  /** How long finished runs are kept when {@link Builder#retention} is not given. */
  public static final int DEFAULT_RETENTION_DAYS = 30;

  /** How long large payloads are kept when {@link Builder#payloadExpiration} is not given. */
  public static final int DEFAULT_PAYLOAD_EXPIRATION_DAYS = 90;

  /**
   * The orchestrator's default memory. Replay deserialises the whole history and re-runs the
   * workflow code on every wake, so it is CPU-bound; Lambda allots CPU in proportion to memory, and
   * 1 GB is where a JVM's start-up and JIT stop dominating a short invocation.
   */
  public static final int DEFAULT_ORCHESTRATOR_MEMORY_MB = 1024;

  /**
   * The longest orchestrator timeout allowed: ten seconds short of the run lease ({@link
   * AwsContract#ORCHESTRATOR_LEASE_SECONDS}). The orchestrator must be stopped before its lease
   * lapses, or a second wake could take the run while the first is still writing to it. The lease
   * is taken after the invocation starts, so it outlives any invocation that ends by this timeout;
   * the ten seconds cover a write sent just before Lambda stops the function and clock differences
   * between the hosts that compare the lease's expiry.
   */
  public static final int MAX_ORCHESTRATOR_TIMEOUT_SECONDS =
      AwsContract.ORCHESTRATOR_LEASE_SECONDS - 10;

  /**
   * The orchestrator's default timeout. One wake replays, commits and dispatches: seconds of work.
   * Forty-five seconds leaves room for a long history and DynamoDB retries, and stays below {@link
   * #MAX_ORCHESTRATOR_TIMEOUT_SECONDS}. (Lambda's first retry of a timed-out wake comes about a
   * minute later, when the lease has lapsed.)
   */
  public static final int DEFAULT_ORCHESTRATOR_TIMEOUT_SECONDS = 45;

  /**
   * The trigger function's default memory. It evaluates conditions and makes a few conditional
   * writes per event, which is I/O-bound work; half a gigabyte keeps a JVM comfortable without
   * paying for CPU it would not use.
   */
  public static final int DEFAULT_TRIGGER_MEMORY_MB = 512;

  /**
   * The longest trigger function timeout allowed: five seconds short of the action grace ({@link
   * AwsContract#TRIGGER_ACTION_GRACE_SECONDS}), the time a second delivery of the event that fired
   * a trigger leaves the trigger's action to the first. A delivery still running when the grace
   * ends is taken for a crashed one and its action is run again.
   */
  public static final int MAX_TRIGGER_TIMEOUT_SECONDS =
      AwsContract.TRIGGER_ACTION_GRACE_SECONDS - 5;

  /**
   * The trigger function's default timeout. One event costs a handful of DynamoDB calls and at most
   * one asynchronous invoke; twenty seconds covers SDK retries under throttling and stays below
   * {@link #MAX_TRIGGER_TIMEOUT_SECONDS}.
   */
  public static final int DEFAULT_TRIGGER_TIMEOUT_SECONDS = 20;

  /**
   * How many times EventBridge retries delivering an engine event to the trigger function by
   * default: the most it allows. A dropped event is a run that never wakes, so the engine retries
   * as long as EventBridge will before parking the event in the rule's dead-letter queue.
   */
  public static final int DEFAULT_RULE_RETRY_ATTEMPTS = 185;

  /** How long EventBridge keeps retrying an engine event by default: the most it allows. */
  public static final int DEFAULT_RULE_MAX_EVENT_AGE_HOURS = 24;

  /**
   * How many times Lambda retries a failed asynchronous invocation of the orchestrator or the
   * trigger function by default: the most it allows. Both are safe to run again (replay and
   * deduplicated events), so a retry costs only time. Task functions have their own setting, {@link
   * TaskFunctionProps#retryAttempts()}.
   */
  public static final int DEFAULT_ASYNC_RETRY_ATTEMPTS = 2;

  /** How long Lambda keeps an asynchronous invocation queued by default: the most it allows. */
  public static final int DEFAULT_ASYNC_MAX_EVENT_AGE_HOURS = 6;

  /** The largest payload the engine may be told to carry inline: 256 KB (see the runtime). */
  public static final int MAX_PAYLOAD_THRESHOLD_BYTES = 256 * 1024;

  private static final Pattern JAVA_CLASS_NAME =
      Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)+");

  private final String registryProvider;
  private final Code code;
  private final String codePath;
  private final Architecture architecture;
  private final boolean snapStart;
  private final int orchestratorMemorySize;
  private final Duration orchestratorTimeout;
  private final int triggerMemorySize;
  private final Duration triggerTimeout;
  private final RetentionDays logRetention;
  private final Duration retention;
  private final Duration payloadExpiration;
  private final Integer payloadThresholdBytes;
  private final RemovalPolicy removalPolicy;
  private final int ruleRetryAttempts;
  private final Duration ruleMaxEventAge;
  private final int asyncRetryAttempts;
  private final Duration asyncMaxEventAge;
  private final ITopic alarmTopic;

  private TriggerflowEngineProps(Builder b) {
    this.registryProvider = b.registryProvider;
    this.code = b.code;
    this.codePath = b.codePath;
    this.architecture = b.architecture;
    this.snapStart = b.snapStart;
    this.orchestratorMemorySize = b.orchestratorMemorySize;
    this.orchestratorTimeout = b.orchestratorTimeout;
    this.triggerMemorySize = b.triggerMemorySize;
    this.triggerTimeout = b.triggerTimeout;
    this.logRetention = b.logRetention;
    this.retention = b.retention;
    this.payloadExpiration = b.payloadExpiration;
    this.payloadThresholdBytes = b.payloadThresholdBytes;
    this.removalPolicy = b.removalPolicy;
    this.ruleRetryAttempts = b.ruleRetryAttempts;
    this.ruleMaxEventAge = b.ruleMaxEventAge;
    this.asyncRetryAttempts = b.asyncRetryAttempts;
    this.asyncMaxEventAge = b.asyncMaxEventAge;
    this.alarmTopic = b.alarmTopic;
  }

  /** A builder with every default set. */
  public static Builder builder() {
    return new Builder();
  }

  /** The fully qualified name of the deployment's {@code RegistryProvider} class. */
  public String registryProvider() {
    return registryProvider;
  }

  /** The code every engine function runs, or null to use {@link #codePath()}. */
  public Code code() {
    return code;
  }

  /** The path of the deployable jar, used when {@link #code()} is null. */
  public String codePath() {
    return codePath;
  }

  /** The instruction set of every engine function. */
  public Architecture architecture() {
    return architecture;
  }

  /** Whether engine functions use SnapStart and are invoked through a published alias. */
  public boolean snapStart() {
    return snapStart;
  }

  /** The orchestrator's memory in MB. */
  public int orchestratorMemorySize() {
    return orchestratorMemorySize;
  }

  /** The orchestrator's timeout. */
  public Duration orchestratorTimeout() {
    return orchestratorTimeout;
  }

  /** The trigger function's memory in MB. */
  public int triggerMemorySize() {
    return triggerMemorySize;
  }

  /** The trigger function's timeout. */
  public Duration triggerTimeout() {
    return triggerTimeout;
  }

  /** How long every engine function's logs are kept. */
  public RetentionDays logRetention() {
    return logRetention;
  }

  /** How long finished runs are kept before DynamoDB's TTL deletes them. */
  public Duration retention() {
    return retention;
  }

  /** How long a large payload is kept in the payload bucket after it was written. */
  public Duration payloadExpiration() {
    return payloadExpiration;
  }

  /** The size above which payloads travel by reference, or null for the runtime's default. */
  public Integer payloadThresholdBytes() {
    return payloadThresholdBytes;
  }

  /** What CloudFormation does with tables, buckets, queues and logs when the stack goes. */
  public RemovalPolicy removalPolicy() {
    return removalPolicy;
  }

  /** How many times EventBridge retries delivering an event to the trigger function. */
  public int ruleRetryAttempts() {
    return ruleRetryAttempts;
  }

  /** How long EventBridge retries delivering an event to the trigger function. */
  public Duration ruleMaxEventAge() {
    return ruleMaxEventAge;
  }

  /**
   * How many times Lambda retries a failed asynchronous invocation of the orchestrator or trigger.
   */
  public int asyncRetryAttempts() {
    return asyncRetryAttempts;
  }

  /** How long Lambda keeps an asynchronous invocation of an engine function queued. */
  public Duration asyncMaxEventAge() {
    return asyncMaxEventAge;
  }

  /** The topic every alarm notifies, or null for alarms without actions. */
  public ITopic alarmTopic() {
    return alarmTopic;
  }

  /** Builds {@link TriggerflowEngineProps}; {@link #build()} validates. */
  public static final class Builder {
    private String registryProvider;
    private Code code;
    private String codePath = DEFAULT_CODE_PATH;
    private Architecture architecture = Architecture.ARM_64;
    private boolean snapStart = true;
    private int orchestratorMemorySize = DEFAULT_ORCHESTRATOR_MEMORY_MB;
    private Duration orchestratorTimeout = Duration.seconds(DEFAULT_ORCHESTRATOR_TIMEOUT_SECONDS);
    private int triggerMemorySize = DEFAULT_TRIGGER_MEMORY_MB;
    private Duration triggerTimeout = Duration.seconds(DEFAULT_TRIGGER_TIMEOUT_SECONDS);
    private RetentionDays logRetention = RetentionDays.ONE_MONTH;
    private Duration retention = Duration.days(DEFAULT_RETENTION_DAYS);
    private Duration payloadExpiration = Duration.days(DEFAULT_PAYLOAD_EXPIRATION_DAYS);
    private Integer payloadThresholdBytes;
    private RemovalPolicy removalPolicy = RemovalPolicy.RETAIN;
    private int ruleRetryAttempts = DEFAULT_RULE_RETRY_ATTEMPTS;
    private Duration ruleMaxEventAge = Duration.hours(DEFAULT_RULE_MAX_EVENT_AGE_HOURS);
    private int asyncRetryAttempts = DEFAULT_ASYNC_RETRY_ATTEMPTS;
    private Duration asyncMaxEventAge = Duration.hours(DEFAULT_ASYNC_MAX_EVENT_AGE_HOURS);
    private ITopic alarmTopic;

    private Builder() {}

    /**
     * The fully qualified name of the class implementing {@code RegistryProvider} that lists the
     * deployment's workflows, tasks, conditions and actions. Required. Every engine function loads
     * this one class; nothing in an event can name another.
     */
    public Builder registryProvider(String className) {
      this.registryProvider = className;
      return this;
    }

    /**
     * The code of every engine function: a deployable jar holding the Lambda runtime and the
     * classes the registry provider names. Overrides {@link #codePath}.
     */
    public Builder code(Code code) {
      this.code = Objects.requireNonNull(code, "code");
      return this;
    }

    /** The path of the deployable jar; defaults to {@link #DEFAULT_CODE_PATH}. */
    public Builder codePath(String path) {
      this.codePath = Objects.requireNonNull(path, "codePath");
      return this;
    }

    /**
     * The instruction set of every engine function; defaults to arm64, which costs less per
     * GB-second for the same work and runs the same jar.
     */
    public Builder architecture(Architecture architecture) {
      this.architecture = Objects.requireNonNull(architecture, "architecture");
      return this;
    }

    /**
     * Whether to use SnapStart; defaults to true. Turn it off for emulators that do not publish
     * versions the way Lambda does.
     */
    public Builder snapStart(boolean snapStart) {
      this.snapStart = snapStart;
      return this;
    }

    /** The orchestrator's memory in MB, 128 to 10240. */
    public Builder orchestratorMemorySize(int megabytes) {
      this.orchestratorMemorySize = megabytes;
      return this;
    }

    /**
     * The orchestrator's timeout, at most {@link #MAX_ORCHESTRATOR_TIMEOUT_SECONDS} so that a wake
     * ends before its lease lapses; defaults to {@link #DEFAULT_ORCHESTRATOR_TIMEOUT_SECONDS}.
     */
    public Builder orchestratorTimeout(Duration timeout) {
      this.orchestratorTimeout = Objects.requireNonNull(timeout, "orchestratorTimeout");
      return this;
    }

    /** The trigger function's memory in MB, 128 to 10240. */
    public Builder triggerMemorySize(int megabytes) {
      this.triggerMemorySize = megabytes;
      return this;
    }

    /**
     * The trigger function's timeout, at most {@link #MAX_TRIGGER_TIMEOUT_SECONDS} so that a
     * delivery ends before another delivery of its event may run the action again; defaults to
     * {@link #DEFAULT_TRIGGER_TIMEOUT_SECONDS}.
     */
    public Builder triggerTimeout(Duration timeout) {
      this.triggerTimeout = Objects.requireNonNull(timeout, "triggerTimeout");
      return this;
    }

    /** How long engine function logs are kept; defaults to one month. */
    public Builder logRetention(RetentionDays retention) {
      this.logRetention = Objects.requireNonNull(retention, "logRetention");
      return this;
    }

    /** How long finished runs are kept, in whole days, at least one; defaults to 30 days. */
    public Builder retention(Duration retention) {
      this.retention = Objects.requireNonNull(retention, "retention");
      return this;
    }

    /**
     * How long a large payload is kept, in whole days, at least {@link #retention}; defaults to 90
     * days. A run that waits longer than this loses the payloads it stored by reference.
     */
    public Builder payloadExpiration(Duration expiration) {
      this.payloadExpiration = Objects.requireNonNull(expiration, "payloadExpiration");
      return this;
    }

    /** The size in bytes above which payloads travel by reference, 1 to 262144. */
    public Builder payloadThresholdBytes(int bytes) {
      this.payloadThresholdBytes = bytes;
      return this;
    }

    /** What happens to stateful resources when the stack is deleted; defaults to RETAIN. */
    public Builder removalPolicy(RemovalPolicy policy) {
      this.removalPolicy = Objects.requireNonNull(policy, "removalPolicy");
      return this;
    }

    /** EventBridge delivery retries for engine events, 0 to 185. */
    public Builder ruleRetryAttempts(int attempts) {
      this.ruleRetryAttempts = attempts;
      return this;
    }

    /** How long EventBridge retries an engine event, one minute to 24 hours. */
    public Builder ruleMaxEventAge(Duration age) {
      this.ruleMaxEventAge = Objects.requireNonNull(age, "ruleMaxEventAge");
      return this;
    }

    /**
     * Lambda retries of a failed asynchronous invocation of the orchestrator or trigger, 0 to 2.
     */
    public Builder asyncRetryAttempts(int attempts) {
      this.asyncRetryAttempts = attempts;
      return this;
    }

    /** How long Lambda keeps an asynchronous invocation queued, one minute to six hours. */
    public Builder asyncMaxEventAge(Duration age) {
      this.asyncMaxEventAge = Objects.requireNonNull(age, "asyncMaxEventAge");
      return this;
    }

    /**
     * The SNS topic every alarm of the engine notifies when it goes into alarm. None by default:
     * the alarms then show on the dashboard and in the CloudWatch console only.
     */
    public Builder alarmTopic(ITopic topic) {
      this.alarmTopic = Objects.requireNonNull(topic, "alarmTopic");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the setting and the allowed range when a value is out
     *     of range, or when the registry provider is missing or not a class name
     */
    public TriggerflowEngineProps build() {
      if (registryProvider == null || !JAVA_CLASS_NAME.matcher(registryProvider).matches()) {
        throw new IllegalArgumentException(
            "registryProvider must be the fully qualified name of a class implementing"
                + " RegistryProvider, such as com.example.MyRegistry; got: "
                + registryProvider);
      }
      Limits.memory("orchestratorMemorySize", orchestratorMemorySize);
      Limits.memory("triggerMemorySize", triggerMemorySize);
      Limits.functionTimeout("orchestratorTimeout", orchestratorTimeout);
      Limits.atMostSeconds(
          "orchestratorTimeout",
          orchestratorTimeout,
          MAX_ORCHESTRATOR_TIMEOUT_SECONDS,
          "short of the run lease ("
              + AwsContract.ORCHESTRATOR_LEASE_SECONDS
              + " seconds), so that a wake ends before another may take its run");
      Limits.functionTimeout("triggerTimeout", triggerTimeout);
      Limits.atMostSeconds(
          "triggerTimeout",
          triggerTimeout,
          MAX_TRIGGER_TIMEOUT_SECONDS,
          "short of the trigger's action grace ("
              + AwsContract.TRIGGER_ACTION_GRACE_SECONDS
              + " seconds), so that a delivery ends before another may run its action again");
      Limits.wholeDays("retention", retention);
      Limits.wholeDays("payloadExpiration", payloadExpiration);
      if (payloadExpiration.toDays().intValue() < retention.toDays().intValue()) {
        throw new IllegalArgumentException(
            "payloadExpiration ("
                + payloadExpiration.toDays()
                + " days) must be at least retention ("
                + retention.toDays()
                + " days): a kept run must still be able to read its payloads");
      }
      if (payloadThresholdBytes != null
          && (payloadThresholdBytes < 1 || payloadThresholdBytes > MAX_PAYLOAD_THRESHOLD_BYTES)) {
        throw new IllegalArgumentException(
            "payloadThresholdBytes must be between 1 and "
                + MAX_PAYLOAD_THRESHOLD_BYTES
                + "; got "
                + payloadThresholdBytes);
      }
      Limits.range("ruleRetryAttempts", ruleRetryAttempts, 0, 185);
      Limits.seconds("ruleMaxEventAge", ruleMaxEventAge, 60, 24 * 3600);
      Limits.range("asyncRetryAttempts", asyncRetryAttempts, 0, 2);
      Limits.seconds("asyncMaxEventAge", asyncMaxEventAge, 60, 6 * 3600);
      return new TriggerflowEngineProps(this);
    }
  }
}

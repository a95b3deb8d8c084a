package dev.triggerflow.cdk;

import dev.triggerflow.api.Names;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The configuration of a function that runs registered Java tasks with the engine's task handler.
 * Several tasks may share one function; give a task its own function when it needs different memory
 * or a different timeout. Build with {@link #builder()}.
 */
public final class TaskFunctionProps {
  /**
   * The default memory of a task function. Lambda allots CPU in proportion to memory; 1 GB gives a
   * JVM enough CPU to start quickly and enough heap for ordinary task inputs.
   */
  public static final int DEFAULT_MEMORY_MB = 1024;

  /**
   * The default timeout of a task function: five minutes, long enough for ordinary work, short
   * enough that a hung task fails and reports instead of keeping its run waiting for 15 minutes.
   */
  public static final int DEFAULT_TIMEOUT_SECONDS = 300;

  /**
   * Lambda's retries, by default, of an invocation that failed without reporting: one. The task
   * handler reports a task that throws as a failed call itself, so Lambda sees a failure only when
   * the function crashed, ran out of memory, timed out, or could not publish the call's result. One
   * retry absorbs a passing fault (a publish that failed, a lost sandbox) and costs nothing in
   * correctness, since a task attempt runs at least once anyway and carries its idempotency key. A
   * second retry would mostly repeat a deterministic fault (a timeout too short, too little memory)
   * and delay the run's news of it by another timeout plus Lambda's back-off; the workflow's retry
   * policy is the place for more attempts.
   */
  public static final int DEFAULT_RETRY_ATTEMPTS = 1;

  private final List<String> tasks;
  private final int memorySize;
  private final Duration timeout;
  private final int retryAttempts;
  private final boolean defaultFunction;
  private final String description;
  private final Code code;

  private TaskFunctionProps(Builder b) {
    this.tasks = List.copyOf(b.tasks);
    this.memorySize = b.memorySize;
    this.timeout = b.timeout;
    this.retryAttempts = b.retryAttempts;
    this.defaultFunction = b.defaultFunction;
    this.description = b.description;
    this.code = b.code;
  }

  /** A builder with every default set and no task yet. */
  public static Builder builder() {
    return new Builder();
  }

  /** The names of the tasks this function runs, in the order given. */
  public List<String> tasks() {
    return tasks;
  }

  /** The function's memory in MB. */
  public int memorySize() {
    return memorySize;
  }

  /** The function's timeout. */
  public Duration timeout() {
    return timeout;
  }

  /** Lambda's retries of a failed asynchronous invocation, 0 to 2. */
  public int retryAttempts() {
    return retryAttempts;
  }

  /** Whether tasks not mapped to any function run here. */
  public boolean defaultFunction() {
    return defaultFunction;
  }

  /** The function's description, or null for one naming its tasks. */
  public String description() {
    return description;
  }

  /** The function's code, or null for the engine's code. */
  public Code code() {
    return code;
  }

  /** Builds {@link TaskFunctionProps}; {@link #build()} validates. */
  public static final class Builder {
    private final Set<String> tasks = new LinkedHashSet<>();
    private final List<String> duplicates = new ArrayList<>();
    private int memorySize = DEFAULT_MEMORY_MB;
    private Duration timeout = Duration.seconds(DEFAULT_TIMEOUT_SECONDS);
    private int retryAttempts = DEFAULT_RETRY_ATTEMPTS;
    private boolean defaultFunction;
    private String description;
    private Code code;

    private Builder() {}

    /** Adds tasks, by their registered names, that this function runs. At least one. */
    public Builder tasks(String... names) {
      for (String name : names) {
        if (!tasks.add(Objects.requireNonNull(name, "task name"))) {
          duplicates.add(name);
        }
      }
      return this;
    }

    /** The memory in MB, 128 to 10240; defaults to {@link #DEFAULT_MEMORY_MB}. */
    public Builder memorySize(int megabytes) {
      this.memorySize = megabytes;
      return this;
    }

    /** The timeout, at most 15 minutes; defaults to {@link #DEFAULT_TIMEOUT_SECONDS}. */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Lambda's retries when an invocation fails without reporting (a crash, a timeout, a result it
     * could not publish), 0 to 2; defaults to {@link #DEFAULT_RETRY_ATTEMPTS}. A retried task runs
     * again with the same idempotency key. After the last one, the failure is reported to the
     * engine's bus and fails the call.
     */
    public Builder retryAttempts(int attempts) {
      this.retryAttempts = attempts;
      return this;
    }

    /** Makes this the function that runs tasks no function lists. At most one per engine. */
    public Builder defaultFunction(boolean isDefault) {
      this.defaultFunction = isDefault;
      return this;
    }

    /** The function's description. */
    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /** Code other than the engine's, for tasks packaged on their own. */
    public Builder code(Code code) {
      this.code = Objects.requireNonNull(code, "code");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException when no task is named, a name repeats or has a character the
     *     engine's task map cannot carry, or a size is out of range
     */
    public TaskFunctionProps build() {
      if (tasks.isEmpty()) {
        throw new IllegalArgumentException("a task function must run at least one task");
      }
      if (!duplicates.isEmpty()) {
        throw new IllegalArgumentException("task names repeat: " + duplicates);
      }
      for (String name : tasks) {
        checkTaskName(name);
      }
      Limits.memory("memorySize", memorySize);
      Limits.functionTimeout("timeout", timeout);
      Limits.range("retryAttempts", retryAttempts, 0, 2);
      return new TaskFunctionProps(this);
    }
  }

  /**
   * Rejects a name the engine would reject: the rule is the engine's own, and it also keeps the
   * separators of the orchestrator's task map ({@code ,} and {@code =}) out of names.
   */
  static void checkTaskName(String name) {
    Names.requireValid("task name", name);
  }
}

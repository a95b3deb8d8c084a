package dev.triggerflow.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.api.Registry;
import dev.triggerflow.api.Task;
import dev.triggerflow.api.TaskDefinition;
import dev.triggerflow.api.TaskRef;
import dev.triggerflow.api.Workflow;
import dev.triggerflow.api.WorkflowDefinition;
import dev.triggerflow.client.UnknownRunException;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.json.Json;
import dev.triggerflow.runtime.EmbeddedRuntime;
import dev.triggerflow.runtime.ManualClock;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Workflows running for a test: the embedded runtime with in-memory stores, a clock that moves only
 * when the test lets it, tasks that can be mocked, and assertions on run histories. {@link
 * TriggerflowTest} gives each test method a fresh one; outside JUnit, build one with {@link
 * #builder()} and close it after use.
 *
 * <h2>Time</h2>
 *
 * <p>The runtime runs on a {@link ManualClock} that starts at {@link Builder#startAt(Instant)} and
 * moves in two ways only:
 *
 * <ul>
 *   <li>{@link #advance(Duration)} moves it forward, firing the timers that come due on the way, in
 *       order;
 *   <li>while the test waits in {@link #awaitCompletion(String)} or {@link #awaitResult(String,
 *       Class)}, time skips: whenever nothing is in flight (no task, no event delivery, no
 *       orchestrator wake), every run is waiting for a timer or an event, and the clock jumps to
 *       the next pending timer and fires it. A run that waits a day for an answer times out at
 *       once.
 * </ul>
 *
 * <p>Outside those waits the clock stands still, so a test can start a run that waits with a
 * timeout and {@link #signal} it before the timeout is skipped over. Real time plays no part,
 * except as a guard: no wait blocks longer than {@link Builder#timeout(Duration)} of wall-clock
 * time.
 *
 * <h2>Tasks</h2>
 *
 * <p>The runtime runs on a copy of the given registry in which every task is wrapped: each
 * invocation is recorded ({@link #invocations(String)}), and a task can be replaced by a {@link
 * TaskMock} at any point of the test ({@link #mock(String)}). The given registry is not changed.
 */
public final class TestRuntime implements AutoCloseable {
  /** Where the clock starts unless told otherwise. */
  public static final Instant DEFAULT_START = Instant.parse("2030-01-01T00:00:00Z");

  /** The longest a wait blocks in real time unless told otherwise. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final Registry registry;
  private final Instant startedAt;
  private final Duration timeout;
  private final ManualClock clock;
  private final TaskDoubles doubles = new TaskDoubles();
  private final EmbeddedRuntime runtime;

  private TestRuntime(Builder b) {
    this.registry = Objects.requireNonNull(b.registry, "a registry is required");
    this.startedAt = b.startAt;
    this.timeout = b.timeout;
    this.clock = new ManualClock(startedAt);
    this.runtime =
        EmbeddedRuntime.builder()
            .registry(TestRegistry.copy(registry, doubles))
            .clock(clock)
            .build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a run of the workflow registered as {@code workflow}.
   *
   * @param input the run's input: a value written as JSON, a {@link JsonNode}, or null
   * @return the new run's id
   */
  public String start(String workflow, Object input) {
    return runtime.start(workflow, json(input));
  }

  /** Starts a run of a workflow class, by the name it is registered under. */
  public String start(Class<? extends Workflow<?, ?>> workflow, Object input) {
    return start(WorkflowDefinition.nameOf(workflow), input);
  }

  /**
   * Waits until the run finishes, skipping time while every run waits (see the class comment), and
   * follows continue-as-new to the run that finally finishes.
   *
   * @return the finished run: completed, failed or terminated
   * @throws RunNotFinishedError if the run waits for something no timer will bring, or if the
   *     runtime stays busy for longer than the wall-clock timeout
   * @throws UnknownRunException if there is no such run
   */
  public RunRecord awaitCompletion(String runId) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String current = runId;
    while (true) {
      if (!settle(deadline)) {
        throw notFinished(
            current,
            "it was still going after "
                + timeout
                + " of real time; a task may be blocked, or the workflow may set timer after"
                + " timer without end");
      }
      RunRecord run = run(current);
      if (run.status() == RunStatus.CONTINUED_AS_NEW) {
        current = run.result().get("continuedAs").asText();
        continue;
      }
      if (run.status().isTerminal()) {
        return run;
      }
      Optional<Instant> next = runtime.nextTimer();
      if (next.isEmpty()) {
        throw notFinished(
            current,
            "nothing can move it on: no task is running and no timer is pending, so it waits for"
                + " an event only the test can send; send it with signal() before awaiting");
      }
      skipTo(next.get());
    }
  }

  /**
   * Waits until the run finishes, as {@link #awaitCompletion} does, and returns its result.
   *
   * @param type the type to read the result as
   * @throws AssertionError if the run failed or was terminated; the message holds its timeline
   */
  public <T> T awaitResult(String runId, Class<T> type) {
    RunRecord run = awaitCompletion(runId);
    if (run.status() != RunStatus.COMPLETED) {
      String error =
          run.status() == RunStatus.FAILED
              ? " with " + run.errorType() + ": " + run.errorMessage()
              : "";
      throw new AssertionError(
          "Expected run "
              + run.runId()
              + " to complete,\nbut it "
              + run.status()
              + error
              + ".\n\n"
              + timeline(run.runId()));
    }
    return type.cast(Json.fromTree(run.result(), type));
  }

  /**
   * Waits until nothing is in flight (no task, no event delivery, no orchestrator wake) without
   * moving the clock: every run has then gone as far as it can at the current time.
   *
   * @throws IllegalStateException if the runtime stays busy for longer than the wall-clock timeout
   */
  public void awaitIdle() {
    if (!settle(System.nanoTime() + timeout.toNanos())) {
      throw new IllegalStateException(
          "the runtime was still busy after " + timeout + " of real time");
    }
  }

  /**
   * Moves the clock forward by {@code duration}, firing the timers that come due on the way in
   * order, and waits until the runs they woke have gone as far as they can.
   */
  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("the clock cannot go back; got " + duration);
    }
    try {
      runtime.advanceTime(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while advancing the clock", e);
    }
  }

  /** When the next pending timer fires, if any is pending. */
  public Optional<Instant> nextTimer() {
    return runtime.nextTimer();
  }

  /** The test clock's current time. */
  public Instant now() {
    return clock.now();
  }

  /** How far the test clock has moved since this runtime was made. */
  public Duration elapsed() {
    return Duration.between(startedAt, clock.now());
  }

  /**
   * Sends the run an external event: the next {@code waitForEvent(name, ...)} of the run receives
   * it, or has received it if the run is waiting already.
   *
   * @param payload the event's payload: a value written as JSON, a {@link JsonNode}, or null
   */
  public void signal(String runId, String name, Object payload) {
    runtime.signal(runId, name, json(payload), null);
  }

  /** Stops a run from outside; it ends as terminated with {@code reason}. */
  public void terminate(String runId, String reason) {
    runtime.terminate(runId, reason);
  }

  /**
   * The run as the run store holds it now.
   *
   * @throws UnknownRunException if there is no such run
   */
  public RunRecord run(String runId) {
    return runtime.run(runId).orElseThrow(() -> new UnknownRunException(runId));
  }

  /** The run's history as it is now. */
  public List<HistoryEvent> history(String runId) {
    return runtime.history(runId);
  }

  /** The run's history as readable text: one line per event, with times since the start. */
  public String timeline(String runId) {
    return Timeline.render(runId, run(runId), history(runId));
  }

  /** Checks on the run's history as it is now; await the run first to check how it ended. */
  public HistoryAssert assertThatHistory(String runId) {
    return new HistoryAssert(runId, run(runId), history(runId));
  }

  /**
   * Replaces the task registered as {@code task} with a mock, from the next invocation on, and
   * returns the mock to give answers to. A later mock of the same task replaces this one.
   *
   * @throws IllegalArgumentException if no such task is registered
   */
  public TaskMock<Object, Object> mock(String task) {
    TaskDefinition<?, ?> definition = registered(task);
    return doubles.mock(asObjects(definition));
  }

  /**
   * Replaces a task class with a mock; see {@link #mock(String)}.
   *
   * @throws IllegalArgumentException if the class is not registered under its name, or with other
   *     input or result types
   */
  public <I, O, T extends Task<I, O>> TaskMock<I, O> mock(Class<T> task) {
    return mock(TaskRef.<I, O, T>of(task));
  }

  /**
   * Replaces the task a reference names with a mock; see {@link #mock(String)}.
   *
   * @throws IllegalArgumentException if the task is not registered, or with other input or result
   *     types than the reference says
   */
  public <I, O> TaskMock<I, O> mock(TaskRef<I, O> task) {
    TaskDefinition<?, ?> definition = registered(task.name());
    if (!definition.inputType().equals(task.inputType())
        || !definition.outputType().equals(task.outputType())) {
      throw new IllegalArgumentException(
          "task '"
              + task.name()
              + "' is registered as "
              + definition.inputType().getTypeName()
              + " -> "
              + definition.outputType().getTypeName()
              + ", not as "
              + task.inputType().getTypeName()
              + " -> "
              + task.outputType().getTypeName());
    }
    // The types were just compared with the reference's.
    @SuppressWarnings("unchecked")
    TaskDefinition<I, O> typed = (TaskDefinition<I, O>) definition;
    return doubles.mock(typed);
  }

  /** The finished invocations of {@code task}, mocked or real, in the order they finished. */
  public List<Invocation> invocations(String task) {
    return doubles.invocations().stream().filter(i -> i.task().equals(task)).toList();
  }

  /** Every finished task invocation, mocked or real, in the order they finished. */
  public List<Invocation> invocations() {
    return doubles.invocations();
  }

  /** The embedded runtime underneath, for what this class does not cover (its bus, its stores). */
  public EmbeddedRuntime embedded() {
    return runtime;
  }

  /** Stops the runtime's threads; runs still waiting are dropped with it. */
  @Override
  public void close() {
    runtime.close();
  }

  private TaskDefinition<?, ?> registered(String task) {
    return registry
        .task(task)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "no task named '"
                        + task
                        + "' is registered, so none can be mocked; known: "
                        + registry.taskNames()));
  }

  // A name-based mock sees inputs as the objects the runtime read, whatever their type.
  @SuppressWarnings("unchecked")
  private static TaskDefinition<Object, Object> asObjects(TaskDefinition<?, ?> definition) {
    return (TaskDefinition<Object, Object>) definition;
  }

  /** Waits until nothing is in flight; false if the deadline passed first. */
  private boolean settle(long deadline) {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      return false;
    }
    try {
      return runtime.awaitIdle(Duration.ofNanos(left));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the runtime", e);
    }
  }

  private void skipTo(Instant next) {
    Instant now = clock.now();
    advance(next.isAfter(now) ? Duration.between(now, next) : Duration.ZERO);
  }

  private RunNotFinishedError notFinished(String runId, String why) {
    RunRecord run = run(runId);
    return new RunNotFinishedError(
        runId,
        run.status(),
        "Run "
            + runId
            + " did not finish: "
            + why
            + ". The test clock stands at "
            + Timeline.offset(elapsed())
            + ".\n\n"
            + timeline(runId));
  }

  private static JsonNode json(Object value) {
    if (value == null || value instanceof JsonNode) {
      return (JsonNode) value;
    }
    return Json.toTree(value);
  }

  /** Configures a {@link TestRuntime}. */
  public static final class Builder {
    private Registry registry;
    private Instant startAt = DEFAULT_START;
    private Duration timeout = DEFAULT_TIMEOUT;

    private Builder() {}

    /** The workflows and tasks to run (required); it is copied, never changed. */
    public Builder registry(Registry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /** Where the test clock starts; {@link #DEFAULT_START} by default. */
    public Builder startAt(Instant start) {
      this.startAt = Objects.requireNonNull(start, "start");
      return this;
    }

    /**
     * The longest any wait blocks in real time before it fails; {@link #DEFAULT_TIMEOUT} by
     * default. It guards against a task that hangs or a run that never stops; it is not a timing
     * the test depends on.
     */
    public Builder timeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("timeout must be positive, not " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    /** The runtime; close it after use. */
    public TestRuntime build() {
      return new TestRuntime(this);
    }
  }
}

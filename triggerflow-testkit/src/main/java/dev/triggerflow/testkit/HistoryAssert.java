package dev.triggerflow.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.history.HistoryEvent.EpisodeStarted;
import dev.triggerflow.history.HistoryEvent.EventReceived;
import dev.triggerflow.history.HistoryEvent.RunCompleted;
import dev.triggerflow.history.HistoryEvent.RunFailed;
import dev.triggerflow.history.HistoryEvent.RunTerminated;
import dev.triggerflow.history.HistoryEvent.TaskRetried;
import dev.triggerflow.history.HistoryEvent.TaskScheduled;
import dev.triggerflow.history.HistoryEvent.TimerFired;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.RunRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks on one run's history, made by {@link TestRuntime#assertThatHistory(String)}. Each check
 * returns this object, so checks chain; the first one that does not hold throws an {@link
 * AssertionError} that says what was expected, what the history holds instead, and prints the run's
 * whole timeline.
 *
 * <p>The history is read once, when this object is made: make a new one after the run has moved on.
 * Task names are the registered names; calls are counted in the order the workflow made them, each
 * call of a map on its own.
 */
public final class HistoryAssert {
  private final String runId;
  private final RunRecord run;
  private final List<HistoryEvent> history;
  private final Map<Integer, String> taskOfCall = new HashMap<>();

  HistoryAssert(String runId, RunRecord run, List<HistoryEvent> history) {
    this.runId = Objects.requireNonNull(runId, "runId");
    this.run = run;
    this.history = List.copyOf(history);
    for (HistoryEvent e : this.history) {
      if (e instanceof TaskScheduled s) {
        taskOfCall.put(s.callId(), s.task());
      }
    }
  }

  /** The history the checks read. */
  public List<HistoryEvent> events() {
    return history;
  }

  /** The run's timeline, as failure messages print it. */
  public String timeline() {
    return Timeline.render(runId, run, history);
  }

  /**
   * Checks that the run called these tasks in this order. Other calls may come before, between and
   * after them: {@code hasCallsInOrder("a", "c")} holds for calls a, b, c.
   */
  public HistoryAssert hasCallsInOrder(String... tasks) {
    List<String> called = calledTasks();
    int found = 0;
    for (String task : called) {
      if (found < tasks.length && task.equals(tasks[found])) {
        found++;
      }
    }
    if (found < tasks.length) {
      throw failure(
          "to call " + Arrays.asList(tasks) + " in this order",
          "its calls were "
              + called
              + "; the first one missing in order is '"
              + tasks[found]
              + "'");
    }
    return this;
  }

  /** Checks that the run called exactly these tasks, in this order, and nothing else. */
  public HistoryAssert hasExactlyCalls(String... tasks) {
    List<String> called = calledTasks();
    if (!called.equals(Arrays.asList(tasks))) {
      throw failure("to call exactly " + Arrays.asList(tasks), "its calls were " + called);
    }
    return this;
  }

  /**
   * Checks the inputs of the run's calls of {@code task}, in the order of the calls. Each expected
   * input is compared as JSON, so a record and the map with its fields are equal.
   */
  public HistoryAssert hasCallInputs(String task, Object... inputs) {
    List<JsonNode> actual = new ArrayList<>();
    for (HistoryEvent e : history) {
      if (e instanceof TaskScheduled s && s.task().equals(task)) {
        actual.add(s.input());
      }
    }
    List<JsonNode> expected = new ArrayList<>();
    for (Object input : inputs) {
      expected.add(Json.toTree(input));
    }
    if (!JsonValues.equal(actual, expected)) {
      throw failure("to call '" + task + "' with inputs " + expected, "its inputs were " + actual);
    }
    return this;
  }

  /** Checks that the run never called {@code task}. */
  public HistoryAssert hasNoCallsOf(String task) {
    long n = calledTasks().stream().filter(task::equals).count();
    if (n > 0) {
      throw failure("not to call '" + task + "'", "it called it " + n + " times");
    }
    return this;
  }

  /** Checks that at least one durable timer of the run fired. */
  public HistoryAssert hasTimerFired() {
    if (count(TimerFired.class) == 0) {
      throw failure("to have a timer fired", "no timer fired");
    }
    return this;
  }

  /** Checks that exactly {@code n} durable timers of the run fired (retry waits not counted). */
  public HistoryAssert hasTimersFired(int n) {
    long fired = count(TimerFired.class);
    if (fired != n) {
      throw failure("to have " + n + " timers fired", fired + " fired");
    }
    return this;
  }

  /**
   * Checks that the workflow's code ran {@code n} times: the first episode, and one per wake that
   * observed new events.
   */
  public HistoryAssert hasEpisodes(int n) {
    long episodes = history.isEmpty() ? 0 : 1 + count(EpisodeStarted.class);
    if (episodes != n) {
      throw failure("to have " + n + " episodes", "it has " + episodes);
    }
    return this;
  }

  /**
   * Checks that calls of {@code task} were tried again {@code n} times in all: the number of
   * attempts after the first, over every call of the task.
   */
  public HistoryAssert hasRetries(String task, int n) {
    long retries =
        history.stream()
            .filter(e -> e instanceof TaskRetried r && task.equals(taskOfCall.get(r.callId())))
            .count();
    if (retries != n) {
      throw failure(
          "to retry '" + task + "' " + n + " times", "it retried it " + retries + " times");
    }
    return this;
  }

  /** Checks that the run received at least one external event named {@code name}. */
  public HistoryAssert hasReceivedEvent(String name) {
    boolean received =
        history.stream().anyMatch(e -> e instanceof EventReceived r && r.name().equals(name));
    if (!received) {
      throw failure("to receive an event '" + name + "'", "no such event reached it");
    }
    return this;
  }

  /**
   * Checks that the run completed with {@code value}, compared as JSON: a number equals the same
   * number written another way, and a record equals the map with its fields.
   */
  public HistoryAssert completedWith(Object value) {
    JsonNode expected = Json.toTree(value);
    Optional<RunCompleted> completed = last(RunCompleted.class);
    if (completed.isEmpty()) {
      throw failure("to complete with " + Json.abbreviate(expected), outcome());
    }
    if (!JsonValues.equal(completed.get().result(), expected)) {
      throw failure(
          "to complete with " + Json.abbreviate(expected),
          "it completed with " + Json.abbreviate(completed.get().result()));
    }
    return this;
  }

  /**
   * Checks that the run failed with an error of type {@code errorType}: the fully qualified class
   * name of what the workflow threw, or an engine error such as {@code HistoryLimitExceeded}.
   */
  public HistoryAssert failedWith(String errorType) {
    Optional<RunFailed> failed = last(RunFailed.class);
    if (failed.isEmpty() || !failed.get().errorType().equals(errorType)) {
      throw failure("to fail with " + errorType, outcome());
    }
    return this;
  }

  /** Checks that the run failed with an error of exactly this class. */
  public HistoryAssert failedWith(Class<? extends Throwable> errorType) {
    return failedWith(errorType.getName());
  }

  /** Checks that the run was terminated from outside. */
  public HistoryAssert wasTerminated() {
    if (last(RunTerminated.class).isEmpty()) {
      throw failure("to be terminated", outcome());
    }
    return this;
  }

  private List<String> calledTasks() {
    List<String> tasks = new ArrayList<>();
    for (HistoryEvent e : history) {
      if (e instanceof TaskScheduled s) {
        tasks.add(s.task());
      }
    }
    return tasks;
  }

  private long count(Class<? extends HistoryEvent> type) {
    return history.stream().filter(type::isInstance).count();
  }

  private <T extends HistoryEvent> Optional<T> last(Class<T> type) {
    T found = null;
    for (HistoryEvent e : history) {
      if (type.isInstance(e)) {
        found = type.cast(e);
      }
    }
    return Optional.ofNullable(found);
  }

  /** How the run ended, or that it has not. */
  private String outcome() {
    for (int i = history.size() - 1; i >= 0; i--) {
      HistoryEvent e = history.get(i);
      if (e instanceof RunCompleted c) {
        return "it completed with " + Json.abbreviate(c.result());
      } else if (e instanceof RunFailed f) {
        return "it failed with " + f.errorType() + ": " + f.message();
      } else if (e instanceof RunTerminated t) {
        return "it was terminated: " + t.reason();
      }
    }
    return "it has not finished"
        + (run == null ? "" : " (status " + run.status() + ")")
        + "; await it with TestRuntime.awaitCompletion first";
  }

  private AssertionError failure(String expected, String actual) {
    return new AssertionError(
        "Expected run " + runId + " " + expected + ",\nbut " + actual + ".\n\n" + timeline());
  }
}

package dev.triggerflow.testkit;

import dev.triggerflow.api.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for a registered task during one test: it answers the task's invocations as told and
 * records each of them. Made by {@link TestRuntime#mock(String)} and its overloads; the registry
 * the test was given is left as it is.
 *
 * <p>Answers are used one per invocation in the order they were given, and the last one keeps
 * answering. For example, {@code mock.thenThrow(e).thenThrow(e).thenReturn("ok")} fails the first
 * two invocations and returns {@code "ok"} from then on. Invocations are counted across every run
 * and call of the task, in the order they start; the calls of a map run at the same time, so which
 * of them gets which answer is not fixed. To answer by call or attempt, use {@link #thenAnswer}.
 *
 * <p>A mock without any answer fails every invocation with an {@link IllegalStateException} that
 * says so.
 *
 * @param <I> the task's input type
 * @param <O> the task's result type
 */
public final class TaskMock<I, O> {
  private final String task;
  private final Task<I, O> realTask;
  private final List<Task<I, O>> answers = new ArrayList<>();
  private final List<Invocation> invocations = new CopyOnWriteArrayList<>();
  private int used;

  TaskMock(String task, Task<I, O> realTask) {
    this.task = task;
    this.realTask = realTask;
  }

  /** The mocked task's registered name. */
  public String task() {
    return task;
  }

  /** Answers the next invocation by returning {@code value}. */
  public TaskMock<I, O> thenReturn(O value) {
    return thenAnswer((ctx, input) -> value);
  }

  /**
   * Answers the next invocation by throwing {@code error}. The calling run sees a task failure with
   * the error's class name and message, and retries it if its retry policy says so.
   */
  public TaskMock<I, O> thenThrow(Exception error) {
    Objects.requireNonNull(error, "error");
    return thenAnswer(
        (ctx, input) -> {
          throw error;
        });
  }

  /**
   * Answers the next invocation with {@code answer}, which receives the call's context (run, call,
   * attempt) and its input.
   */
  public TaskMock<I, O> thenAnswer(Task<I, O> answer) {
    Objects.requireNonNull(answer, "answer");
    synchronized (this) {
      answers.add(answer);
    }
    return this;
  }

  /** Answers the next invocation by running the registered task itself. */
  public TaskMock<I, O> thenCallRealTask() {
    return thenAnswer(realTask);
  }

  /** The invocations this mock answered, in the order they finished. */
  public List<Invocation> invocations() {
    return List.copyOf(invocations);
  }

  /** How many invocations this mock answered. */
  public int invocationCount() {
    return invocations.size();
  }

  /** The inputs of the invocations this mock answered, in the order they finished. */
  @SuppressWarnings("unchecked") // the runtime read every input into the task's input type
  public List<I> inputs() {
    List<I> inputs = new ArrayList<>();
    for (Invocation i : invocations) {
      inputs.add((I) i.input());
    }
    return Collections.unmodifiableList(inputs);
  }

  /** The answer for the invocation that starts now. */
  synchronized Task<I, O> nextAnswer() {
    if (answers.isEmpty()) {
      return (ctx, input) -> {
        throw new IllegalStateException(
            "task '"
                + task
                + "' is mocked but the mock has no answer; give it one with thenReturn,"
                + " thenThrow, thenAnswer or thenCallRealTask");
      };
    }
    Task<I, O> answer = answers.get(Math.min(used, answers.size() - 1));
    used++;
    return answer;
  }

  void record(Invocation invocation) {
    invocations.add(invocation);
  }

  @Override
  public String toString() {
    return "TaskMock[" + task + ", " + invocations.size() + " invocations]";
  }
}

package dev.triggerflow.testkit;

import dev.triggerflow.api.Task;
import dev.triggerflow.api.TaskContext;
import dev.triggerflow.api.TaskDefinition;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The test's side of every task: which ones are mocked, and every invocation so far. The registry a
 * test runs on wraps each task so that it asks here, at each invocation, whether a mock answers for
 * it; that is why a mock can be installed at any point of a test, even while runs are waiting.
 */
final class TaskDoubles {
  private final Map<String, TaskMock<?, ?>> mocks = new ConcurrentHashMap<>();
  private final List<Invocation> invocations = new CopyOnWriteArrayList<>();

  /** Installs a fresh mock for a task, replacing any earlier one. */
  <I, O> TaskMock<I, O> mock(TaskDefinition<I, O> real) {
    TaskMock<I, O> mock = new TaskMock<>(real.name(), real.task());
    mocks.put(real.name(), mock);
    return mock;
  }

  /** The task to register in place of {@code real}: it records, and defers to a mock if any. */
  <I, O> Task<I, O> wrap(TaskDefinition<I, O> real) {
    return new Switch<>(real.name(), real.task());
  }

  /** Every finished invocation, in the order they finished. */
  List<Invocation> invocations() {
    return List.copyOf(invocations);
  }

  private final class Switch<I, O> implements Task<I, O> {
    private final String name;
    private final Task<I, O> real;

    Switch(String name, Task<I, O> real) {
      this.name = name;
      this.real = real;
    }

    @Override
    public O run(TaskContext ctx, I input) throws Exception {
      // The mock map holds each task's mock under that task's own name, so the types agree.
      @SuppressWarnings("unchecked")
      TaskMock<I, O> mock = (TaskMock<I, O>) mocks.get(name);
      Task<I, O> answer = mock == null ? real : mock.nextAnswer();
      O result;
      try {
        result = answer.run(ctx, input);
      } catch (Exception e) {
        record(mock, ctx, input, null, e);
        throw e;
      }
      record(mock, ctx, input, result, null);
      return result;
    }

    private void record(TaskMock<I, O> mock, TaskContext ctx, I input, O result, Exception e) {
      Invocation invocation =
          new Invocation(name, ctx.runId(), ctx.callId(), ctx.attempt(), input, result, e);
      invocations.add(invocation);
      if (mock != null) {
        mock.record(invocation);
      }
    }
  }
}

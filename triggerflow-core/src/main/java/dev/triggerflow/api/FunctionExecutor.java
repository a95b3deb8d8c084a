package dev.triggerflow.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A PyWren-style executor over a {@link WorkflowContext}, so that code written for PyWren reads
 * almost line for line:
 *
 * <pre>{@code
 * FunctionExecutor pw = FunctionExecutor.of(ctx);
 * int res = 0;
 * pw.callAsync(MyFunction.class, res);
 * res = pw.getResult();
 * }</pre>
 *
 * <p>{@link #getResult()} waits for every future the executor made since the last {@code
 * getResult()} and returns their results: the value itself for one future, a list for several.
 */
public final class FunctionExecutor {
  private final WorkflowContext ctx;
  private final List<DurableFuture<?>> unread = new ArrayList<>();

  private FunctionExecutor(WorkflowContext ctx) {
    this.ctx = Objects.requireNonNull(ctx, "ctx");
  }

  /** An executor that calls tasks through {@code ctx}. */
  public static FunctionExecutor of(WorkflowContext ctx) {
    return new FunctionExecutor(ctx);
  }

  /** Calls a task asynchronously. */
  public <I, O, T extends Task<I, O>> DurableFuture<O> callAsync(Class<T> task, I input) {
    return callAsync(TaskRef.of(task), input);
  }

  /** Calls a task asynchronously. */
  public <I, O> DurableFuture<O> callAsync(TaskRef<I, O> task, I input) {
    DurableFuture<O> future = ctx.call(task, input);
    unread.add(future);
    return future;
  }

  /** Calls a task once per input, joined by one trigger. */
  public <I, O, T extends Task<I, O>> List<DurableFuture<O>> map(
      Class<T> task, List<? extends I> inputs) {
    return map(TaskRef.of(task), inputs);
  }

  /** Calls a task once per input, joined by one trigger. */
  public <I, O> List<DurableFuture<O>> map(TaskRef<I, O> task, List<? extends I> inputs) {
    List<DurableFuture<O>> futures = ctx.map(task, inputs);
    unread.addAll(futures);
    return futures;
  }

  /**
   * Waits for the futures made since the last call and returns their results: one value when there
   * is one future, a {@code List} when there are several, {@code null} when there are none.
   *
   * @throws TaskFailedException if one of the calls failed
   */
  // Like PyWren's get_result, this returns whatever the calls returned, typed by the caller.
  @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
  public <T> T getResult() {
    List<DurableFuture<?>> pending = List.copyOf(unread);
    List<Object> results = ctx.<Object>allOf(pending).get();
    unread.clear();
    if (results.isEmpty()) {
      return null;
    }
    return (T) (results.size() == 1 ? results.get(0) : results);
  }

  /** Waits for one future and returns its result. */
  public <T> T getResult(DurableFuture<T> future) {
    T value = future.get();
    unread.remove(future);
    return value;
  }

  /** Waits for the given futures and returns their results in order. */
  public <T> List<T> getResult(List<? extends DurableFuture<? extends T>> futures) {
    List<T> values = ctx.<T>allOf(futures).get();
    unread.removeAll(futures);
    return values;
  }
}

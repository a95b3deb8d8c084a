package dev.triggerflow.examples.billing;

import dev.triggerflow.api.Task;
import dev.triggerflow.api.TaskContext;
import dev.triggerflow.api.TaskName;

/**
 * Charges one customer and returns the amount, in cents. A real charge would pass {@link
 * TaskContext#idempotencyKey()} to the payment provider, so that a charge run twice (tasks run at
 * least once) is taken once.
 */
@TaskName("charge")
public final class Charge implements Task<Integer, Long> {
  @Override
  public Long run(TaskContext ctx, Integer customer) {
    return amountOf(customer);
  }

  /** What a customer owes, in cents: made up, but the same every time. */
  public static long amountOf(int customer) {
    return 500 + (customer * 7919L) % 2000;
  }
}

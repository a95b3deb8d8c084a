package dev.triggerflow.examples.billing;

import dev.triggerflow.api.DurableFuture;
import dev.triggerflow.api.Workflow;
import dev.triggerflow.api.WorkflowContext;
import dev.triggerflow.api.WorkflowName;
import java.util.ArrayList;
import java.util.List;

/**
 * Charges the customers of one page, all at once (a map joined by one trigger), and returns what
 * the page billed, in cents. Run as a child of {@link Billing}.
 */
@WorkflowName("bill_page")
public final class BillPage implements Workflow<Integer, Long> {

  /** How many customers a page holds. */
  public static final int PAGE_SIZE = 5;

  @Override
  public Long run(WorkflowContext ctx, Integer page) {
    List<Integer> customers = new ArrayList<>();
    for (int i = 0; i < PAGE_SIZE; i++) {
      customers.add(page * PAGE_SIZE + i);
    }
    long total = 0;
    for (DurableFuture<Long> charged : ctx.map(Charge.class, customers)) {
      total += charged.get();
    }
    return total;
  }
}

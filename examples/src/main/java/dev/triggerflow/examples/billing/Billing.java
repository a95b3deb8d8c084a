package dev.triggerflow.examples.billing;

import dev.triggerflow.api.Workflow;
import dev.triggerflow.api.WorkflowContext;
import dev.triggerflow.api.WorkflowName;
import java.time.Duration;

/**
 * Bills every customer, one page of customers at a time, for as many pages as there are. Each page
 * is a child workflow ({@code bill_page}) that charges the page's customers in parallel and returns
 * the page's total. Between pages the run pauses on a durable timer, to stay under the payment
 * provider's rate limit. And each page is a run of its own: after a page the run continues as new
 * with the next page and the running total, so a run's history stays a few events long however many
 * pages there are. The last run of the chain returns the total, in cents.
 */
@WorkflowName("billing")
public final class Billing implements Workflow<Billing.Progress, Long> {

  /** The pause between two pages. */
  public static final Duration PACE = Duration.ofSeconds(1);

  /**
   * Where billing stands.
   *
   * @param pages how many pages of customers there are (default 3)
   * @param page the page this run bills, from 0
   * @param billedCents what the pages before it billed
   */
  public record Progress(Integer pages, int page, long billedCents) {
    int pageCount() {
      return pages == null ? 3 : pages;
    }
  }

  @Override
  public Long run(WorkflowContext ctx, Progress progress) {
    Progress at = progress == null ? new Progress(null, 0, 0) : progress;
    if (at.pageCount() < 0 || at.page() < 0) {
      throw new IllegalArgumentException("pages and page must not be negative");
    }
    if (at.page() >= at.pageCount()) {
      return at.billedCents();
    }
    long pageTotal = ctx.callWorkflow(BillPage.class, at.page()).get();
    ctx.logger().info("page {} billed {} cents", at.page(), pageTotal);
    ctx.sleep(PACE);
    ctx.continueAsNew(new Progress(at.pageCount(), at.page() + 1, at.billedCents() + pageTotal));
    throw new IllegalStateException("continueAsNew does not return");
  }
}

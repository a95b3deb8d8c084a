package dev.triggerflow.examples.approval;

import dev.triggerflow.api.Workflow;
import dev.triggerflow.api.WorkflowContext;
import dev.triggerflow.api.WorkflowName;
import java.time.Duration;
import java.util.Optional;

/**
 * An approval: asks an approver, then waits for their answer, an external event named {@code
 * decision}, for at most a day. Nothing runs while it waits; the decision or the timeout wakes it.
 *
 * <pre>
 * ./triggerflow start approval --input '{"request": "laptop", "amount": 1200}'
 * ./triggerflow signal RUN_ID decision '{"approved": true, "by": "ana"}'
 * </pre>
 */
@WorkflowName("approval")
public final class Approval implements Workflow<Approval.Request, String> {

  /** What needs approving. */
  public record Request(String request, int amount) {}

  /** The approver's answer. */
  public record Decision(boolean approved, String by) {}

  /** How long the approver has. */
  public static final Duration DEADLINE = Duration.ofDays(1);

  @Override
  public String run(WorkflowContext ctx, Request request) {
    ctx.call(NotifyApprover.class, request).get();
    Optional<Decision> decision = ctx.waitForEvent("decision", Decision.class, DEADLINE).get();
    if (decision.isEmpty()) {
      return "TIMED_OUT: no decision on '" + request.request() + "' within " + DEADLINE;
    }
    Decision d = decision.get();
    return (d.approved() ? "APPROVED" : "REJECTED") + " by " + d.by();
  }
}

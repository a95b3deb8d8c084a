package dev.triggerflow.examples.approval;

import dev.triggerflow.api.Task;
import dev.triggerflow.api.TaskContext;
import dev.triggerflow.api.TaskName;

/** Tells the approver a request waits for them; here it only composes the message. */
@TaskName("notify_approver")
public final class NotifyApprover implements Task<Approval.Request, String> {
  @Override
  public String run(TaskContext ctx, Approval.Request request) {
    return "please approve '"
        + request.request()
        + "' ("
        + request.amount()
        + "); answer run "
        + ctx.runId()
        + " with a 'decision' event";
  }
}

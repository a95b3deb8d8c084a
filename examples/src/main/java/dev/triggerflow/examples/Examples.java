package dev.triggerflow.examples;

import dev.triggerflow.api.Registry;
import dev.triggerflow.examples.approval.Approval;
import dev.triggerflow.examples.approval.NotifyApprover;
import dev.triggerflow.examples.billing.BillPage;
import dev.triggerflow.examples.billing.Billing;
import dev.triggerflow.examples.billing.Charge;
import dev.triggerflow.examples.dag.Dag;
import dev.triggerflow.examples.flaky.Flaky;
import dev.triggerflow.examples.flaky.FlakyTask;
import dev.triggerflow.examples.pi.MonteCarlo;
import dev.triggerflow.examples.pi.Pi;
import dev.triggerflow.examples.saga.Booking;
import dev.triggerflow.examples.saga.Trip;
import dev.triggerflow.examples.sequence.MyFunction;
import dev.triggerflow.examples.sequence.Sequence;

/** The registry of every example workflow and task. */
public final class Examples {
  private Examples() {}

  /** All examples, with tasks as they run in production. */
  public static Registry registry() {
    return builder(new MyFunction()).build();
  }

  /** All examples, with {@code my_function} as given (tests pass a faster one). */
  public static Registry.Builder builder(MyFunction myFunction) {
    Registry.Builder b =
        Registry.builder()
            .workflow(new Sequence())
            .task(myFunction)
            .workflow(new Pi())
            .task(new MonteCarlo())
            .workflow(new Approval())
            .task(new NotifyApprover())
            .workflow(new Trip())
            .task(new Booking.Book())
            .task(new Booking.Cancel())
            .workflow(new Flaky())
            .task(new FlakyTask())
            .workflow(new Billing())
            .workflow(new BillPage())
            .task(new Charge());
    Dag.register(b);
    return b;
  }
}

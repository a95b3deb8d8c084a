package dev.triggerflow.examples.saga;

import dev.triggerflow.api.TaskFailedException;
import dev.triggerflow.api.TaskRef;
import dev.triggerflow.api.Workflow;
import dev.triggerflow.api.WorkflowContext;
import dev.triggerflow.api.WorkflowName;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A saga: books a flight, a hotel and a car; when a booking fails, undoes the bookings made so far
 * in reverse order, then reports the failure. The compensations are ordinary task calls, recorded
 * in the history like any other.
 */
@WorkflowName("saga")
public final class Trip implements Workflow<Trip.Plan, String> {

  /** The trip, and (for trying it out) which booking should fail: flight, hotel, car or none. */
  public record Plan(String traveller, String failAt) {}

  private static final TaskRef<Booking.Request, String> BOOK = TaskRef.of(Booking.Book.class);
  private static final TaskRef<String, String> CANCEL = TaskRef.of(Booking.Cancel.class);

  @Override
  public String run(WorkflowContext ctx, Plan plan) {
    Deque<String> made = new ArrayDeque<>();
    for (String kind : new String[] {"flight", "hotel", "car"}) {
      try {
        String confirmation =
            ctx.call(BOOK, new Booking.Request(kind, plan.traveller(), kind.equals(plan.failAt())))
                .get();
        made.push(confirmation);
      } catch (TaskFailedException e) {
        StringBuilder undone = new StringBuilder();
        while (!made.isEmpty()) {
          undone.append(' ').append(ctx.call(CANCEL, made.pop()).get());
        }
        return "FAILED booking " + kind + " (" + e.errorMessage() + "); compensated:" + undone;
      }
    }
    java.util.List<String> inOrder = new java.util.ArrayList<>(made);
    java.util.Collections.reverse(inOrder);
    return "BOOKED " + String.join(", ", inOrder);
  }
}

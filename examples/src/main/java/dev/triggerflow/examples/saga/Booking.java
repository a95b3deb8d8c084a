package dev.triggerflow.examples.saga;

import dev.triggerflow.api.Task;
import dev.triggerflow.api.TaskContext;
import dev.triggerflow.api.TaskName;

/** The saga's bookings and their compensations. */
public final class Booking {
  private Booking() {}

  /** A booking to make. */
  public record Request(String kind, String traveller, boolean fail) {}

  /** Makes a booking; returns its confirmation. */
  @TaskName("book")
  public static final class Book implements Task<Request, String> {
    @Override
    public String run(TaskContext ctx, Request r) {
      if (r.fail()) {
        throw new IllegalStateException("no " + r.kind() + " available for " + r.traveller());
      }
      return r.kind() + "-" + ctx.idempotencyKey().hashCode();
    }
  }

  /** Cancels a booking by its confirmation. */
  @TaskName("cancel_booking")
  public static final class Cancel implements Task<String, String> {
    @Override
    public String run(TaskContext ctx, String confirmation) {
      return "cancelled " + confirmation;
    }
  }
}

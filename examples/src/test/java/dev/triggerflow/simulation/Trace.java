package dev.triggerflow.simulation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * What one simulation run did, line by line: each delivery, each fault and what it led to, with the
 * simulated time and the nesting depth of interleaved deliveries. Only decisions and outcomes are
 * written, never random ids, so the same seed writes the same trace.
 */
final class Trace {
  private final List<String> lines = new ArrayList<>();
  private Supplier<Instant> clock = () -> Simulation.START;
  private IntSupplier depth = () -> 0;

  /** Where the time and the nesting depth of each line come from. */
  void attach(Supplier<Instant> clock, IntSupplier depth) {
    this.clock = clock;
    this.depth = depth;
  }

  void add(String line) {
    long seconds = Duration.between(Simulation.START, clock.get()).toSeconds();
    lines.add(
        String.format(
            "%4d t+%-7d %s%s", lines.size(), seconds, "  ".repeat(depth.getAsInt()), line));
  }

  int size() {
    return lines.size();
  }

  List<String> lines() {
    return Collections.unmodifiableList(lines);
  }
}

package dev.triggerflow.aws.fakes;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.event.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Engine events for tests. */
public final class Events {
  /** A fixed time, so events are the same on every run. */
  public static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private Events() {}

  /** The success event of call {@code callId} (its own group) with a text result. */
  public static Event succeeded(String runId, int callId, String result) {
    return EngineEvents.taskSucceeded(runId, callId, callId, 1, new TextNode(result), T0);
  }

  /** {@code n} success events of calls 1..n, each with a result of about {@code bytes} bytes. */
  public static List<Event> many(String runId, int n, int bytes) {
    List<Event> events = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      events.add(succeeded(runId, i, "x".repeat(bytes)));
    }
    return events;
  }
}

package dev.triggerflow.store.memory;

import dev.triggerflow.event.Event;
import dev.triggerflow.spi.InboxStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Pending events in memory, in arrival order per run. */
public final class InMemoryInboxStore implements InboxStore {
  private final ConcurrentMap<String, Map<String, Event>> runs = new ConcurrentHashMap<>();

  @Override
  public PutOutcome put(String runId, Event event) {
    Map<String, Event> pending = runs.computeIfAbsent(runId, id -> new LinkedHashMap<>());
    synchronized (pending) {
      Event existing = pending.putIfAbsent(event.id(), event);
      if (existing == null) {
        return PutOutcome.ADDED;
      }
      return sameContent(existing, event) ? PutOutcome.DUPLICATE : PutOutcome.CONFLICT;
    }
  }

  static boolean sameContent(Event a, Event b) {
    return a.type().equals(b.type())
        && a.subject().equals(b.subject())
        && Objects.equals(a.data(), b.data());
  }

  @Override
  public List<Event> pending(String runId) {
    Map<String, Event> pending = runs.get(runId);
    if (pending == null) {
      return List.of();
    }
    synchronized (pending) {
      return new ArrayList<>(pending.values());
    }
  }

  @Override
  public void remove(String runId, Collection<String> eventIds) {
    Map<String, Event> pending = runs.get(runId);
    if (pending == null) {
      return;
    }
    synchronized (pending) {
      eventIds.forEach(pending::remove);
    }
  }
}

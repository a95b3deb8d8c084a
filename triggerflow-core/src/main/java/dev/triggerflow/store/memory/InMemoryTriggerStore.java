package dev.triggerflow.store.memory;

import dev.triggerflow.spi.TriggerStore;
import dev.triggerflow.trigger.Trigger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Triggers in memory, indexed by run and subject. */
public final class InMemoryTriggerStore implements TriggerStore {
  private final ConcurrentMap<String, RunTriggers> runs = new ConcurrentHashMap<>();

  private static final class RunTriggers {
    final Map<String, Trigger> byId = new LinkedHashMap<>();
    final Map<String, List<String>> bySubject = new ConcurrentHashMap<>();
  }

  private RunTriggers of(String runId) {
    return runs.computeIfAbsent(runId, id -> new RunTriggers());
  }

  @Override
  public void create(Trigger trigger) {
    RunTriggers t = of(trigger.runId());
    synchronized (t) {
      if (t.byId.putIfAbsent(trigger.id(), trigger) == null) {
        for (String subject : trigger.subjects()) {
          t.bySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(trigger.id());
        }
      }
    }
  }

  @Override
  public List<Trigger> findBySubject(String runId, String subject) {
    RunTriggers t = runs.get(runId);
    if (t == null) {
      return List.of();
    }
    synchronized (t) {
      List<Trigger> found = new ArrayList<>();
      for (String id : t.bySubject.getOrDefault(subject, List.of())) {
        Trigger trigger = t.byId.get(id);
        if (trigger != null) {
          found.add(trigger);
        }
      }
      return found;
    }
  }

  @Override
  public Optional<Trigger> get(String runId, String triggerId) {
    RunTriggers t = runs.get(runId);
    if (t == null) {
      return Optional.empty();
    }
    synchronized (t) {
      return Optional.ofNullable(t.byId.get(triggerId));
    }
  }

  @Override
  public boolean replace(Trigger current, Trigger updated) {
    RunTriggers t = runs.get(current.runId());
    if (t == null) {
      return false;
    }
    synchronized (t) {
      Trigger stored = t.byId.get(current.id());
      if (stored == null || stored.version() != current.version()) {
        return false;
      }
      t.byId.put(current.id(), updated);
      return true;
    }
  }

  @Override
  public List<Trigger> list(String runId) {
    RunTriggers t = runs.get(runId);
    if (t == null) {
      return List.of();
    }
    synchronized (t) {
      return new ArrayList<>(t.byId.values());
    }
  }

  @Override
  public void deleteAll(String runId) {
    runs.remove(runId);
  }
}

package dev.triggerflow.store.memory;

import dev.triggerflow.spi.TriggerStore;
import dev.triggerflow.trigger.Trigger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Triggers in memory, indexed by run and subject.
 *
 * <p>Triggers are copied on the way in and out, as a durable store would serialise them: their
 * context and parameters are mutable JSON trees, and sharing them with callers would let a caller's
 * change reach the store without a version-checked replace, hiding lost updates that every other
 * store would show.
 */
public final class InMemoryTriggerStore implements TriggerStore {
  private final ConcurrentMap<String, RunTriggers> runs = new ConcurrentHashMap<>();

  private static final class RunTriggers {
    final Map<String, Trigger> byId = new LinkedHashMap<>();
    final Map<String, Set<String>> bySubject = new HashMap<>();

    void index(Trigger trigger) {
      for (String subject : trigger.subjects()) {
        bySubject.computeIfAbsent(subject, s -> new LinkedHashSet<>()).add(trigger.id());
      }
    }

    void unindex(Trigger trigger) {
      for (String subject : trigger.subjects()) {
        Set<String> ids = bySubject.get(subject);
        if (ids != null) {
          ids.remove(trigger.id());
          if (ids.isEmpty()) {
            bySubject.remove(subject);
          }
        }
      }
    }
  }

  @Override
  public void create(Trigger trigger) {
    // compute() rather than get-then-add, so a create cannot land in a set deleteAll just dropped.
    runs.compute(
        trigger.runId(),
        (runId, existing) -> {
          RunTriggers t = existing != null ? existing : new RunTriggers();
          synchronized (t) {
            if (!t.byId.containsKey(trigger.id())) {
              t.byId.put(trigger.id(), copyOf(trigger));
              t.index(trigger);
            }
          }
          return t;
        });
  }

  @Override
  public List<Trigger> findBySubject(String runId, String subject) {
    RunTriggers t = runs.get(runId);
    if (t == null) {
      return List.of();
    }
    synchronized (t) {
      List<Trigger> found = new ArrayList<>();
      for (String id : t.bySubject.getOrDefault(subject, Set.of())) {
        Trigger trigger = t.byId.get(id);
        if (trigger != null) {
          found.add(copyOf(trigger));
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
      return Optional.ofNullable(t.byId.get(triggerId)).map(InMemoryTriggerStore::copyOf);
    }
  }

  @Override
  public boolean replace(Trigger current, Trigger updated) {
    requireSameTrigger(current, updated);
    RunTriggers t = runs.get(current.runId());
    if (t == null) {
      return false;
    }
    synchronized (t) {
      Trigger stored = t.byId.get(current.id());
      if (stored == null || stored.version() != current.version()) {
        return false;
      }
      t.unindex(stored);
      t.byId.put(current.id(), copyOf(updated));
      t.index(updated);
      return true;
    }
  }

  /** Rejects a replacement that would store one trigger under another's key. */
  static void requireSameTrigger(Trigger current, Trigger updated) {
    if (!current.runId().equals(updated.runId()) || !current.id().equals(updated.id())) {
      throw new IllegalArgumentException(
          "trigger "
              + current.id()
              + " of run '"
              + current.runId()
              + "' cannot be replaced by trigger "
              + updated.id()
              + " of run '"
              + updated.runId()
              + "'");
    }
  }

  @Override
  public List<Trigger> list(String runId) {
    RunTriggers t = runs.get(runId);
    if (t == null) {
      return List.of();
    }
    synchronized (t) {
      List<Trigger> all = new ArrayList<>();
      for (Trigger trigger : t.byId.values()) {
        all.add(copyOf(trigger));
      }
      return all;
    }
  }

  @Override
  public void deleteAll(String runId) {
    runs.remove(runId);
  }

  private static Trigger copyOf(Trigger t) {
    return new Trigger(
        t.runId(),
        t.id(),
        t.subjects(),
        t.types(),
        t.condition(),
        t.conditionParams().deepCopy(),
        t.action(),
        t.actionParams().deepCopy(),
        t.context().deepCopy(),
        t.isTransient(),
        t.seen(),
        t.fired(),
        t.firedBy(),
        t.actionDone(),
        t.version(),
        t.createdAt(),
        t.firedAt());
  }
}

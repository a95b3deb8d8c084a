package dev.triggerflow.simulation;

import dev.triggerflow.event.Event;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.spi.DeadLetter;
import dev.triggerflow.spi.DeadLetterStore;
import dev.triggerflow.spi.HistoryStore;
import dev.triggerflow.spi.InboxStore;
import dev.triggerflow.spi.LeaseOutcome;
import dev.triggerflow.spi.ReleaseOutcome;
import dev.triggerflow.spi.RunPage;
import dev.triggerflow.spi.RunQuery;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStore;
import dev.triggerflow.spi.RunUpdate;
import dev.triggerflow.spi.Stores;
import dev.triggerflow.spi.TriggerStore;
import dev.triggerflow.trigger.SeenEvents;
import dev.triggerflow.trigger.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The engine's stores as the simulation hands them out: every operation is a persistence point at
 * which the simulation may crash the caller (before or after the operation) or run another ready
 * delivery in between, and every write is reported to the {@link Checks}. Underneath are the
 * in-memory stores, read directly (without faults) by the checks.
 */
final class SimStores {

  /** The hook the simulation puts at each persistence point. */
  interface Points {
    <T> T point(String operation, Supplier<T> action);

    default void point(String operation, Runnable action) {
      point(
          operation,
          () -> {
            action.run();
            return null;
          });
    }
  }

  private SimStores() {}

  /** The decorated stores over {@code raw}. */
  static Stores wrap(Stores raw, Points points, Checks checks, Mutation mutation) {
    return new Stores(
        new Runs(raw.runs(), points, checks, mutation),
        new History(raw.history(), points, checks),
        new Inbox(raw.inbox(), points),
        new Triggers(raw.triggers(), points, checks, mutation),
        new DeadLetters(raw.deadLetters(), points));
  }

  private record Runs(RunStore raw, Points points, Checks checks, Mutation mutation)
      implements RunStore {
    @Override
    public boolean create(RunRecord run) {
      return points.point("runs.create", () -> raw.create(run));
    }

    @Override
    public Optional<RunRecord> get(String runId) {
      return points.point("runs.get", () -> raw.get(runId));
    }

    @Override
    public LeaseOutcome acquireLease(String runId, String owner, Instant now, Duration duration) {
      return points.point(
          "runs.acquireLease",
          () -> {
            LeaseOutcome outcome = raw.acquireLease(runId, owner, now, duration);
            checks.count("lease " + outcome.getClass().getSimpleName());
            if (outcome instanceof LeaseOutcome.Acquired) {
              checks.onLeaseAcquired(runId);
            }
            return outcome;
          });
    }

    @Override
    public Optional<RunRecord> recordEventArrival(String runId) {
      return points.point("runs.recordEventArrival", () -> raw.recordEventArrival(runId));
    }

    @Override
    public ReleaseOutcome release(
        String runId, String owner, long observedWakeSeq, RunUpdate update, Instant now) {
      return points.point(
          "runs.release",
          () -> {
            RunRecord before = raw.get(runId).orElse(null);
            long seq =
                mutation == Mutation.RELEASE_IGNORES_WAKE_SEQ && before != null
                    ? before.wakeSeq()
                    : observedWakeSeq;
            ReleaseOutcome outcome = raw.release(runId, owner, seq, update, now);
            checks.count("release " + outcome);
            checks.onRunWrite(before, raw.get(runId).orElse(null));
            return outcome;
          });
    }

    @Override
    public RunPage list(RunQuery query) {
      return points.point("runs.list", () -> raw.list(query));
    }
  }

  private record History(HistoryStore raw, Points points, Checks checks) implements HistoryStore {
    @Override
    public void append(String runId, int episode, List<HistoryEvent> events) {
      points.point(
          "history.append",
          () -> {
            try {
              raw.append(runId, episode, events);
            } catch (HistoryConflictException e) {
              checks.count("stale append refused");
              throw e;
            }
            checks.onAppend(runId, episode, events);
          });
    }

    @Override
    public List<HistoryEvent> read(String runId, int fromEpisode) {
      return points.point("history.read", () -> raw.read(runId, fromEpisode));
    }
  }

  private record Inbox(InboxStore raw, Points points) implements InboxStore {
    @Override
    public PutOutcome put(String runId, Event event) {
      return points.point("inbox.put", () -> raw.put(runId, event));
    }

    @Override
    public List<Event> pending(String runId) {
      return points.point("inbox.pending", () -> raw.pending(runId));
    }

    @Override
    public void remove(String runId, Collection<String> eventIds) {
      points.point("inbox.remove", () -> raw.remove(runId, eventIds));
    }
  }

  private record Triggers(TriggerStore raw, Points points, Checks checks, Mutation mutation)
      implements TriggerStore {
    @Override
    public void create(Trigger trigger) {
      points.point(
          "triggers.create",
          () -> {
            checks.onTriggerCreate(trigger);
            raw.create(trigger);
          });
    }

    @Override
    public List<Trigger> findBySubject(String runId, String subject) {
      return points.point(
          "triggers.findBySubject",
          () -> raw.findBySubject(runId, subject).stream().map(this::mutated).toList());
    }

    @Override
    public Optional<Trigger> get(String runId, String triggerId) {
      return points.point("triggers.get", () -> raw.get(runId, triggerId).map(this::mutated));
    }

    @Override
    public boolean replace(Trigger current, Trigger updated) {
      return points.point(
          "triggers.replace",
          () -> {
            Trigger before = raw.get(current.runId(), current.id()).orElse(null);
            Trigger expected =
                mutation == Mutation.TRIGGER_REPLACE_IGNORES_VERSION && before != null
                    ? before
                    : current;
            boolean replaced = raw.replace(expected, updated);
            if (replaced) {
              checks.onReplace(before, updated);
            } else {
              checks.count("trigger update conflict");
            }
            return replaced;
          });
    }

    @Override
    public List<Trigger> list(String runId) {
      return points.point("triggers.list", () -> raw.list(runId));
    }

    @Override
    public void deleteAll(String runId) {
      points.point("triggers.deleteAll", () -> raw.deleteAll(runId));
    }

    private Trigger mutated(Trigger t) {
      if (mutation != Mutation.TRIGGERS_FORGET_SEEN_EVENTS) {
        return t;
      }
      return new Trigger(
          t.runId(),
          t.id(),
          t.subjects(),
          t.types(),
          t.condition(),
          t.conditionParams(),
          t.action(),
          t.actionParams(),
          t.context(),
          t.isTransient(),
          SeenEvents.empty(),
          t.fired(),
          t.firedBy(),
          t.actionDone(),
          t.version(),
          t.createdAt());
    }
  }

  private record DeadLetters(DeadLetterStore raw, Points points) implements DeadLetterStore {
    @Override
    public void put(DeadLetter letter) {
      points.point("deadLetters.put", () -> raw.put(letter));
    }

    @Override
    public List<DeadLetter> list(int limit) {
      return raw.list(limit);
    }
  }
}

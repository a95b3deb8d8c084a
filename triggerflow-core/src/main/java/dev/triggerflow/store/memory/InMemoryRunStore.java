package dev.triggerflow.store.memory;

import dev.triggerflow.spi.LeaseOutcome;
import dev.triggerflow.spi.ReleaseOutcome;
import dev.triggerflow.spi.RunPage;
import dev.triggerflow.spi.RunQuery;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStore;
import dev.triggerflow.spi.RunUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** Runs in memory; each operation is atomic on its one record. */
public final class InMemoryRunStore implements RunStore {
  private final ConcurrentMap<String, RunRecord> runs = new ConcurrentHashMap<>();

  @Override
  public boolean create(RunRecord run) {
    return runs.putIfAbsent(run.runId(), run) == null;
  }

  @Override
  public Optional<RunRecord> get(String runId) {
    return Optional.ofNullable(runs.get(runId));
  }

  @Override
  public LeaseOutcome acquireLease(String runId, String owner, Instant now, Duration duration) {
    LeaseOutcome[] outcome = new LeaseOutcome[1];
    runs.computeIfPresent(
        runId,
        (id, run) -> {
          if (run.leaseHeldByOther(owner, now)) {
            outcome[0] = new LeaseOutcome.Held(run.leaseOwner(), run.leaseExpiresAt());
            return run;
          }
          RunRecord leased = run.withLease(owner, now.plus(duration));
          outcome[0] = new LeaseOutcome.Acquired(leased);
          return leased;
        });
    return outcome[0] == null ? new LeaseOutcome.NotFound() : outcome[0];
  }

  @Override
  public Optional<RunRecord> recordEventArrival(String runId) {
    return Optional.ofNullable(runs.computeIfPresent(runId, (id, run) -> run.withEventArrived()));
  }

  @Override
  public ReleaseOutcome release(
      String runId, String owner, long observedWakeSeq, RunUpdate update, Instant now) {
    ReleaseOutcome[] outcome = {ReleaseOutcome.LEASE_LOST};
    runs.computeIfPresent(
        runId,
        (id, run) -> {
          if (!owner.equals(run.leaseOwner())) {
            outcome[0] = ReleaseOutcome.LEASE_LOST;
            return run;
          }
          if (run.wakeSeq() != observedWakeSeq) {
            outcome[0] = ReleaseOutcome.EVENTS_ARRIVED;
            return run;
          }
          outcome[0] = ReleaseOutcome.RELEASED;
          return run.apply(update, null, null, now);
        });
    return outcome[0];
  }

  @Override
  public RunPage list(RunQuery query) {
    List<RunRecord> all = new ArrayList<>();
    for (RunRecord r : runs.values()) {
      if ((query.workflow() == null || query.workflow().equals(r.workflow()))
          && (query.status() == null || query.status() == r.status())) {
        all.add(r);
      }
    }
    all.sort(Comparator.comparing(RunRecord::createdAt).reversed().thenComparing(RunRecord::runId));
    int start = query.pageToken() == null ? 0 : Integer.parseInt(query.pageToken());
    int end = Math.min(all.size(), start + query.limit());
    String next = end < all.size() ? Integer.toString(end) : null;
    return new RunPage(all.subList(Math.min(start, end), end), next);
  }
}

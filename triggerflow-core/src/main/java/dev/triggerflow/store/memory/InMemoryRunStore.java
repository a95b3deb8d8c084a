package dev.triggerflow.store.memory;

import dev.triggerflow.spi.LeaseOutcome;
import dev.triggerflow.spi.ReleaseOutcome;
import dev.triggerflow.spi.RunPage;
import dev.triggerflow.spi.RunQuery;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStore;
import dev.triggerflow.spi.RunUpdate;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
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

  /**
   * Lists runs newest first, ties broken by run id (descending, as the SQLite store does). The page
   * token names the last run of the previous page (its creation time and id) rather than a
   * position, so runs started between two pages neither repeat nor push older runs out of the
   * listing.
   */
  @Override
  public RunPage list(RunQuery query) {
    PageToken after = query.pageToken() == null ? null : PageToken.parse(query.pageToken());
    List<RunRecord> matching = new ArrayList<>();
    for (RunRecord r : runs.values()) {
      if ((query.workflow() == null || query.workflow().equals(r.workflow()))
          && (query.status() == null || query.status() == r.status())
          && (after == null || after.precedes(r))) {
        matching.add(r);
      }
    }
    matching.sort(ORDER);
    if (matching.size() <= query.limit()) {
      return new RunPage(matching, null);
    }
    List<RunRecord> page = matching.subList(0, query.limit());
    return new RunPage(page, PageToken.of(page.get(page.size() - 1)).format());
  }

  private static final Comparator<RunRecord> ORDER =
      Comparator.comparing(RunRecord::createdAt).thenComparing(RunRecord::runId).reversed();

  /** Where a page ended: the creation time and id of its last run. */
  private record PageToken(Instant createdAt, String runId) {
    static PageToken of(RunRecord run) {
      return new PageToken(run.createdAt(), run.runId());
    }

    String format() {
      String plain = createdAt.getEpochSecond() + ":" + createdAt.getNano() + ":" + runId;
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static PageToken parse(String token) {
      try {
        String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        String[] parts = plain.split(":", 3);
        if (parts.length != 3) {
          throw new IllegalArgumentException("three parts expected");
        }
        Instant createdAt =
            Instant.ofEpochSecond(Long.parseLong(parts[0]), Integer.parseInt(parts[1]));
        return new PageToken(createdAt, parts[2]);
      } catch (IllegalArgumentException | DateTimeException e) {
        throw new IllegalArgumentException(
            "page token '" + token + "' is not one this store returned", e);
      }
    }

    /** Whether {@code run} comes after this position in the listing order. */
    boolean precedes(RunRecord run) {
      int byTime = run.createdAt().compareTo(createdAt);
      return byTime < 0 || (byTime == 0 && run.runId().compareTo(runId) < 0);
    }
  }
}

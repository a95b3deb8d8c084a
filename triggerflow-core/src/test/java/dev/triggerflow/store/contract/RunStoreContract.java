package dev.triggerflow.store.contract;

import static dev.triggerflow.store.contract.Fixtures.T0;
import static dev.triggerflow.store.contract.Fixtures.awkwardJson;
import static dev.triggerflow.store.contract.Fixtures.json;
import static dev.triggerflow.store.contract.Fixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.triggerflow.spi.LeaseOutcome;
import dev.triggerflow.spi.ReleaseOutcome;
import dev.triggerflow.spi.RunPage;
import dev.triggerflow.spi.RunQuery;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import dev.triggerflow.spi.RunStore;
import dev.triggerflow.spi.RunUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RunStore} must have: single-record atomic writes, the lease that lets
 * one orchestrator at a time work on a run, the wake counter that makes a release fail when events
 * arrived, and paged listing. Subclass it with a factory for a fresh, empty store.
 */
public abstract class RunStoreContract {
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final Instant T1 = T0.plusSeconds(60);
  private static final Instant EXPIRY = T1.plus(LEASE);
  private static final int RACE_ROUNDS = 20;
  private static final int RACE_THREADS = 8;

  private RunStore store;

  /** A new, empty store; called before each test. */
  protected abstract RunStore newRunStore();

  @BeforeEach
  final void openRunStore() {
    store = newRunStore();
  }

  // create and get

  @Test
  void create_newRun_returnsTrueAndStoresItExactly() {
    RunRecord run = RunRecord.started("run-1", "orders.v1", awkwardJson(), T0);

    boolean created = store.create(run);

    assertThat(created).isTrue();
    assertThat(store.get("run-1")).contains(run);
  }

  @Test
  void create_fullyPopulatedRecord_roundTripsEveryField() {
    RunRecord run =
        new RunRecord(
            "run-full",
            "billing_2.monthly-close",
            awkwardJson(),
            RunStatus.FAILED,
            json("[1,2,{\"x\":null}]"),
            "TaskFailed",
            "boom \u2713 \"quoted\"\nsecond line",
            T0,
            T0.plusNanos(1),
            7,
            "owner-a",
            EXPIRY.plusNanos(3),
            12,
            11,
            4,
            9,
            "run-parent",
            3);

    store.create(run);

    assertThat(store.get("run-full")).contains(run);
  }

  @Test
  void create_missingInputAndJsonNullInput_stayDistinct() {
    RunRecord missing = RunRecord.started("run-missing", "wf", null, T0);
    RunRecord jsonNull = RunRecord.started("run-null", "wf", NullNode.getInstance(), T0);

    store.create(missing);
    store.create(jsonNull);

    assertThat(store.get("run-missing")).contains(missing);
    assertThat(store.get("run-null")).contains(jsonNull);
  }

  @Test
  void create_existingId_returnsFalseAndKeepsTheFirst() {
    RunRecord first = run("run-1", "wf", T0);
    store.create(first);

    boolean created = store.create(RunRecord.started("run-1", "other", json("2"), T1));

    assertThat(created).isFalse();
    assertThat(store.get("run-1")).contains(first);
  }

  @Test
  void get_unknownRun_isEmpty() {
    store.create(run("run-1", "wf", T0));

    Optional<RunRecord> found = store.get("run-2");

    assertThat(found).isEmpty();
  }

  // acquireLease

  @Test
  void acquireLease_freeRun_isAcquiredUntilNowPlusDuration() {
    RunRecord run = run("run-1", "wf", T0);
    store.create(run);

    LeaseOutcome outcome = store.acquireLease("run-1", "owner-a", T1, LEASE);

    RunRecord leased = run.withLease("owner-a", EXPIRY);
    assertThat(outcome).isEqualTo(new LeaseOutcome.Acquired(leased));
    assertThat(store.get("run-1")).contains(leased);
  }

  @Test
  void acquireLease_heldByOtherUntilAfterNow_returnsHeldAndChangesNothing() {
    RunRecord run = run("run-1", "wf", T0);
    store.create(run);
    store.acquireLease("run-1", "owner-a", T1, LEASE);

    LeaseOutcome outcome = store.acquireLease("run-1", "owner-b", EXPIRY.minusNanos(1), LEASE);

    assertThat(outcome).isEqualTo(new LeaseOutcome.Held("owner-a", EXPIRY));
    assertThat(store.get("run-1")).contains(run.withLease("owner-a", EXPIRY));
  }

  @Test
  void acquireLease_expiredLeaseOfOther_isTakenOver() {
    RunRecord run = run("run-1", "wf", T0);
    store.create(run);
    store.acquireLease("run-1", "owner-a", T1, LEASE);
    Instant later = EXPIRY.plusSeconds(5);

    LeaseOutcome outcome = store.acquireLease("run-1", "owner-b", later, LEASE);

    RunRecord leased = run.withLease("owner-b", later.plus(LEASE));
    assertThat(outcome).isEqualTo(new LeaseOutcome.Acquired(leased));
    assertThat(store.get("run-1")).contains(leased);
  }

  @Test
  void acquireLease_atTheExactExpiryOfOther_isTakenOver() {
    RunRecord run = run("run-1", "wf", T0);
    store.create(run);
    store.acquireLease("run-1", "owner-a", T1, LEASE);

    LeaseOutcome outcome = store.acquireLease("run-1", "owner-b", EXPIRY, LEASE);

    assertThat(outcome)
        .isEqualTo(new LeaseOutcome.Acquired(run.withLease("owner-b", EXPIRY.plus(LEASE))));
  }

  @Test
  void acquireLease_heldBySameOwner_isAcquiredAgainWithNewExpiry() {
    RunRecord run = run("run-1", "wf", T0);
    store.create(run);
    store.acquireLease("run-1", "owner-a", T1, LEASE);
    Instant later = T1.plusSeconds(10);

    LeaseOutcome outcome = store.acquireLease("run-1", "owner-a", later, LEASE);

    RunRecord leased = run.withLease("owner-a", later.plus(LEASE));
    assertThat(outcome).isEqualTo(new LeaseOutcome.Acquired(leased));
    assertThat(store.get("run-1")).contains(leased);
  }

  @Test
  void acquireLease_unknownRun_returnsNotFoundAndCreatesNothing() {
    LeaseOutcome outcome = store.acquireLease("run-1", "owner-a", T1, LEASE);

    assertThat(outcome).isEqualTo(new LeaseOutcome.NotFound());
    assertThat(store.get("run-1")).isEmpty();
  }

  @Test
  void acquireLease_concurrentOrchestrators_exactlyOneWins() {
    for (int round = 0; round < RACE_ROUNDS; round++) {
      String runId = "run-" + round;
      store.create(run(runId, "wf", T0));

      List<LeaseOutcome> outcomes =
          Race.run(RACE_THREADS, i -> store.acquireLease(runId, "owner-" + i, T1, LEASE));

      List<String> winners = new ArrayList<>();
      for (int i = 0; i < outcomes.size(); i++) {
        if (outcomes.get(i) instanceof LeaseOutcome.Acquired) {
          winners.add("owner-" + i);
        }
      }
      assertThat(winners).as("winners of round %s", round).hasSize(1);
      String winner = winners.get(0);
      assertThat(outcomes)
          .filteredOn(o -> !(o instanceof LeaseOutcome.Acquired))
          .containsOnly(new LeaseOutcome.Held(winner, EXPIRY));
      assertThat(store.get(runId).orElseThrow().leaseOwner()).isEqualTo(winner);
    }
  }

  // recordEventArrival

  @Test
  void recordEventArrival_existingRun_incrementsWakeSeqAndReturnsTheRun() {
    RunRecord run = run("run-1", "wf", T0);
    store.create(run);

    Optional<RunRecord> first = store.recordEventArrival("run-1");
    Optional<RunRecord> second = store.recordEventArrival("run-1");

    assertThat(first).contains(run.withEventArrived());
    assertThat(second).contains(run.withEventArrived().withEventArrived());
    assertThat(store.get("run-1").orElseThrow().wakeSeq()).isEqualTo(2);
  }

  @Test
  void recordEventArrival_unknownRun_isEmptyAndCreatesNothing() {
    Optional<RunRecord> after = store.recordEventArrival("run-1");

    assertThat(after).isEmpty();
    assertThat(store.get("run-1")).isEmpty();
  }

  @Test
  void recordEventArrival_whileLeased_keepsTheLease() {
    RunRecord run = run("run-1", "wf", T0);
    store.create(run);
    store.acquireLease("run-1", "owner-a", T1, LEASE);

    Optional<RunRecord> after = store.recordEventArrival("run-1");

    RunRecord expected = run.withLease("owner-a", EXPIRY).withEventArrived();
    assertThat(after).contains(expected);
    assertThat(store.get("run-1")).contains(expected);
  }

  @Test
  void recordEventArrival_concurrentArrivals_countsEveryOne() {
    store.create(run("run-1", "wf", T0));
    int perThread = 25;

    Race.run(
        RACE_THREADS,
        i -> {
          for (int n = 0; n < perThread; n++) {
            store.recordEventArrival("run-1");
          }
          return null;
        });

    assertThat(store.get("run-1").orElseThrow().wakeSeq())
        .isEqualTo((long) RACE_THREADS * perThread);
  }

  // release

  @Test
  void create_childRun_keepsItsParentRunAndCall() {
    RunRecord child = RunRecord.child("run-1.child-2", "wf", json("{}"), T0, "run-1", 2);

    store.create(child);

    assertThat(store.get("run-1.child-2")).contains(child);
  }

  @Test
  void release_wakeSeqUnchanged_writesTheUpdateAndClearsTheLease() {
    RunRecord run = RunRecord.child("run-1", "orders", json("{\"n\":1}"), T0, "run-0", 2);
    store.create(run);
    store.acquireLease("run-1", "owner-a", T1, LEASE);
    Instant now = T1.plusSeconds(3);
    RunUpdate update =
        new RunUpdate(RunStatus.COMPLETED, json("{\"total\":6}"), null, null, 5, 4, 2, 3);

    ReleaseOutcome outcome = store.release("run-1", "owner-a", 0, update, now);

    assertThat(outcome).isEqualTo(ReleaseOutcome.RELEASED);
    assertThat(store.get("run-1"))
        .contains(
            new RunRecord(
                "run-1",
                "orders",
                run.input(),
                RunStatus.COMPLETED,
                json("{\"total\":6}"),
                null,
                null,
                T0,
                now,
                0,
                null,
                null,
                5,
                4,
                2,
                3,
                "run-0",
                2));
  }

  @Test
  void release_failure_writesErrorTypeAndMessage() {
    store.create(run("run-1", "wf", T0));
    store.acquireLease("run-1", "owner-a", T1, LEASE);
    RunUpdate update = new RunUpdate(RunStatus.FAILED, null, "Boom", "it broke", 3, 3, 1, 0);

    store.release("run-1", "owner-a", 0, update, T1);

    RunRecord stored = store.get("run-1").orElseThrow();
    assertThat(stored.status()).isEqualTo(RunStatus.FAILED);
    assertThat(stored.result()).isNull();
    assertThat(stored.errorType()).isEqualTo("Boom");
    assertThat(stored.errorMessage()).isEqualTo("it broke");
  }

  @Test
  void release_smallerCounters_keepsTheLargerStoredValues() {
    store.create(run("run-1", "wf", T0));
    leaseAndRelease("run-1", new RunUpdate(null, null, null, null, 10, 9, 3, 7));

    leaseAndRelease("run-1", new RunUpdate(null, null, null, null, 12, 2, 1, 4));

    RunRecord stored = store.get("run-1").orElseThrow();
    assertThat(stored.historyLength()).isEqualTo(12);
    assertThat(stored.dispatchedThrough()).isEqualTo(9);
    assertThat(stored.episodes()).isEqualTo(3);
    assertThat(stored.firstOpenCall()).isEqualTo(7);
  }

  @Test
  void release_emptyUpdate_keepsStatusResultAndError() {
    store.create(run("run-1", "wf", T0));
    leaseAndRelease(
        "run-1", new RunUpdate(RunStatus.FAILED, json("{\"partial\":true}"), "E", "m", 2, 2, 1, 0));

    leaseAndRelease("run-1", RunUpdate.none());

    RunRecord stored = store.get("run-1").orElseThrow();
    assertThat(stored.status()).isEqualTo(RunStatus.FAILED);
    assertThat(stored.result()).isEqualTo(json("{\"partial\":true}"));
    assertThat(stored.errorType()).isEqualTo("E");
    assertThat(stored.errorMessage()).isEqualTo("m");
    assertThat(stored.historyLength()).isEqualTo(2);
  }

  @Test
  void release_afterEventArrived_returnsEventsArrivedAndKeepsLease() {
    RunRecord run = run("run-1", "wf", T0);
    store.create(run);
    store.acquireLease("run-1", "owner-a", T1, LEASE);
    store.recordEventArrival("run-1");
    RunUpdate update = new RunUpdate(RunStatus.COMPLETED, json("1"), null, null, 4, 4, 1, 0);

    ReleaseOutcome outcome = store.release("run-1", "owner-a", 0, update, T1.plusSeconds(1));

    assertThat(outcome).isEqualTo(ReleaseOutcome.EVENTS_ARRIVED);
    assertThat(store.get("run-1")).contains(run.withLease("owner-a", EXPIRY).withEventArrived());
  }

  @Test
  void release_afterRunningAgainWithTheNewWakeSeq_isReleased() {
    store.create(run("run-1", "wf", T0));
    store.acquireLease("run-1", "owner-a", T1, LEASE);
    store.recordEventArrival("run-1");
    store.release("run-1", "owner-a", 0, RunUpdate.none(), T1);
    LeaseOutcome again = store.acquireLease("run-1", "owner-a", T1.plusSeconds(1), LEASE);
    long observed = ((LeaseOutcome.Acquired) again).run().wakeSeq();

    ReleaseOutcome outcome =
        store.release("run-1", "owner-a", observed, RunUpdate.none(), T1.plusSeconds(2));

    assertThat(observed).isEqualTo(1);
    assertThat(outcome).isEqualTo(ReleaseOutcome.RELEASED);
    assertThat(store.get("run-1").orElseThrow().leaseOwner()).isNull();
  }

  @Test
  void release_afterAnotherOwnerTookOver_returnsLeaseLostAndWritesNothing() {
    RunRecord run = run("run-1", "wf", T0);
    store.create(run);
    store.acquireLease("run-1", "owner-a", T1, LEASE);
    Instant takeover = EXPIRY.plusSeconds(1);
    store.acquireLease("run-1", "owner-b", takeover, LEASE);
    RunUpdate update = new RunUpdate(RunStatus.COMPLETED, json("1"), null, null, 4, 4, 1, 0);

    ReleaseOutcome outcome = store.release("run-1", "owner-a", 0, update, takeover);

    assertThat(outcome).isEqualTo(ReleaseOutcome.LEASE_LOST);
    assertThat(store.get("run-1")).contains(run.withLease("owner-b", takeover.plus(LEASE)));
  }

  @Test
  void release_leaseLostAndEventsArrived_returnsLeaseLost() {
    store.create(run("run-1", "wf", T0));
    store.acquireLease("run-1", "owner-a", T1, LEASE);
    store.recordEventArrival("run-1");
    store.acquireLease("run-1", "owner-b", EXPIRY, LEASE);

    ReleaseOutcome outcome = store.release("run-1", "owner-a", 0, RunUpdate.none(), EXPIRY);

    assertThat(outcome).isEqualTo(ReleaseOutcome.LEASE_LOST);
  }

  @Test
  void release_expiredButNotTakenOver_isReleased() {
    store.create(run("run-1", "wf", T0));
    store.acquireLease("run-1", "owner-a", T1, LEASE);

    ReleaseOutcome outcome =
        store.release("run-1", "owner-a", 0, RunUpdate.none(), EXPIRY.plusSeconds(10));

    assertThat(outcome).isEqualTo(ReleaseOutcome.RELEASED);
    assertThat(store.get("run-1").orElseThrow().leaseOwner()).isNull();
  }

  @Test
  void release_neverLeased_returnsLeaseLostAndWritesNothing() {
    RunRecord run = run("run-1", "wf", T0);
    store.create(run);
    RunUpdate update = new RunUpdate(RunStatus.COMPLETED, json("1"), null, null, 4, 4, 1, 0);

    ReleaseOutcome outcome = store.release("run-1", "owner-a", 0, update, T1);

    assertThat(outcome).isEqualTo(ReleaseOutcome.LEASE_LOST);
    assertThat(store.get("run-1")).contains(run);
  }

  @Test
  void release_twice_secondReturnsLeaseLost() {
    store.create(run("run-1", "wf", T0));
    store.acquireLease("run-1", "owner-a", T1, LEASE);
    store.release("run-1", "owner-a", 0, RunUpdate.none(), T1);
    RunRecord afterFirst = store.get("run-1").orElseThrow();

    ReleaseOutcome outcome =
        store.release(
            "run-1",
            "owner-a",
            0,
            new RunUpdate(RunStatus.COMPLETED, null, null, null, 1, 1, 1, 0),
            T1.plusSeconds(1));

    assertThat(outcome).isEqualTo(ReleaseOutcome.LEASE_LOST);
    assertThat(store.get("run-1")).contains(afterFirst);
  }

  @Test
  void release_unknownRun_returnsLeaseLostAndCreatesNothing() {
    ReleaseOutcome outcome = store.release("run-1", "owner-a", 0, RunUpdate.none(), T1);

    assertThat(outcome).isEqualTo(ReleaseOutcome.LEASE_LOST);
    assertThat(store.get("run-1")).isEmpty();
  }

  @Test
  void release_racingAnEventArrival_eitherReleasesBeforeItOrKeepsTheLease() {
    for (int round = 0; round < RACE_ROUNDS; round++) {
      String runId = "run-" + round;
      store.create(run(runId, "wf", T0));
      store.acquireLease(runId, "owner-a", T1, LEASE);

      List<Object> results =
          Race.run(
              2,
              i ->
                  i == 0
                      ? store.release(runId, "owner-a", 0, RunUpdate.none(), T1)
                      : store.recordEventArrival(runId));

      RunRecord stored = store.get(runId).orElseThrow();
      assertThat(stored.wakeSeq()).isEqualTo(1);
      if (results.get(0) == ReleaseOutcome.RELEASED) {
        assertThat(stored.leaseOwner()).isNull();
      } else {
        assertThat(results.get(0)).isEqualTo(ReleaseOutcome.EVENTS_ARRIVED);
        assertThat(stored.leaseOwner()).isEqualTo("owner-a");
      }
    }
  }

  // list

  @Test
  void list_emptyStore_returnsAnEmptyLastPage() {
    RunPage page = store.list(RunQuery.all(10));

    assertThat(page.runs()).isEmpty();
    assertThat(page.nextPageToken()).isNull();
  }

  @Test
  void list_allRuns_newestFirstDownToTheNanosecond() {
    store.create(run("run-old", "wf", T0));
    store.create(run("run-new", "wf", T0.plusSeconds(2)));
    store.create(run("run-mid", "wf", T0.plusNanos(1)));

    RunPage page = store.list(RunQuery.all(10));

    assertThat(page.runs())
        .extracting(RunRecord::runId)
        .containsExactly("run-new", "run-mid", "run-old");
    assertThat(page.nextPageToken()).isNull();
  }

  @Test
  void list_returnsTheStoredRecords() {
    RunRecord run = run("run-1", "wf", T0);
    store.create(run);
    store.acquireLease("run-1", "owner-a", T1, LEASE);
    store.recordEventArrival("run-1");

    RunPage page = store.list(RunQuery.all(10));

    assertThat(page.runs()).containsExactly(store.get("run-1").orElseThrow());
  }

  @Test
  void list_byWorkflow_returnsOnlyRunsOfThatWorkflow() {
    store.create(run("run-a1", "alpha", T0));
    store.create(run("run-b1", "beta", T0.plusSeconds(1)));
    store.create(run("run-a2", "alpha", T0.plusSeconds(2)));

    RunPage page = store.list(new RunQuery("alpha", null, 10, null));

    assertThat(page.runs()).extracting(RunRecord::runId).containsExactly("run-a2", "run-a1");
  }

  @Test
  void list_byStatus_seesTheStatusWrittenByRelease() {
    store.create(run("run-1", "wf", T0));
    store.create(run("run-2", "wf", T0.plusSeconds(1)));
    store.create(run("run-3", "wf", T0.plusSeconds(2)));
    leaseAndRelease("run-1", statusUpdate(RunStatus.COMPLETED));
    leaseAndRelease("run-3", statusUpdate(RunStatus.COMPLETED));

    RunPage completed = store.list(new RunQuery(null, RunStatus.COMPLETED, 10, null));
    RunPage running = store.list(new RunQuery(null, RunStatus.RUNNING, 10, null));

    assertThat(completed.runs()).extracting(RunRecord::runId).containsExactly("run-3", "run-1");
    assertThat(running.runs()).extracting(RunRecord::runId).containsExactly("run-2");
  }

  @Test
  void list_byWorkflowAndStatus_appliesBothFilters() {
    store.create(run("run-a1", "alpha", T0));
    store.create(run("run-a2", "alpha", T0.plusSeconds(1)));
    store.create(run("run-b1", "beta", T0.plusSeconds(2)));
    leaseAndRelease("run-a1", statusUpdate(RunStatus.FAILED));
    leaseAndRelease("run-b1", statusUpdate(RunStatus.FAILED));

    RunPage page = store.list(new RunQuery("alpha", RunStatus.FAILED, 10, null));

    assertThat(page.runs()).extracting(RunRecord::runId).containsExactly("run-a1");
  }

  @Test
  void list_moreRunsThanTheLimit_returnsTheNewestAndAPageToken() {
    for (int i = 0; i < 5; i++) {
      store.create(run("run-" + i, "wf", T0.plusSeconds(i)));
    }

    RunPage page = store.list(RunQuery.all(2));

    assertThat(page.runs()).extracting(RunRecord::runId).containsExactly("run-4", "run-3");
    assertThat(page.nextPageToken()).isNotNull();
  }

  @Test
  void list_followingPageTokens_returnsEveryRunExactlyOnceNewestFirst() {
    Set<String> all = new HashSet<>();
    for (int i = 0; i < 23; i++) {
      // Three runs share each creation time, so the order needs a tie-breaker to page safely.
      store.create(run("run-" + i, "wf", T0.plusSeconds(i / 3)));
      all.add("run-" + i);
    }

    List<RunRecord> seen = readAllPages(null, null, 5);

    assertThat(seen).extracting(RunRecord::runId).doesNotHaveDuplicates();
    assertThat(seen).extracting(RunRecord::runId).containsExactlyInAnyOrderElementsOf(all);
    assertThat(seen).extracting(RunRecord::createdAt).isSortedAccordingTo((a, b) -> b.compareTo(a));
  }

  @Test
  void list_filteredPaging_returnsEveryMatchingRunExactlyOnce() {
    Set<String> matching = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      String runId = "run-" + i;
      String workflow = i % 2 == 0 ? "alpha" : "beta";
      store.create(run(runId, workflow, T0.plusSeconds(i / 4)));
      if (i % 3 == 0) {
        leaseAndRelease(runId, statusUpdate(RunStatus.COMPLETED));
        if (workflow.equals("alpha")) {
          matching.add(runId);
        }
      }
    }

    List<RunRecord> seen = readAllPages("alpha", RunStatus.COMPLETED, 2);

    assertThat(seen).extracting(RunRecord::runId).doesNotHaveDuplicates();
    assertThat(seen).extracting(RunRecord::runId).containsExactlyInAnyOrderElementsOf(matching);
  }

  @Test
  void list_runCreatedBetweenPages_repeatsNoRunAndSkipsNoOlderRun() {
    Set<String> all = new HashSet<>();
    for (int i = 0; i < 10; i++) {
      store.create(run("run-" + i, "wf", T0.plusSeconds(i)));
      all.add("run-" + i);
    }
    RunPage first = store.list(RunQuery.all(4));
    store.create(run("run-newest", "wf", T0.plusSeconds(100)));

    List<RunRecord> seen = new ArrayList<>(first.runs());
    seen.addAll(readAllPages(null, null, 4, first.nextPageToken()));

    assertThat(seen).extracting(RunRecord::runId).doesNotHaveDuplicates();
    assertThat(seen).extracting(RunRecord::runId).containsAll(all);
  }

  @Test
  void list_invalidPageToken_isRejected() {
    store.create(run("run-1", "wf", T0));

    assertThatThrownBy(() -> store.list(new RunQuery(null, null, 10, "not a token")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private void leaseAndRelease(String runId, RunUpdate update) {
    LeaseOutcome lease = store.acquireLease(runId, "owner-x", T1, LEASE);
    assertThat(lease).isInstanceOf(LeaseOutcome.Acquired.class);
    long observed = ((LeaseOutcome.Acquired) lease).run().wakeSeq();
    assertThat(store.release(runId, "owner-x", observed, update, T1))
        .isEqualTo(ReleaseOutcome.RELEASED);
  }

  private static RunUpdate statusUpdate(RunStatus status) {
    return new RunUpdate(status, null, null, null, 1, 1, 1, 0);
  }

  private List<RunRecord> readAllPages(String workflow, RunStatus status, int limit) {
    RunPage first = store.list(new RunQuery(workflow, status, limit, null));
    assertThat(first.runs().size()).isLessThanOrEqualTo(limit);
    List<RunRecord> seen = new ArrayList<>(first.runs());
    seen.addAll(readAllPages(workflow, status, limit, first.nextPageToken()));
    return seen;
  }

  private List<RunRecord> readAllPages(
      String workflow, RunStatus status, int limit, String fromToken) {
    List<RunRecord> seen = new ArrayList<>();
    String token = fromToken;
    for (int pages = 0; token != null; pages++) {
      assertThat(pages).as("pages read; the tokens seem to loop").isLessThan(100);
      RunPage page = store.list(new RunQuery(workflow, status, limit, token));
      assertThat(page.runs().size()).isLessThanOrEqualTo(limit);
      seen.addAll(page.runs());
      token = page.nextPageToken();
    }
    return seen;
  }
}

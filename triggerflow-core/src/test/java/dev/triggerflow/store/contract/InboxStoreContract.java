package dev.triggerflow.store.contract;

import static dev.triggerflow.store.contract.Fixtures.T0;
import static dev.triggerflow.store.contract.Fixtures.awkwardJson;
import static dev.triggerflow.store.contract.Fixtures.bigJson;
import static dev.triggerflow.store.contract.Fixtures.event;
import static dev.triggerflow.store.contract.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.triggerflow.event.Event;
import dev.triggerflow.spi.InboxStore;
import dev.triggerflow.spi.InboxStore.PutOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link InboxStore} must have: a conditional write on the event id that tells
 * a redelivery from a different event reusing the id, and pending events in arrival order. Subclass
 * it with a factory for a fresh, empty store.
 */
public abstract class InboxStoreContract {
  private static final int RACE_ROUNDS = 20;
  private static final int RACE_THREADS = 8;

  private InboxStore store;

  /** A new, empty store; called before each test. */
  protected abstract InboxStore newInboxStore();

  @BeforeEach
  final void openInboxStore() {
    store = newInboxStore();
  }

  @Test
  void pending_unknownRun_isEmpty() {
    store.put("run-1", event("e-1", "s", json("1")));

    List<Event> pending = store.pending("run-2");

    assertThat(pending).isEmpty();
  }

  @Test
  void put_newEvent_isAddedAndPendingExactlyAsGiven() {
    Event event =
        new Event(
            "run-1.3.1.succeeded",
            "triggerflow",
            "triggerflow.task.succeeded",
            "run-1/group/3",
            T0,
            awkwardJson(),
            Map.of("runid", "run-1", "callid", "3", "attempt", "1"));

    PutOutcome outcome = store.put("run-1", event);

    assertThat(outcome).isEqualTo(PutOutcome.ADDED);
    assertThat(store.pending("run-1")).containsExactly(event);
  }

  @Test
  void put_eventWithLargeData_isPendingExactly() {
    Event event = event("e-1", "s", bigJson(350_000, 1));

    store.put("run-1", event);

    assertThat(store.pending("run-1")).containsExactly(event);
  }

  @Test
  void put_sameIdTypeSubjectAndData_isDuplicateAndKeepsTheFirst() {
    Event first = event("e-1", "run-1/group/0", awkwardJson());
    store.put("run-1", first);
    Event redelivery =
        new Event(
            "e-1",
            "elsewhere",
            first.type(),
            first.subject(),
            T0.plusSeconds(5),
            awkwardJson(),
            Map.of("runid", "run-1", "attempt", "2"));

    PutOutcome outcome = store.put("run-1", redelivery);

    assertThat(outcome).isEqualTo(PutOutcome.DUPLICATE);
    assertThat(store.pending("run-1")).containsExactly(first);
  }

  @Test
  void put_sameIdDifferentData_isConflictAndKeepsTheFirst() {
    Event first = event("e-1", "s", json("{\"result\":1}"));
    store.put("run-1", first);

    PutOutcome outcome = store.put("run-1", event("e-1", "s", json("{\"result\":2}")));

    assertThat(outcome).isEqualTo(PutOutcome.CONFLICT);
    assertThat(store.pending("run-1")).containsExactly(first);
  }

  @Test
  void put_sameIdDifferentType_isConflict() {
    Event first = event("e-1", "s", json("1"));
    store.put("run-1", first);
    Event other =
        new Event(
            "e-1",
            first.source(),
            "triggerflow.task.failed",
            first.subject(),
            first.time(),
            first.data(),
            first.extensions());

    PutOutcome outcome = store.put("run-1", other);

    assertThat(outcome).isEqualTo(PutOutcome.CONFLICT);
    assertThat(store.pending("run-1")).containsExactly(first);
  }

  @Test
  void put_sameIdDifferentSubject_isConflict() {
    Event first = event("e-1", "s-1", json("1"));
    store.put("run-1", first);

    PutOutcome outcome = store.put("run-1", event("e-1", "s-2", json("1")));

    assertThat(outcome).isEqualTo(PutOutcome.CONFLICT);
    assertThat(store.pending("run-1")).containsExactly(first);
  }

  @Test
  void put_sameIdInAnotherRun_isAdded() {
    store.put("run-1", event("e-1", "s", json("1")));

    PutOutcome outcome = store.put("run-2", event("e-1", "s", json("2")));

    assertThat(outcome).isEqualTo(PutOutcome.ADDED);
    assertThat(store.pending("run-1")).containsExactly(event("e-1", "s", json("1")));
    assertThat(store.pending("run-2")).containsExactly(event("e-1", "s", json("2")));
  }

  @Test
  void pending_manyEvents_inTheOrderTheyWereStored() {
    List<Event> expected = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      // Ids that sort differently from their arrival order.
      Event e = event("e-" + ((i * 37) % 60), "s", json("{\"i\":" + i + "}"));
      store.put("run-1", e);
      expected.add(e);
    }

    List<Event> pending = store.pending("run-1");

    assertThat(pending).containsExactlyElementsOf(expected);
  }

  @Test
  void remove_givenIds_removesOnlyThose() {
    Event a = event("e-a", "s", json("1"));
    Event b = event("e-b", "s", json("2"));
    Event c = event("e-c", "s", json("3"));
    store.put("run-1", a);
    store.put("run-1", b);
    store.put("run-1", c);
    store.put("run-2", a);

    store.remove("run-1", List.of("e-a", "e-c"));

    assertThat(store.pending("run-1")).containsExactly(b);
    assertThat(store.pending("run-2")).containsExactly(a);
  }

  @Test
  void remove_unknownIdsAndRuns_changesNothing() {
    Event a = event("e-a", "s", json("1"));
    store.put("run-1", a);

    store.remove("run-1", Set.of("e-x", "e-y"));
    store.remove("run-9", List.of("e-a"));
    store.remove("run-1", List.of());

    assertThat(store.pending("run-1")).containsExactly(a);
  }

  @Test
  void put_afterRemove_isAddedAgainAtTheEnd() {
    Event a = event("e-a", "s", json("1"));
    Event b = event("e-b", "s", json("2"));
    store.put("run-1", a);
    store.put("run-1", b);
    store.remove("run-1", List.of("e-a"));

    PutOutcome outcome = store.put("run-1", a);

    assertThat(outcome).isEqualTo(PutOutcome.ADDED);
    assertThat(store.pending("run-1")).containsExactly(b, a);
  }

  @Test
  void put_concurrentDeliveriesOfOneEvent_exactlyOneIsAdded() {
    for (int round = 0; round < RACE_ROUNDS; round++) {
      String runId = "run-" + round;
      Event event = event("e-1", "s", json("{\"round\":" + round + "}"));

      List<PutOutcome> outcomes = Race.run(RACE_THREADS, i -> store.put(runId, event));

      assertThat(outcomes).filteredOn(o -> o == PutOutcome.ADDED).hasSize(1);
      assertThat(outcomes)
          .filteredOn(o -> o != PutOutcome.ADDED)
          .containsOnly(PutOutcome.DUPLICATE);
      assertThat(store.pending(runId)).containsExactly(event);
    }
  }
}

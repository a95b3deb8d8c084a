package dev.triggerflow.store.contract;

import static dev.triggerflow.store.contract.Fixtures.T0;
import static dev.triggerflow.store.contract.Fixtures.awkwardJson;
import static dev.triggerflow.store.contract.Fixtures.json;
import static dev.triggerflow.store.contract.Fixtures.nextVersion;
import static dev.triggerflow.store.contract.Fixtures.trigger;
import static dev.triggerflow.store.contract.Fixtures.withSubjects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.event.Event;
import dev.triggerflow.spi.TriggerStore;
import dev.triggerflow.trigger.SeenEvents;
import dev.triggerflow.trigger.Trigger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link TriggerStore} must have: idempotent creation, lookup by activation
 * subject, and replacement under an optimistic version check that lets exactly one of several
 * concurrent updates win. Subclass it with a factory for a fresh, empty store.
 */
public abstract class TriggerStoreContract {
  private static final int RACE_ROUNDS = 20;
  private static final int RACE_THREADS = 8;

  private TriggerStore store;

  /** A new, empty store; called before each test. */
  protected abstract TriggerStore newTriggerStore();

  @BeforeEach
  final void openTriggerStore() {
    store = newTriggerStore();
  }

  // create and get

  @Test
  void get_unknownTrigger_isEmpty() {
    store.create(trigger("run-1", "g0", Set.of("s")));

    assertThat(store.get("run-1", "g1")).isEmpty();
    assertThat(store.get("run-2", "g0")).isEmpty();
  }

  @Test
  void create_newTrigger_roundTripsEveryField() {
    ObjectNode context = (ObjectNode) json("{\"count\":2,\"results\":[1,{\"x\":\"\u2713\"}]}");
    Trigger trigger =
        new Trigger(
            "run-1",
            "g0",
            Set.of("run-1/group/0", "run-1/timer/4"),
            Set.of("triggerflow.task.succeeded"),
            "custom.threshold",
            awkwardJson(),
            "custom.publish",
            json("{\"target\":\"bus\"}"),
            context,
            false,
            SeenEvents.empty().with(Fixtures.event("e-1", "s", json("1"))),
            true,
            "e-1",
            true,
            41,
            T0);

    store.create(trigger);

    assertThat(store.get("run-1", "g0")).contains(trigger);
  }

  @Test
  void create_seenEventsBitmapAndLargeContext_roundTripExactly() {
    SeenEvents seen = SeenEvents.forCalls(1_000, 100_000);
    for (int call = 1_000; call < 101_000; call += 7) {
      seen = seen.with(callResult(call));
    }
    seen = seen.with(Fixtures.event("outside-the-range", "s", json("1")));
    ObjectNode context = (ObjectNode) Fixtures.bigJson(50_000, 3);
    context.set("awkward", awkwardJson());
    Trigger trigger =
        new Trigger(
            "run-1",
            "g1000",
            Set.of("run-1/group/1000"),
            Set.of(),
            "join",
            json("{\"expected\":100000}"),
            "wake",
            null,
            context,
            true,
            seen,
            false,
            null,
            false,
            14_286,
            T0,
            T0.plusNanos(123_456_789));

    store.create(trigger);

    Trigger stored = store.get("run-1", "g1000").orElseThrow();
    assertThat(stored).isEqualTo(trigger);
    assertThat(stored.seen().size()).isEqualTo(seen.size());
    assertThat(stored.seen().contains(callResult(1_007))).isTrue();
    assertThat(stored.seen().contains(callResult(1_008))).isFalse();
  }

  @Test
  void create_existingId_leavesTheFirstUnchanged() {
    Trigger first = trigger("run-1", "g0", Set.of("s-1"));
    store.create(first);
    store.replace(first, nextVersion(first, "updated"));
    Trigger afterUpdate = store.get("run-1", "g0").orElseThrow();

    store.create(trigger("run-1", "g0", Set.of("s-2")));

    assertThat(store.get("run-1", "g0")).contains(afterUpdate);
    assertThat(store.findBySubject("run-1", "s-2")).isEmpty();
    assertThat(store.list("run-1")).containsExactly(afterUpdate);
  }

  @Test
  void create_sameIdInAnotherRun_isIndependent() {
    Trigger one = trigger("run-1", "g0", Set.of("s"));
    Trigger two = trigger("run-2", "g0", Set.of("s"));

    store.create(one);
    store.create(two);

    assertThat(store.get("run-1", "g0")).contains(one);
    assertThat(store.get("run-2", "g0")).contains(two);
  }

  // findBySubject

  @Test
  void findBySubject_triggersWithSeveralSubjects_areFoundByEachOfThem() {
    Trigger both = trigger("run-1", "both", Set.of("s-a", "s-b"));
    Trigger onlyA = trigger("run-1", "only-a", Set.of("s-a"));
    Trigger onlyC = trigger("run-1", "only-c", Set.of("s-c"));
    store.create(both);
    store.create(onlyA);
    store.create(onlyC);

    List<Trigger> byA = store.findBySubject("run-1", "s-a");
    List<Trigger> byB = store.findBySubject("run-1", "s-b");

    assertThat(byA).containsExactlyInAnyOrder(both, onlyA);
    assertThat(byB).containsExactly(both);
  }

  @Test
  void findBySubject_unknownSubjectOrRun_isEmpty() {
    store.create(trigger("run-1", "g0", Set.of("s-a")));

    assertThat(store.findBySubject("run-1", "s-z")).isEmpty();
    assertThat(store.findBySubject("run-2", "s-a")).isEmpty();
  }

  @Test
  void findBySubject_subjectSharedByTwoRuns_returnsOnlyThisRunsTriggers() {
    Trigger mine = trigger("run-1", "g0", Set.of("shared"));
    store.create(mine);
    store.create(trigger("run-2", "g0", Set.of("shared")));

    List<Trigger> found = store.findBySubject("run-1", "shared");

    assertThat(found).containsExactly(mine);
  }

  @Test
  void findBySubject_afterReplace_returnsTheNewVersion() {
    Trigger first = trigger("run-1", "g0", Set.of("s"));
    store.create(first);
    Trigger updated = nextVersion(first, "x");
    store.replace(first, updated);

    List<Trigger> found = store.findBySubject("run-1", "s");

    assertThat(found).containsExactly(updated);
  }

  // replace

  @Test
  void replace_withTheStoredVersion_succeedsAndStoresTheUpdate() {
    Trigger first = trigger("run-1", "g0", Set.of("s"));
    store.create(first);
    Trigger updated = nextVersion(first, "one");

    boolean replaced = store.replace(first, updated);

    assertThat(replaced).isTrue();
    assertThat(store.get("run-1", "g0")).contains(updated);
  }

  @Test
  void replace_withAStaleVersion_failsAndKeepsTheStoredOne() {
    Trigger first = trigger("run-1", "g0", Set.of("s"));
    store.create(first);
    Trigger second = nextVersion(first, "one");
    store.replace(first, second);

    boolean replaced = store.replace(first, nextVersion(first, "stale"));

    assertThat(replaced).isFalse();
    assertThat(store.get("run-1", "g0")).contains(second);
  }

  @Test
  void replaceOrRead_withTheStoredVersion_succeeds() {
    Trigger first = trigger("run-1", "g0", Set.of("s", "t"));
    store.create(first);
    Trigger updated = nextVersion(first, "one");

    TriggerStore.Replaced replaced = store.replaceOrRead(first, updated);

    assertThat(replaced.done()).isTrue();
    assertThat(store.get("run-1", "g0")).contains(updated);
  }

  @Test
  void replaceOrRead_withAStaleVersion_returnsTheStoredTrigger() {
    Trigger first = trigger("run-1", "g0", Set.of("s", "t"));
    store.create(first);
    Trigger second = nextVersion(first, "one");
    store.replace(first, second);

    TriggerStore.Replaced replaced = store.replaceOrRead(first, nextVersion(first, "stale"));

    assertThat(replaced.done()).isFalse();
    assertThat(replaced.now()).contains(second);
    assertThat(store.get("run-1", "g0")).contains(second);
  }

  @Test
  void replaceOrRead_deletedTrigger_returnsNothing() {
    Trigger first = trigger("run-1", "g0", Set.of("s"));
    store.create(first);
    store.deleteAll("run-1");

    TriggerStore.Replaced replaced = store.replaceOrRead(first, nextVersion(first, "late"));

    assertThat(replaced.done()).isFalse();
    assertThat(replaced.now()).isEmpty();
    assertThat(store.get("run-1", "g0")).isEmpty();
  }

  @Test
  void replace_successiveVersions_eachSucceeds() {
    Trigger current = trigger("run-1", "g0", Set.of("s"));
    store.create(current);

    for (int i = 0; i < 5; i++) {
      Trigger next = nextVersion(current, "v" + i);
      assertThat(store.replace(current, next)).isTrue();
      current = next;
    }

    assertThat(store.get("run-1", "g0")).contains(current);
    assertThat(current.version()).isEqualTo(5);
  }

  @Test
  void replace_unknownTrigger_failsAndCreatesNothing() {
    Trigger never = trigger("run-1", "g0", Set.of("s"));

    boolean replaced = store.replace(never, nextVersion(never, "x"));

    assertThat(replaced).isFalse();
    assertThat(store.get("run-1", "g0")).isEmpty();
    assertThat(store.findBySubject("run-1", "s")).isEmpty();
  }

  @Test
  void replace_withChangedSubjects_isFoundByTheNewSubjectsOnly() {
    Trigger first = trigger("run-1", "g0", Set.of("s-old", "s-kept"));
    store.create(first);
    Trigger moved = withSubjects(first, Set.of("s-kept", "s-new"));

    store.replace(first, moved);

    assertThat(store.findBySubject("run-1", "s-old")).isEmpty();
    assertThat(store.findBySubject("run-1", "s-kept")).containsExactly(moved);
    assertThat(store.findBySubject("run-1", "s-new")).containsExactly(moved);
  }

  @Test
  void replace_withAnotherTrigger_isRejected() {
    Trigger first = trigger("run-1", "g0", Set.of("s"));
    Trigger other = trigger("run-1", "g1", Set.of("s"));
    store.create(first);
    store.create(other);

    assertThatThrownBy(() -> store.replace(first, nextVersion(other, "x")))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(store.get("run-1", "g0")).contains(first);
    assertThat(store.get("run-1", "g1")).contains(other);
  }

  @Test
  void replace_concurrentUpdatesOfOneVersion_exactlyOneWins() {
    for (int round = 0; round < RACE_ROUNDS; round++) {
      String runId = "run-" + round;
      Trigger first = trigger(runId, "g0", Set.of("s"));
      store.create(first);

      List<Boolean> outcomes =
          Race.run(RACE_THREADS, i -> store.replace(first, nextVersion(first, "writer-" + i)));

      int winner = outcomes.indexOf(true);
      assertThat(outcomes).as("outcomes of round %s", round).containsOnlyOnce(true);
      assertThat(store.get(runId, "g0")).contains(nextVersion(first, "writer-" + winner));
    }
  }

  // list and deleteAll

  @Test
  void list_returnsEveryTriggerOfTheRunOnly() {
    Trigger a = trigger("run-1", "g0", Set.of("s-a"));
    Trigger b = trigger("run-1", "g1", Set.of("s-b", "s-c"));
    store.create(a);
    store.create(b);
    store.create(trigger("run-2", "g0", Set.of("s-a")));

    List<Trigger> listed = store.list("run-1");

    assertThat(listed).containsExactlyInAnyOrder(a, b);
    assertThat(store.list("run-3")).isEmpty();
  }

  @Test
  void deleteAll_removesEveryTriggerOfTheRunOnly() {
    store.create(trigger("run-1", "g0", Set.of("s")));
    store.create(trigger("run-1", "g1", Set.of("s", "t")));
    Trigger kept = trigger("run-2", "g0", Set.of("s"));
    store.create(kept);

    store.deleteAll("run-1");

    assertThat(store.list("run-1")).isEmpty();
    assertThat(store.get("run-1", "g0")).isEmpty();
    assertThat(store.findBySubject("run-1", "s")).isEmpty();
    assertThat(store.findBySubject("run-1", "t")).isEmpty();
    assertThat(store.list("run-2")).containsExactly(kept);
    assertThat(store.findBySubject("run-2", "s")).containsExactly(kept);
  }

  @Test
  void deleteAll_thenCreate_storesTheNewTrigger() {
    store.create(trigger("run-1", "g0", Set.of("s-old")));
    store.deleteAll("run-1");
    Trigger fresh = trigger("run-1", "g0", Set.of("s-new"));

    store.create(fresh);

    assertThat(store.get("run-1", "g0")).contains(fresh);
    assertThat(store.findBySubject("run-1", "s-old")).isEmpty();
    assertThat(store.findBySubject("run-1", "s-new")).containsExactly(fresh);
  }

  @Test
  void deleteAll_unknownRun_changesNothing() {
    Trigger kept = trigger("run-1", "g0", Set.of("s"));
    store.create(kept);

    store.deleteAll("run-2");

    assertThat(store.list("run-1")).containsExactly(kept);
  }

  // isolation: a stored trigger is a value, not a shared object

  @Test
  void create_callerChangesItsContextAfterwards_storedTriggerIsUnchanged() {
    Trigger trigger = trigger("run-1", "g0", Set.of("s"));
    Trigger copy = trigger("run-1", "g0", Set.of("s"));
    store.create(trigger);

    trigger.context().put("changed", true);

    assertThat(store.get("run-1", "g0")).contains(copy);
  }

  @Test
  void get_callerChangesTheReturnedContext_storedTriggerIsUnchanged() {
    Trigger trigger = trigger("run-1", "g0", Set.of("s"));
    store.create(trigger("run-1", "g0", Set.of("s")));

    store.get("run-1", "g0").orElseThrow().context().put("changed", true);
    store.findBySubject("run-1", "s").get(0).context().put("changed", true);
    store.list("run-1").get(0).context().put("changed", true);

    assertThat(store.get("run-1", "g0")).contains(trigger);
  }

  @Test
  void replace_callerChangesTheUpdateAfterwards_storedTriggerIsUnchanged() {
    Trigger first = trigger("run-1", "g0", Set.of("s"));
    store.create(first);
    Trigger updated = nextVersion(first, "one");
    Optional<Trigger> expected = Optional.of(nextVersion(first, "one"));
    store.replace(first, updated);

    updated.context().put("changed", true);

    assertThat(store.get("run-1", "g0")).isEqualTo(expected);
  }

  /** A task result for one call of a group, as the engine emits it. */
  private static Event callResult(int call) {
    return new Event(
        "run-1." + call + ".1.succeeded",
        "triggerflow",
        "triggerflow.task.succeeded",
        "run-1/group/1000",
        T0,
        json("1"),
        Map.of("runid", "run-1", "callid", Integer.toString(call)));
  }
}

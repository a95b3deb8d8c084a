package dev.triggerflow.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triggerflow.aws.testing.ApiCallCounter;
import dev.triggerflow.event.Event;
import dev.triggerflow.json.Json;
import dev.triggerflow.trigger.SeenEvents;
import dev.triggerflow.trigger.Trigger;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** What the trigger store does on DynamoDB beyond the contract: layout, costs, odd subjects. */
class DynamoDbTriggerStoreTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private String table;
  private DynamoDbTriggerStore store;

  @BeforeEach
  void setUp() {
    table = Dynalite.tables("triggers").triggers();
    store = new DynamoDbTriggerStore(Dynalite.client(), table);
  }

  @Test
  void create_singleSubject_writesTheTriggerUnderItsSubjectAndAnIdPointer() {
    store.create(trigger("g0", Set.of("run-1/g0")));

    assertThat(RawItems.sortKeys(table, "run-1", ""))
        .containsExactly("trigger#run-1/g0#g0", "triggerid#g0");
  }

  @Test
  void findBySubject_triggerWithOneSubject_costsOneQuery() {
    store.create(trigger("g0", Set.of("run-1/g0")));
    store.create(trigger("g1", Set.of("run-1/g1")));
    ApiCallCounter counter = new ApiCallCounter();
    try (DynamoDbClient counting = Dynalite.counting(counter, false)) {
      DynamoDbTriggerStore counted = new DynamoDbTriggerStore(counting, table);

      var found = counted.findBySubject("run-1", "run-1/g0");

      assertThat(found).extracting(Trigger::id).containsExactly("g0");
      assertThat(counter.counts()).isEqualTo(Map.of("Query", 1L));
    }
  }

  @Test
  void create_sameIdWithOtherSubjects_leavesTheFirstAndWritesNoPointer() {
    Trigger first = trigger("g0", Set.of("s-a"));
    store.create(first);

    store.create(trigger("g0", Set.of("s-b", "s-c")));

    assertThat(store.get("run-1", "g0")).contains(first);
    assertThat(store.findBySubject("run-1", "s-c")).isEmpty();
    assertThat(RawItems.sortKeys(table, "run-1", ""))
        .containsExactly("trigger#s-a#g0", "triggerid#g0");
  }

  @Test
  void replace_triggerWhoseSubjectsChangedBefore_findsItsHomeAndWrites() {
    Trigger first = trigger("g0", Set.of("s-a", "s-b"));
    store.create(first);
    Trigger second = next(first, Set.of("s-b"));
    store.replace(first, second);

    boolean replaced = store.replace(second, next(second, Set.of("s-b")));

    assertThat(replaced).isTrue();
    assertThat(store.findBySubject("run-1", "s-b")).containsExactly(next(second, Set.of("s-b")));
    assertThat(store.replace(second, next(second, Set.of("s-b")))).isFalse();
  }

  @Test
  void findBySubject_subjectThatPrefixesAnotherWithHash_returnsOnlyItsOwnTriggers() {
    store.create(trigger("short", Set.of("a")));
    store.create(trigger("long", Set.of("a#b")));

    assertThat(store.findBySubject("run-1", "a")).extracting(Trigger::id).containsExactly("short");
    assertThat(store.findBySubject("run-1", "a#b")).extracting(Trigger::id).containsExactly("long");
  }

  @Test
  void findBySubject_stalePointerLeftByACrash_isIgnored() {
    Trigger first = trigger("g0", Set.of("s-a", "s-b"));
    store.create(first);
    Trigger moved = next(first, Set.of("s-a"));
    store.replace(first, moved);
    store.create(trigger("other", Set.of("s-b")));
    // Creating the first version again writes the pointer for s-b once more, as a crash between
    // the trigger's write and the pointer's delete would have left it.
    store.create(first);

    assertThat(store.findBySubject("run-1", "s-b"))
        .extracting(Trigger::id)
        .containsExactly("other");
    assertThat(store.findBySubject("run-1", "s-a")).containsExactly(moved);
  }

  @Test
  void deleteAll_removesTriggersAndPointersButNotTheInbox() {
    store.create(trigger("g0", Set.of("s-a", "s-b")));
    new DynamoDbInboxStore(Dynalite.client(), table, () -> T0)
        .put(
            "run-1",
            new Event("e-1", "src", "t", "s-a", T0, Json.parse("1"), Map.of("runid", "run-1")));

    store.deleteAll("run-1");

    assertThat(RawItems.sortKeys(table, "run-1", "")).containsExactly("inbox#e-1");
  }

  @Test
  void create_largeSeenBitmap_isStoredCompressedAndReadBackExactly() {
    SeenEvents seen = SeenEvents.forCalls(0, 200_000);
    Random random = new Random(3);
    for (int i = 0; i < 3_000; i++) {
      int call = random.nextInt(200_000);
      seen =
          seen.with(
              new Event(
                  "r" + call,
                  "src",
                  "t",
                  "s",
                  T0,
                  null,
                  Map.of("runid", "run-1", "callid", Integer.toString(call))));
    }
    Trigger big =
        Trigger.create(
            "run-1", "g0", Set.of("s"), Set.of(), "join", null, "wake", null, true, seen, T0);

    store.create(big);

    assertThat(RawItems.query(table, "run-1", "trigger#s#").get(0)).containsKey("triggerGz");
    assertThat(store.get("run-1", "g0")).contains(big);
  }

  private static Trigger trigger(String id, Set<String> subjects) {
    return trigger("run-1", id, subjects);
  }

  /** A join trigger of two results that wakes the run, as the engine creates one. */
  static Trigger trigger(String runId, String id, Set<String> subjects) {
    return Trigger.create(
        runId,
        id,
        subjects,
        Set.of(),
        "join",
        Json.parse("{\"expected\":2}"),
        "wake",
        null,
        true,
        SeenEvents.empty(),
        T0);
  }

  private static Trigger next(Trigger t, Set<String> subjects) {
    return new Trigger(
        t.runId(),
        t.id(),
        subjects,
        t.types(),
        t.condition(),
        t.conditionParams(),
        t.action(),
        t.actionParams(),
        t.context(),
        t.isTransient(),
        t.seen(),
        t.fired(),
        t.firedBy(),
        t.actionDone(),
        t.version() + 1,
        t.createdAt());
  }
}

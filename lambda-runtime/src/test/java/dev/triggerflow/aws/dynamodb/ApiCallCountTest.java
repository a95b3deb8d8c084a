package dev.triggerflow.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triggerflow.aws.testing.ApiCallCounter;
import dev.triggerflow.event.Event;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.history.HistoryEvent.EpisodeStarted;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.DeadLetter;
import dev.triggerflow.spi.LeaseOutcome;
import dev.triggerflow.spi.ReleaseOutcome;
import dev.triggerflow.spi.RunQuery;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import dev.triggerflow.spi.RunUpdate;
import dev.triggerflow.spi.Stores;
import dev.triggerflow.trigger.SeenEvents;
import dev.triggerflow.trigger.Trigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB calls each store operation makes, counted by an interceptor on the client. Each case
 * runs twice: against DynamoDB's behaviour (the item of a failed condition comes back with the
 * failure) and against dynalite as it is (it does not, so the stores read it again). The counts are
 * pinned, so a change that adds a round trip fails here; the table is written to {@code
 * target/dynamodb-api-calls.md}.
 */
class ApiCallCountTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration LEASE = Duration.ofSeconds(30);
  private static final Map<String, String[]> TABLE = new LinkedHashMap<>();

  @Test
  void runStore() {
    check(
        "runs.create, new", s -> {}, s -> s.runs().create(run("run-1")), "PutItem=1", "PutItem=1");
    check(
        "runs.create, existing",
        s -> s.runs().create(run("run-1")),
        s -> s.runs().create(run("run-1")),
        "PutItem=1",
        "PutItem=1");
    check(
        "runs.get",
        s -> s.runs().create(run("run-1")),
        s -> s.runs().get("run-1"),
        "GetItem=1",
        "GetItem=1");
    check(
        "runs.acquireLease, free",
        s -> s.runs().create(run("run-1")),
        s -> assertThat(lease(s, "a")).isInstanceOf(LeaseOutcome.Acquired.class),
        "UpdateItem=1",
        "UpdateItem=1");
    check(
        "runs.acquireLease, held",
        s -> {
          s.runs().create(run("run-1"));
          lease(s, "a");
        },
        s -> assertThat(lease(s, "b")).isInstanceOf(LeaseOutcome.Held.class),
        "UpdateItem=1",
        "GetItem=1 UpdateItem=1");
    check(
        "runs.acquireLease, no run",
        s -> {},
        s -> assertThat(lease(s, "a")).isInstanceOf(LeaseOutcome.NotFound.class),
        "UpdateItem=1",
        "GetItem=1 UpdateItem=1");
    check(
        "runs.recordEventArrival",
        s -> s.runs().create(run("run-1")),
        s -> assertThat(s.runs().recordEventArrival("run-1")).isPresent(),
        "UpdateItem=1",
        "UpdateItem=1");
    check(
        "runs.recordEventArrival, no run",
        s -> {},
        s -> assertThat(s.runs().recordEventArrival("run-1")).isEmpty(),
        "UpdateItem=1",
        "UpdateItem=1");
    check(
        "runs.release, released",
        s -> {
          s.runs().create(run("run-1"));
          lease(s, "a");
        },
        s -> assertThat(release(s, "a", 0, 3)).isEqualTo(ReleaseOutcome.RELEASED),
        "UpdateItem=1",
        "UpdateItem=1");
    check(
        "runs.release, events arrived",
        s -> {
          s.runs().create(run("run-1"));
          lease(s, "a");
          s.runs().recordEventArrival("run-1");
        },
        s -> assertThat(release(s, "a", 0, 3)).isEqualTo(ReleaseOutcome.EVENTS_ARRIVED),
        "UpdateItem=1",
        "GetItem=1 UpdateItem=1");
    check(
        "runs.release, lease lost",
        s -> {
          s.runs().create(run("run-1"));
          lease(s, "a");
        },
        s -> assertThat(release(s, "b", 0, 3)).isEqualTo(ReleaseOutcome.LEASE_LOST),
        "UpdateItem=1",
        "GetItem=1 UpdateItem=1");
    check(
        "runs.release, stored counters larger",
        s -> {
          s.runs().create(run("run-1"));
          lease(s, "a");
          release(s, "a", 0, 5);
          lease(s, "a");
        },
        s -> assertThat(release(s, "a", 0, 3)).isEqualTo(ReleaseOutcome.RELEASED),
        "UpdateItem=2",
        "GetItem=1 UpdateItem=2");
    check(
        "runs.list by workflow, page of 5 of 10",
        s -> createRuns(s, 10),
        s -> assertThat(s.runs().list(new RunQuery("wf", null, 5, null)).runs()).hasSize(5),
        "Query=1",
        "Query=1");
    check(
        "runs.list all, page of 5 of 10",
        s -> createRuns(s, 10),
        s -> assertThat(s.runs().list(RunQuery.all(5)).runs()).hasSize(5),
        "BatchGetItem=1 Scan=1",
        "BatchGetItem=1 Scan=1");
  }

  @Test
  void historyStore() {
    check(
        "history.append, episode 0",
        s -> {},
        s -> s.history().append("run-1", 0, episode(0)),
        "PutItem=1",
        "PutItem=1");
    check(
        "history.append, later episode",
        s -> s.history().append("run-1", 0, episode(0)),
        s -> s.history().append("run-1", 1, episode(1)),
        "PutItem=1",
        "PutItem=1");
    check(
        "history.append, episode exists",
        s -> {
          s.history().append("run-1", 0, episode(0));
          s.history().append("run-1", 1, episode(1));
        },
        s -> append(s, 1, episode(1)),
        "PutItem=1",
        "PutItem=1");
    List<HistoryEvent> map = DynamoDbHistoryStoreTest.mapOfCalls(1, 10_000, new Random(1));
    check(
        "history.append, 10,000 calls in 2 parts",
        s -> s.history().append("run-1", 0, episode(0)),
        s -> s.history().append("run-1", 1, map),
        "PutItem=3",
        "PutItem=3");
    check(
        "history.read, 3 small episodes",
        s -> {
          for (int e = 0; e < 3; e++) {
            s.history().append("run-1", e, episode(e));
          }
        },
        s -> assertThat(s.history().read("run-1", 0)).hasSize(3),
        "Query=1",
        "Query=1");
    check(
        "history.read, with a split episode",
        s -> {
          s.history().append("run-1", 0, episode(0));
          s.history().append("run-1", 1, map);
        },
        s -> assertThat(s.history().read("run-1", 0)).hasSize(map.size() + 1),
        "Query=2",
        "Query=2");
  }

  @Test
  void inboxStore() {
    check(
        "inbox.put, new",
        s -> {},
        s -> s.inbox().put("run-1", event("1")),
        "PutItem=1",
        "PutItem=1");
    check(
        "inbox.put, duplicate or conflict",
        s -> s.inbox().put("run-1", event("1")),
        s -> s.inbox().put("run-1", event("2")),
        "PutItem=1",
        "GetItem=1 PutItem=1");
    check(
        "inbox.pending",
        s -> s.inbox().put("run-1", event("1")),
        s -> assertThat(s.inbox().pending("run-1")).hasSize(1),
        "Query=1",
        "Query=1");
    check(
        "inbox.remove, up to 25 events",
        s -> s.inbox().put("run-1", event("1")),
        s -> s.inbox().remove("run-1", List.of("e-1", "e-2", "e-3")),
        "BatchWriteItem=1",
        "BatchWriteItem=1");
  }

  @Test
  void triggerStore() {
    check(
        "triggers.create, one subject",
        s -> {},
        s -> s.triggers().create(trigger(Set.of("s"))),
        "PutItem=2",
        "PutItem=2");
    check(
        "triggers.create, existing",
        s -> s.triggers().create(trigger(Set.of("s"))),
        s -> s.triggers().create(trigger(Set.of("s"))),
        "PutItem=2",
        "GetItem=1 PutItem=2");
    check(
        "triggers.create, three subjects",
        s -> {},
        s -> s.triggers().create(trigger(Set.of("s-a", "s-b", "s-c"))),
        "PutItem=4",
        "PutItem=4");
    check(
        "triggers.findBySubject, its one subject",
        s -> s.triggers().create(trigger(Set.of("s"))),
        s -> assertThat(s.triggers().findBySubject("run-1", "s")).hasSize(1),
        "Query=1",
        "Query=1");
    check(
        "triggers.findBySubject, a further subject",
        s -> s.triggers().create(trigger(Set.of("s-a", "s-b"))),
        s -> assertThat(s.triggers().findBySubject("run-1", "s-b")).hasSize(1),
        "GetItem=1 Query=1",
        "GetItem=1 Query=1");
    check(
        "triggers.get",
        s -> s.triggers().create(trigger(Set.of("s"))),
        s -> assertThat(s.triggers().get("run-1", "g0")).isPresent(),
        "GetItem=2",
        "GetItem=2");
    Trigger t = trigger(Set.of("s"));
    check(
        "triggers.replace, current version",
        s -> s.triggers().create(t),
        s -> assertThat(s.triggers().replace(t, next(t, t.subjects()))).isTrue(),
        "PutItem=1",
        "PutItem=1");
    check(
        "triggers.replace, stale version",
        s -> {
          s.triggers().create(t);
          s.triggers().replace(t, next(t, t.subjects()));
        },
        s -> assertThat(s.triggers().replace(t, next(t, t.subjects()))).isFalse(),
        "PutItem=1",
        "GetItem=1 PutItem=1");
    Trigger two = trigger(Set.of("s-a", "s-b"));
    check(
        "triggers.replace, one subject swapped",
        s -> s.triggers().create(two),
        s -> assertThat(s.triggers().replace(two, next(two, Set.of("s-a", "s-c")))).isTrue(),
        "DeleteItem=1 GetItem=1 PutItem=2",
        "DeleteItem=1 GetItem=1 PutItem=2");
    check(
        "triggers.list",
        s -> s.triggers().create(two),
        s -> assertThat(s.triggers().list("run-1")).hasSize(1),
        "Query=1",
        "Query=1");
    check(
        "triggers.deleteAll, up to 25 items",
        s -> s.triggers().create(two),
        s -> s.triggers().deleteAll("run-1"),
        "BatchWriteItem=1 Query=1",
        "BatchWriteItem=1 Query=1");
  }

  @Test
  void deadLetterStore() {
    check(
        "deadLetters.put",
        s -> {},
        s -> s.deadLetters().put(new DeadLetter("dl-1", T0, "why", null, "{}")),
        "PutItem=1",
        "PutItem=1");
    check(
        "deadLetters.list",
        s -> s.deadLetters().put(new DeadLetter("dl-1", T0, "why", null, "{}")),
        s -> assertThat(s.deadLetters().list(10)).hasSize(1),
        "Query=1",
        "Query=1");
  }

  @AfterAll
  static void writeTable() throws IOException {
    StringBuilder text =
        new StringBuilder(
            "| operation | DynamoDB | dynalite (no old item on failure) |\n| --- | --- | --- |\n");
    TABLE.forEach(
        (op, counts) ->
            text.append("| ")
                .append(op)
                .append(" | ")
                .append(counts[0])
                .append(" | ")
                .append(counts[1])
                .append(" |\n"));
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target", "dynamodb-api-calls.md"), text);
  }

  /** Runs {@code op} after {@code setup} in both modes and checks the calls it made. */
  private static void check(
      String name,
      Consumer<Stores> setup,
      Consumer<Stores> op,
      String expectedOnDynamoDb,
      String expectedOnDynalite) {
    String onDynamoDb = measure(true, setup, op);
    String onDynalite = measure(false, setup, op);
    TABLE.put(name, new String[] {onDynamoDb, onDynalite});
    assertThat(onDynamoDb).as("%s on DynamoDB", name).isEqualTo(expectedOnDynamoDb);
    assertThat(onDynalite).as("%s on dynalite", name).isEqualTo(expectedOnDynalite);
  }

  private static String measure(boolean oldItems, Consumer<Stores> setup, Consumer<Stores> op) {
    ApiCallCounter counter = new ApiCallCounter();
    try (DynamoDbClient client = Dynalite.counting(counter, oldItems)) {
      Stores stores =
          DynamoDbStores.create(
              client, Dynalite.tables("calls"), StoreSettings.defaults().withClock(() -> T0));
      setup.accept(stores);
      if (oldItems) {
        warmUp(stores);
      }
      counter.reset();
      op.accept(stores);
      List<String> calls = new ArrayList<>();
      counter.counts().forEach((operation, n) -> calls.add(operation + "=" + n));
      return String.join(" ", calls);
    }
  }

  /**
   * One failed condition per store that returns an item, after which a store trusts an empty
   * failure to mean that there is no item, as it may on DynamoDB.
   */
  private static void warmUp(Stores s) {
    s.runs().create(run("warm"));
    s.runs().acquireLease("warm", "x", T0, LEASE);
    s.runs().acquireLease("warm", "y", T0, LEASE);
    Event warm = new Event("warm", "src", "t", "s", T0, null, Map.of());
    s.inbox().put("warm", warm);
    s.inbox().put("warm", warm);
    Trigger trigger =
        Trigger.create(
            "warm", "w", Set.of("s"), Set.of(), "join", null, "wake", null, true, null, T0);
    s.triggers().create(trigger);
    s.triggers().create(trigger);
  }

  private static void append(Stores s, int episode, List<HistoryEvent> events) {
    try {
      s.history().append("run-1", episode, events);
    } catch (RuntimeException expected) {
      // The conflict is the case being measured.
    }
  }

  private static RunRecord run(String runId) {
    return RunRecord.started(runId, "wf", Json.parse("{}"), T0);
  }

  private static void createRuns(Stores s, int count) {
    for (int i = 0; i < count; i++) {
      s.runs().create(RunRecord.started("run-" + i, "wf", null, T0.plusSeconds(i)));
    }
  }

  private static LeaseOutcome lease(Stores s, String owner) {
    return s.runs().acquireLease("run-1", owner, T0, LEASE);
  }

  private static ReleaseOutcome release(Stores s, String owner, long seq, int counters) {
    return s.runs()
        .release(
            "run-1",
            owner,
            seq,
            new RunUpdate(RunStatus.RUNNING, null, null, null, counters, counters, 1, 0),
            T0);
  }

  private static List<HistoryEvent> episode(int n) {
    return List.of(new EpisodeStarted(n, T0));
  }

  private static Event event(String data) {
    return new Event("e-1", "src", "t", "s", T0, Json.parse(data), Map.of("runid", "run-1"));
  }

  private static Trigger trigger(Set<String> subjects) {
    return Trigger.create(
        "run-1",
        "g0",
        subjects,
        Set.of(),
        "join",
        null,
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

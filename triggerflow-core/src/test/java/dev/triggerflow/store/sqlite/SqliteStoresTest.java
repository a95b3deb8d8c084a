package dev.triggerflow.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.event.Event;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.DeadLetter;
import dev.triggerflow.spi.InboxStore.PutOutcome;
import dev.triggerflow.spi.LeaseOutcome;
import dev.triggerflow.spi.RunPage;
import dev.triggerflow.spi.RunQuery;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import dev.triggerflow.spi.RunStore;
import dev.triggerflow.spi.RunUpdate;
import dev.triggerflow.spi.Stores;
import dev.triggerflow.trigger.SeenEvents;
import dev.triggerflow.trigger.Trigger;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the SQLite store adds to the contract: a file that outlives the process, owned by one. */
class SqliteStoresTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:15:30.123456789Z");
  private static final Duration LEASE = Duration.ofMinutes(5);

  @TempDir Path temp;

  @Test
  void open_missingDirectory_createsItWithTheDatabaseAndLockFiles() throws IOException {
    Path directory = temp.resolve("work").resolve(".triggerflow");

    try (SqliteStores sqlite = SqliteStores.open(directory)) {

      assertThat(sqlite.directory()).isEqualTo(directory.toRealPath());
      assertThat(directory.resolve(SqliteStores.DATABASE_FILE)).isRegularFile();
      assertThat(directory.resolve(SqliteStores.LOCK_FILE)).isRegularFile();
    }
  }

  @Test
  void open_newStore_recordsTheCurrentSchemaVersion() throws SQLException {
    SqliteStores.open(temp).close();

    int version = queryInt(temp, "SELECT version FROM schema_version");

    assertThat(version).isEqualTo(Schema.CURRENT);
  }

  @Test
  void reopen_afterClose_readsBackEverythingWritten() {
    Snapshot before;
    try (SqliteStores sqlite = SqliteStores.open(temp)) {
      writeOneOfEverything(sqlite.stores());
      before = Snapshot.of(sqlite.stores());
    }

    Snapshot after;
    try (SqliteStores sqlite = SqliteStores.open(temp)) {
      after = Snapshot.of(sqlite.stores());
    }

    assertThat(before.runs().runs()).hasSize(2);
    assertThat(before.history()).hasSize(4);
    assertThat(before.pending()).hasSize(1);
    assertThat(before.triggers()).hasSize(2);
    assertThat(before.deadLetters()).hasSize(2);
    assertThat(after).isEqualTo(before);
  }

  @Test
  void reopen_leaseHeldAtClose_isClearedSoAnotherOwnerTakesOverAtOnce() {
    RunRecord run = RunRecord.started("run-1", "wf", Json.parse("{}"), T0);
    try (SqliteStores sqlite = SqliteStores.open(temp)) {
      sqlite.stores().runs().create(run);
      sqlite.stores().runs().acquireLease("run-1", "dead-process", T0, LEASE);
      sqlite.stores().runs().recordEventArrival("run-1");
    }

    try (SqliteStores sqlite = SqliteStores.open(temp)) {
      Optional<RunRecord> reopened = sqlite.stores().runs().get("run-1");
      LeaseOutcome lease =
          sqlite.stores().runs().acquireLease("run-1", "resumer", T0.plusSeconds(1), LEASE);

      assertThat(reopened).contains(run.withEventArrived());
      assertThat(lease).isInstanceOf(LeaseOutcome.Acquired.class);
    }
  }

  @Test
  void open_whileOpenInThisProcess_failsAndNamesTheDirectory() {
    try (SqliteStores first = SqliteStores.open(temp)) {

      assertThatThrownBy(() -> SqliteStores.open(temp))
          .isInstanceOf(StoreLockedException.class)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining(first.directory().toString())
          .hasMessageContaining("already open in this process");

      assertThat(first.stores().deadLetters().list(1)).isEmpty();
    }
  }

  @Test
  void open_whileAnotherProcessHoldsIt_failsWithAClearMessage() throws Exception {
    Path store = temp.resolve("store");
    Path errors = temp.resolve("holder.err");
    Process holder = startHolder(store, errors);
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      String ready = out.readLine();
      assertThat(ready)
          .as("the holder's first line; it logged: %s", Files.readString(errors))
          .startsWith(HoldStoreOpen.READY);

      assertThatThrownBy(() -> SqliteStores.open(store))
          .isInstanceOf(StoreLockedException.class)
          .hasMessageStartingWith(
              "another triggerflow process is using "
                  + store.toRealPath()
                  + "; wait for it to finish or stop it")
          .hasMessageContaining("pid " + holder.pid());

      holder.getOutputStream().close();
      assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(holder.exitValue()).isZero();
      try (SqliteStores afterwards = SqliteStores.open(store)) {
        assertThat(afterwards.stores().runs().get("run-1")).isEmpty();
      }
    } finally {
      holder.destroyForcibly();
    }
  }

  @Test
  void open_refusedInThisProcess_keepsTheLockAgainstOtherProcesses() throws Exception {
    Path store = temp.resolve("store");
    Path errors = temp.resolve("other.err");
    try (SqliteStores first = SqliteStores.open(store)) {
      assertThatThrownBy(() -> SqliteStores.open(store)).isInstanceOf(StoreLockedException.class);

      Process other = startHolder(store, errors);
      try {
        String line =
            new BufferedReader(
                    new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8))
                .readLine();

        assertThat(line)
            .as("the other process's first line; it logged: %s", Files.readString(errors))
            .startsWith(HoldStoreOpen.REFUSED + "another triggerflow process is using");
        assertThat(other.waitFor(60, TimeUnit.SECONDS)).isTrue();
      } finally {
        other.destroyForcibly();
      }
      assertThat(first.stores().runs().get("run-1")).isEmpty();
    }
  }

  @Test
  void open_throughAnotherPathToTheSameDirectory_isRefused() throws IOException {
    Path store = Files.createDirectories(temp.resolve("store"));
    Path sameStore = temp.resolve("store").resolve("..").resolve("store");
    try (SqliteStores first = SqliteStores.open(store)) {

      assertThatThrownBy(() -> SqliteStores.open(sameStore))
          .isInstanceOf(StoreLockedException.class);

      assertThat(first.stores().runs().get("run-1")).isEmpty();
    }
  }

  @Test
  void open_afterCloseOfAnEarlierStore_isAllowedAndAStaleCloseLeavesItOpen() {
    SqliteStores earlier = SqliteStores.open(temp);
    earlier.close();
    try (SqliteStores later = SqliteStores.open(temp)) {

      earlier.close();

      assertThatThrownBy(() -> SqliteStores.open(temp)).isInstanceOf(StoreLockedException.class);
      assertThat(later.stores().runs().get("run-1")).isEmpty();
    }
  }

  @Test
  void open_storeWrittenByANewerVersion_failsClearly() throws SQLException {
    SqliteStores.open(temp).close();
    execute(temp, "UPDATE schema_version SET version = " + (Schema.CURRENT + 1));

    assertThatThrownBy(() -> SqliteStores.open(temp))
        .isInstanceOf(SqliteStoreException.class)
        .hasMessageContaining("newer triggerflow");

    execute(temp, "UPDATE schema_version SET version = " + Schema.CURRENT);
    SqliteStores.open(temp).close();
  }

  @Test
  void open_storeOfTheFirstSchemaVersion_addsTheRunsFirstOpenCall() throws SQLException {
    try (SqliteStores sqlite = SqliteStores.open(temp)) {
      sqlite.stores().runs().create(RunRecord.started("run-1", "wf", Json.parse("{}"), T0));
    }
    execute(temp, "ALTER TABLE runs DROP COLUMN first_open_call");
    execute(temp, "UPDATE schema_version SET version = 1");

    try (SqliteStores sqlite = SqliteStores.open(temp)) {
      RunStore runs = sqlite.stores().runs();
      int before = runs.get("run-1").orElseThrow().firstOpenCall();
      runs.acquireLease("run-1", "owner", T0, LEASE);
      runs.release("run-1", "owner", 0, new RunUpdate(null, null, null, null, 3, 3, 1, 2), T0);

      assertThat(before).isZero();
      assertThat(runs.get("run-1").orElseThrow().firstOpenCall()).isEqualTo(2);
    }
    assertThat(queryInt(temp, "SELECT version FROM schema_version")).isEqualTo(Schema.CURRENT);
  }

  @Test
  void storeOperations_afterClose_fail() {
    SqliteStores sqlite = SqliteStores.open(temp);
    Stores stores = sqlite.stores();

    sqlite.close();

    assertThatThrownBy(() -> stores.runs().get("run-1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> stores.deadLetters().put(letter("dl")))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void close_twice_isHarmless() {
    SqliteStores sqlite = SqliteStores.open(temp);
    sqlite.close();

    sqlite.close();

    SqliteStores.open(temp).close();
  }

  @Test
  void inboxPut_sameDataBuiltAsOtherNumberNodes_isDuplicate() {
    ObjectNode asLong = Json.mapper().createObjectNode().set("result", LongNode.valueOf(5));
    ObjectNode asInt = Json.mapper().createObjectNode().set("result", IntNode.valueOf(5));
    try (SqliteStores sqlite = SqliteStores.open(temp)) {
      sqlite.stores().inbox().put("run-1", event("e-1", asLong));

      PutOutcome outcome = sqlite.stores().inbox().put("run-1", event("e-1", asInt));

      assertThat(outcome).isEqualTo(PutOutcome.DUPLICATE);
    }
  }

  @Test
  void list_everyFilterCombination_readsAnIndexInOrderWithoutSorting() throws SQLException {
    SqliteStores.open(temp).close();
    for (int combination = 0; combination < 8; combination++) {
      String sql =
          SqliteRunStore.listSql(
              (combination & 1) != 0, (combination & 2) != 0, (combination & 4) != 0);

      List<String> plan = queryPlan(temp, sql);

      assertThat(plan).as(sql).anyMatch(step -> step.contains("USING INDEX runs_"));
      assertThat(plan).as(sql).noneMatch(step -> step.contains("TEMP B-TREE"));
    }
  }

  private static void writeOneOfEverything(Stores stores) {
    RunRecord first = RunRecord.started("run-1", "orders", Json.parse("{\"n\":1}"), T0);
    stores.runs().create(first);
    stores.runs().create(RunRecord.child("run-2", "orders", null, T0.plusNanos(1), "run-1", 4));
    stores.runs().acquireLease("run-1", "owner", T0, LEASE);
    stores.runs().recordEventArrival("run-1");
    stores
        .runs()
        .release(
            "run-1",
            "owner",
            1,
            new RunUpdate(RunStatus.COMPLETED, Json.parse("[6]"), null, null, 4, 4, 2, 0),
            T0.plusSeconds(2));

    stores
        .history()
        .append(
            "run-1",
            0,
            List.of(
                new HistoryEvent.RunStarted(0, "orders", Json.parse("{\"n\":1}"), T0),
                new HistoryEvent.TaskScheduled(0, 0, 0, "add", Json.parse("1"))));
    stores
        .history()
        .append(
            "run-1",
            1,
            List.of(
                new HistoryEvent.EpisodeStarted(1, T0.plusSeconds(1)),
                new HistoryEvent.RunCompleted(1, Json.parse("[6]"), T0.plusSeconds(1))));

    stores.inbox().put("run-1", event("e-1", Json.parse("{\"result\":3}")));
    stores.inbox().put("run-1", event("e-2", Json.parse("{\"result\":4}")));
    stores.inbox().remove("run-1", List.of("e-1"));

    Trigger trigger =
        Trigger.create(
            "run-1",
            "g0",
            Set.of("run-1/group/0"),
            Set.of(),
            "join",
            Json.parse("{\"expected\":1}"),
            "wake",
            null,
            true,
            SeenEvents.forCalls(0, 1),
            T0);
    stores.triggers().create(trigger);
    stores
        .triggers()
        .create(
            Trigger.create(
                "run-1",
                "g1",
                Set.of("a", "b"),
                null,
                "join",
                null,
                "wake",
                null,
                false,
                null,
                T0));
    Trigger fired =
        new Trigger(
            trigger.runId(),
            trigger.id(),
            Set.of("run-1/group/0", "run-1/other"),
            trigger.types(),
            trigger.condition(),
            trigger.conditionParams(),
            trigger.action(),
            trigger.actionParams(),
            trigger.context(),
            trigger.isTransient(),
            trigger.seen().with(event("e-1", Json.parse("{\"result\":3}"))),
            true,
            "e-1",
            false,
            1,
            trigger.createdAt());
    stores.triggers().replace(trigger, fired);

    stores.deadLetters().put(letter("dl-1"));
    stores.deadLetters().put(letter("dl-2"));
  }

  /** Everything a store holds for the runs {@link #writeOneOfEverything} writes. */
  private record Snapshot(
      RunPage runs,
      List<HistoryEvent> history,
      List<Event> pending,
      List<Trigger> triggers,
      List<Trigger> bySubject,
      List<DeadLetter> deadLetters) {
    static Snapshot of(Stores stores) {
      return new Snapshot(
          stores.runs().list(RunQuery.all(10)),
          stores.history().read("run-1", 0),
          stores.inbox().pending("run-1"),
          stores.triggers().list("run-1"),
          stores.triggers().findBySubject("run-1", "run-1/other"),
          stores.deadLetters().list(10));
    }
  }

  private static Event event(String id, JsonNode data) {
    return new Event(
        id,
        "triggerflow",
        "triggerflow.task.succeeded",
        "run-1/group/0",
        T0,
        data,
        Map.of("runid", "run-1", "callid", "0"));
  }

  private static DeadLetter letter(String id) {
    return new DeadLetter(id, T0, "no run 'x' exists", null, "{\"id\":\"" + id + "\"}");
  }

  private static Process startHolder(Path store, Path errors) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    return new ProcessBuilder(
            java.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            HoldStoreOpen.class.getName(),
            store.toString())
        .redirectError(errors.toFile())
        .start();
  }

  private static Connection connect(Path directory) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:sqlite:" + directory.resolve(SqliteStores.DATABASE_FILE).toAbsolutePath());
  }

  private static void execute(Path directory, String sql) throws SQLException {
    try (Connection c = connect(directory);
        Statement s = c.createStatement()) {
      s.executeUpdate(sql);
    }
  }

  private static int queryInt(Path directory, String sql) throws SQLException {
    try (Connection c = connect(directory);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static List<String> queryPlan(Path directory, String sql) throws SQLException {
    try (Connection c = connect(directory);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
      List<String> details = new ArrayList<>();
      while (rs.next()) {
        details.add(rs.getString("detail"));
      }
      return details;
    }
  }
}

package dev.triggerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.history.HistoryEvent.EpisodeStarted;
import dev.triggerflow.history.HistoryEvent.RunStarted;
import dev.triggerflow.history.HistoryEvent.TaskAttemptFailed;
import dev.triggerflow.history.HistoryEvent.TaskScheduled;
import dev.triggerflow.history.HistoryEvent.TaskSucceeded;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.Stores;
import dev.triggerflow.store.memory.InMemoryStores;
import dev.triggerflow.trigger.Actions;
import dev.triggerflow.trigger.Conditions;
import dev.triggerflow.trigger.SeenEvents;
import dev.triggerflow.trigger.Trigger;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunProgressTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String RUN = "pi-1";

  @TempDir Path dir;

  private final Stores stores = InMemoryStores.create();

  private void mapOfFourCalls() {
    stores.runs().create(RunRecord.started(RUN, "pi", null, T0));
    List<HistoryEvent> episode = new ArrayList<>();
    episode.add(new RunStarted(0, "pi", null, T0));
    for (int call = 1; call <= 4; call++) {
      episode.add(new TaskScheduled(0, call, 1, "monte_carlo", IntNode.valueOf(call)));
    }
    stores.history().append(RUN, 0, episode);
  }

  /** The map's join, having counted the results of these calls. */
  private void joinHasSeen(int... calls) {
    SeenEvents seen = SeenEvents.forCalls(1, 4);
    for (int call : calls) {
      seen = seen.with(EngineEvents.taskSucceeded(RUN, 1, call, 1, IntNode.valueOf(1), T0));
    }
    stores
        .triggers()
        .create(
            Trigger.create(
                RUN,
                "g1",
                Set.of(EngineEvents.groupSubject(RUN, 1)),
                Set.of(EngineEvents.TASK_SUCCEEDED, EngineEvents.TASK_FAILED),
                Conditions.JOIN,
                Conditions.joinParams(4),
                Actions.WAKE,
                null,
                true,
                seen,
                T0));
  }

  @Test
  void mapWhoseResultsAreNotInTheHistoryYet_countsThemFromItsJoin() {
    mapOfFourCalls();
    joinHasSeen(1, 2);

    RunProgress.Snapshot s = new RunProgress(stores, RUN).read();

    assertThat(s.scheduled()).isEqualTo(4);
    assertThat(s.done()).isEqualTo(2);
    assertThat(s.map()).isEqualTo(new RunProgress.MapProgress(1, "monte_carlo", 2, 4));
    assertThat(s.describe())
        .isEqualTo("pi-1 RUNNING | calls 2/4 | map monte_carlo 2/4 50% | wakes 0");
  }

  @Test
  void resultsInTheHistory_areReadOnce_andCloseTheMap() {
    mapOfFourCalls();
    joinHasSeen(1, 2, 3, 4);
    RunProgress progress = new RunProgress(stores, RUN);
    progress.read();
    List<HistoryEvent> wake = new ArrayList<>();
    wake.add(new EpisodeStarted(1, T0.plusSeconds(1)));
    for (int call = 1; call <= 4; call++) {
      wake.add(new TaskSucceeded(1, call, IntNode.valueOf(1), "e" + call, T0));
    }
    stores.history().append(RUN, 1, wake);

    RunProgress.Snapshot s = progress.read();

    assertThat(s.done()).isEqualTo(4);
    assertThat(s.map()).isNull();
    assertThat(progress.read()).isEqualTo(s);
  }

  @Test
  void callWaitingToRetry_isNotDone_thoughItsFailedAttemptCountedInTheJoin() {
    mapOfFourCalls();
    joinHasSeen(1, 2, 3, 4);
    stores
        .history()
        .append(
            RUN,
            1,
            List.of(
                new EpisodeStarted(1, T0.plusSeconds(1)),
                new TaskSucceeded(1, 1, IntNode.valueOf(1), "e1", T0),
                new TaskSucceeded(1, 2, IntNode.valueOf(1), "e2", T0),
                new TaskSucceeded(1, 4, IntNode.valueOf(1), "e4", T0),
                new TaskAttemptFailed(1, 3, 1, "Boom", "no", "e3", T0, T0.plusSeconds(2))));

    RunProgress.Snapshot s = new RunProgress(stores, RUN).read();

    assertThat(s.done()).isEqualTo(3);
    assertThat(s.retries()).isEqualTo(1);
    assertThat(s.describe()).contains("calls 3/4, 1 retry", "map monte_carlo 3/4 75%");
  }

  // ---- the command, not on a terminal ---------------------------------------------------------

  private record Result(int code, String out, String err) {}

  private Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(List.of("--dir", dir.toString()));
    all.addAll(List.of(args));
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), all.toArray(new String[0]));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void runOffATerminal_printsPlainProgressLinesOnStderr_andOneJsonObjectOnStdout() {
    Result r = cli("run", "flaky", "--input", "1", "--json", "--progress", "lines");

    assertThat(r.code()).isEqualTo(ExitCodes.OK);
    assertThat(Json.parse(r.out()).get("result").asText()).isEqualTo("succeeded on attempt 2");
    assertThat(r.err()).doesNotContain("\r");
    List<String> lines = r.err().lines().toList();
    assertThat(lines)
        .allMatch(
            l -> l.matches("\\[ *\\d+\\.\\ds\\] flaky-\\w+ (RUNNING|COMPLETED) \\| calls .*"),
            "a progress line");
    assertThat(lines.get(lines.size() - 1)).endsWith("COMPLETED | calls 1/1, 1 retry | wakes 4");
  }

  @Test
  void progressAuto_offATerminal_isPlainLines() {
    Result r = cli("run", "sequence", "--json");

    assertThat(r.err()).doesNotContain("\r");
    assertThat(r.err().lines().toList())
        .last()
        .asString()
        .contains("COMPLETED | calls 2/2 | wakes 3");
  }

  @Test
  void progressNone_printsNothingOnStderr() {
    Result r = cli("run", "sequence", "--progress", "none");

    assertThat(r.code()).isEqualTo(ExitCodes.OK);
    assertThat(r.err()).isEmpty();
  }

  @Test
  void progressOfAnotherKind_isAUsageError() {
    Result r = cli("run", "sequence", "--progress", "loud");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--progress is 'loud'; it takes auto, live, lines or none");
  }
}

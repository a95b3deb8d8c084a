package dev.triggerflow.store.contract;

import static dev.triggerflow.store.contract.Fixtures.T0;
import static dev.triggerflow.store.contract.Fixtures.awkwardJson;
import static dev.triggerflow.store.contract.Fixtures.bigJson;
import static dev.triggerflow.store.contract.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.history.HistoryEvent.EpisodeStarted;
import dev.triggerflow.history.HistoryEvent.RunCompleted;
import dev.triggerflow.history.HistoryEvent.RunFailed;
import dev.triggerflow.history.HistoryEvent.RunStarted;
import dev.triggerflow.history.HistoryEvent.TaskFailed;
import dev.triggerflow.history.HistoryEvent.TaskScheduled;
import dev.triggerflow.history.HistoryEvent.TaskSucceeded;
import dev.triggerflow.spi.HistoryStore;
import dev.triggerflow.spi.HistoryStore.HistoryConflictException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link HistoryStore} must have: dense episodes, each written once by a
 * conditional append, read back exactly and in order. Subclass it with a factory for a fresh, empty
 * store.
 */
public abstract class HistoryStoreContract {
  private static final int RACE_ROUNDS = 20;
  private static final int RACE_THREADS = 8;

  private HistoryStore store;

  /** A new, empty store; called before each test. */
  protected abstract HistoryStore newHistoryStore();

  @BeforeEach
  final void openHistoryStore() {
    store = newHistoryStore();
  }

  @Test
  void read_unknownRun_isEmpty() {
    store.append("run-1", 0, episode(0));

    List<HistoryEvent> events = store.read("run-2", 0);

    assertThat(events).isEmpty();
  }

  @Test
  void append_denseEpisodes_readBackInOrder() {
    List<HistoryEvent> expected = new ArrayList<>();
    for (int e = 0; e < 4; e++) {
      store.append("run-1", e, episode(e));
      expected.addAll(episode(e));
    }

    List<HistoryEvent> events = store.read("run-1", 0);

    assertThat(events).containsExactlyElementsOf(expected);
  }

  @Test
  void read_fromAnEpisode_returnsThatEpisodeAndTheLaterOnes() {
    for (int e = 0; e < 4; e++) {
      store.append("run-1", e, episode(e));
    }

    List<HistoryEvent> events = store.read("run-1", 2);

    List<HistoryEvent> expected = new ArrayList<>(episode(2));
    expected.addAll(episode(3));
    assertThat(events).containsExactlyElementsOf(expected);
  }

  @Test
  void read_pastTheLastEpisode_isEmpty() {
    store.append("run-1", 0, episode(0));
    store.append("run-1", 1, episode(1));

    List<HistoryEvent> events = store.read("run-1", 2);

    assertThat(events).isEmpty();
  }

  @Test
  void append_existingEpisode_throwsConflictAndKeepsTheFirst() {
    store.append("run-1", 0, episode(0));
    store.append("run-1", 1, episode(1));
    List<HistoryEvent> rewrite = List.of(new EpisodeStarted(1, T0.plusSeconds(99)));

    assertThatThrownBy(() -> store.append("run-1", 1, rewrite))
        .isInstanceOf(HistoryConflictException.class)
        .hasMessageContaining("run-1");

    List<HistoryEvent> expected = new ArrayList<>(episode(0));
    expected.addAll(episode(1));
    assertThat(store.read("run-1", 0)).containsExactlyElementsOf(expected);
  }

  @Test
  void append_firstEpisodeTwice_throwsConflict() {
    store.append("run-1", 0, episode(0));

    assertThatThrownBy(() -> store.append("run-1", 0, episode(0)))
        .isInstanceOf(HistoryConflictException.class);

    assertThat(store.read("run-1", 0)).containsExactlyElementsOf(episode(0));
  }

  /**
   * Whether the store refuses an episode that would leave a gap. The orchestrator never asks for
   * one (it appends the episode after the last it read), so a store may skip the check to save a
   * read per append; one that skips it says so here.
   */
  protected boolean rejectsGaps() {
    return true;
  }

  @Test
  void append_episodeAfterAGap_isRejectedAndWritesNothing() {
    org.junit.jupiter.api.Assumptions.assumeTrue(rejectsGaps(), "this store does not check gaps");
    store.append("run-1", 0, episode(0));

    assertThatThrownBy(() -> store.append("run-1", 2, episode(2)))
        .isInstanceOf(IllegalStateException.class);

    assertThat(store.read("run-1", 0)).containsExactlyElementsOf(episode(0));
  }

  @Test
  void append_firstEpisodeOfANewRunIsNotZero_isRejected() {
    org.junit.jupiter.api.Assumptions.assumeTrue(rejectsGaps(), "this store does not check gaps");
    assertThatThrownBy(() -> store.append("run-1", 1, episode(1)))
        .isInstanceOf(IllegalStateException.class);

    assertThat(store.read("run-1", 0)).isEmpty();
  }

  @Test
  void append_negativeEpisode_isRejected() {
    store.append("run-1", 0, episode(0));

    assertThatThrownBy(() -> store.append("run-1", -1, episode(0)))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(store.read("run-1", 0)).containsExactlyElementsOf(episode(0));
  }

  @Test
  void append_sameEpisodeOfAnotherRun_isIndependent() {
    store.append("run-1", 0, episode(0));
    store.append("run-1", 1, episode(1));

    store.append("run-2", 0, List.of(new RunStarted(0, "other", json("7"), T0)));

    assertThat(store.read("run-2", 0)).containsExactly(new RunStarted(0, "other", json("7"), T0));
    assertThat(store.read("run-1", 0)).hasSize(episode(0).size() + episode(1).size());
  }

  @Test
  void append_concurrentOrchestratorsWritingOneEpisode_exactlyOneSucceeds() {
    for (int round = 0; round < RACE_ROUNDS; round++) {
      String runId = "run-" + round;
      store.append(runId, 0, episode(0));

      List<Integer> winners =
          Race.run(
              RACE_THREADS,
              i -> {
                try {
                  store.append(runId, 1, List.of(new EpisodeStarted(1, T0.plusSeconds(i))));
                  return i;
                } catch (HistoryConflictException e) {
                  return null;
                }
              });

      List<Integer> won = winners.stream().filter(w -> w != null).toList();
      assertThat(won).as("winners of round %s", round).hasSize(1);
      assertThat(store.read(runId, 1))
          .containsExactly(new EpisodeStarted(1, T0.plusSeconds(won.get(0))));
    }
  }

  @Test
  void append_everyKindOfEvent_roundTripsExactly() {
    List<HistoryEvent> zero =
        List.of(
            new RunStarted(0, "orders.v1", awkwardJson(), T0),
            new TaskScheduled(0, 0, 0, "charge-card", awkwardJson()),
            new TaskScheduled(0, 1, 1, "ship", json("\"text input\"")));
    List<HistoryEvent> one =
        List.of(
            new EpisodeStarted(1, T0.plusNanos(1)),
            new TaskSucceeded(1, 0, awkwardJson(), "run-1.0.1.succeeded", T0.plusMillis(5)),
            new TaskFailed(
                1, 1, "IllegalStateException", "no \u2713 stock\n", "run-1.1.1.failed", T0),
            new RunFailed(1, "TaskFailed", "call 1 failed: \"no stock\"", T0.plusSeconds(1)));
    List<HistoryEvent> two =
        List.of(
            new EpisodeStarted(2, T0),
            new RunCompleted(2, NullNode.getInstance(), T0),
            new RunCompleted(2, json("[true,false,null,1.5]"), T0));

    store.append("run-1", 0, zero);
    store.append("run-1", 1, one);
    store.append("run-1", 2, two);

    List<HistoryEvent> expected = new ArrayList<>(zero);
    expected.addAll(one);
    expected.addAll(two);
    assertThat(store.read("run-1", 0)).containsExactlyElementsOf(expected);
  }

  @Test
  void append_largeHistory_roundTripsExactly() {
    List<HistoryEvent> expected = new ArrayList<>();
    store.append("run-1", 0, List.of(new RunStarted(0, "big", bigJson(300_000, 0), T0)));
    expected.add(new RunStarted(0, "big", bigJson(300_000, 0), T0));
    for (int e = 1; e < 300; e++) {
      List<HistoryEvent> events = new ArrayList<>();
      events.add(new EpisodeStarted(e, T0.plusSeconds(e).plusNanos(e)));
      for (int c = 0; c < 20; c++) {
        int call = e * 20 + c;
        events.add(new TaskScheduled(e, call, e, "task-" + c, json("{\"call\":" + call + "}")));
      }
      if (e % 50 == 0) {
        events.add(new TaskSucceeded(e, e, bigJson(200_000, e), "event-" + e, T0));
      }
      store.append("run-1", e, events);
      expected.addAll(events);
    }

    List<HistoryEvent> events = store.read("run-1", 0);

    assertThat(events).hasSize(expected.size());
    assertThat(events).containsExactlyElementsOf(expected);
    assertThat(store.read("run-1", 250))
        .containsExactlyElementsOf(
            expected.subList(
                expected.indexOf(new EpisodeStarted(250, T0.plusSeconds(250).plusNanos(250))),
                expected.size()));
  }

  /** A small, recognisable episode. */
  private static List<HistoryEvent> episode(int number) {
    if (number == 0) {
      return List.of(
          new RunStarted(0, "wf", json("{\"n\":0}"), T0),
          new TaskScheduled(0, 0, 0, "task", json("{\"n\":0}")));
    }
    return List.of(
        new EpisodeStarted(number, T0.plusSeconds(number)),
        new TaskSucceeded(number, number - 1, json("{\"r\":" + number + "}"), "e-" + number, T0),
        new TaskScheduled(number, number, number, "task", json("{\"n\":" + number + "}")));
  }
}

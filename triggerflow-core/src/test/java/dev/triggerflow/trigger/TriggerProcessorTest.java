package dev.triggerflow.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.triggerflow.api.Registry;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.event.Event;
import dev.triggerflow.event.EventCodec;
import dev.triggerflow.runtime.ManualClock;
import dev.triggerflow.spi.DeadLetter;
import dev.triggerflow.spi.FunctionInvoker;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.Stores;
import dev.triggerflow.spi.TaskInvocation;
import dev.triggerflow.spi.TriggerStore;
import dev.triggerflow.store.memory.InMemoryStores;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TriggerProcessorTest {
  private static final String RUN = "run-7";
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final Stores stores = InMemoryStores.create();
  private final List<String> wakes = new ArrayList<>();
  private final List<Event> published = new ArrayList<>();
  private boolean failNextWake;

  private final FunctionInvoker invoker =
      new FunctionInvoker() {
        @Override
        public void invokeTask(TaskInvocation invocation) {}

        @Override
        public void wakeOrchestrator(String runId) {
          if (failNextWake) {
            failNextWake = false;
            throw new IllegalStateException("simulated crash in the action");
          }
          wakes.add(runId);
        }
      };

  private TriggerProcessor processor(Registry registry) {
    return new TriggerProcessor(registry, stores, invoker, published::addAll, clock);
  }

  private TriggerProcessor processor() {
    return processor(Registry.builder().build());
  }

  private void runExists() {
    stores.runs().create(RunRecord.started(RUN, "wf", null, clock.now()));
  }

  private static Event event(String id, String subject, String type) {
    return new Event(
        id,
        "test",
        type,
        subject,
        Instant.parse("2026-01-01T00:00:01Z"),
        TextNode.valueOf(id),
        Map.of(Event.RUN_ID, RUN));
  }

  private Trigger trigger(
      String id, String subject, String condition, int n, String action, boolean once) {
    return Trigger.create(
        RUN,
        id,
        Set.of(subject),
        Set.of(),
        condition,
        condition.equals(Conditions.COUNTER)
            ? Conditions.counterParams(n)
            : Conditions.joinParams(n),
        action,
        null,
        once,
        null,
        clock.now());
  }

  @Test
  void join_firesOnceWhenNDistinctEventsArrived() {
    runExists();
    stores.triggers().create(trigger("t", "s", Conditions.JOIN, 3, Actions.WAKE, true));
    TriggerProcessor p = processor();

    p.process(event("a", "s", "x"));
    p.process(event("b", "s", "x"));
    assertThat(wakes).isEmpty();
    p.process(event("c", "s", "x"));

    assertThat(wakes).containsExactly(RUN);
    assertThat(stores.triggers().get(RUN, "t").orElseThrow().fired()).isTrue();
  }

  @Test
  void join_duplicateEvent_neverCountsTwice() {
    runExists();
    stores.triggers().create(trigger("t", "s", Conditions.JOIN, 2, Actions.WAKE, true));
    TriggerProcessor p = processor();

    TriggerProcessor.Outcome first = p.process(event("a", "s", "x"));
    TriggerProcessor.Outcome again = p.process(event("a", "s", "x"));

    assertThat(first).isEqualTo(TriggerProcessor.Outcome.PROCESSED);
    assertThat(again).isEqualTo(TriggerProcessor.Outcome.DUPLICATE);
    assertThat(wakes).isEmpty();
    p.process(event("b", "s", "x"));
    p.process(event("b", "s", "x"));
    assertThat(wakes).hasSize(1);
  }

  @Test
  void join_overCallGroup_countsEachCallOnceEvenForSuccessAndFailure() {
    runExists();
    stores
        .triggers()
        .create(dev.triggerflow.engine.TestAccess.groupTrigger(RUN, 1, 2, clock.now()));
    TriggerProcessor p = processor();
    Instant t = clock.now();

    p.process(EngineEvents.taskSucceeded(RUN, 1, 1, 1, IntNode.valueOf(1), t));
    p.process(EngineEvents.taskFailed(RUN, 1, 1, 1, "E", "late failure of the same call", t));
    assertThat(wakes).isEmpty();
    p.process(EngineEvents.taskSucceeded(RUN, 1, 2, 1, IntNode.valueOf(2), t));

    assertThat(wakes).containsExactly(RUN);
  }

  @Test
  void counter_firesEveryThresholdEvents() {
    runExists();
    stores.triggers().create(trigger("t", "s", Conditions.COUNTER, 2, Actions.WAKE, false));
    TriggerProcessor p = processor();

    for (int i = 0; i < 5; i++) {
      p.process(event("e" + i, "s", "x"));
    }

    assertThat(wakes).hasSize(2);
  }

  @Test
  void transientTrigger_doesNotFireAgain() {
    runExists();
    stores.triggers().create(trigger("t", "s", Conditions.ALWAYS, 1, Actions.WAKE, true));
    TriggerProcessor p = processor();

    p.process(event("a", "s", "x"));
    TriggerProcessor.Outcome late = p.process(event("b", "s", "x"));

    assertThat(wakes).hasSize(1);
    assertThat(late).isEqualTo(TriggerProcessor.Outcome.DUPLICATE);
    assertThat(stores.deadLetters().list(10)).isEmpty();
  }

  @Test
  void activationTypes_filterEvents() {
    runExists();
    Trigger typed =
        Trigger.create(
            RUN,
            "t",
            Set.of("s"),
            Set.of("wanted"),
            Conditions.ALWAYS,
            null,
            Actions.WAKE,
            null,
            false,
            null,
            clock.now());
    stores.triggers().create(typed);
    TriggerProcessor p = processor();

    TriggerProcessor.Outcome other = p.process(event("a", "s", "unwanted"));
    p.process(event("b", "s", "wanted"));

    assertThat(other).isEqualTo(TriggerProcessor.Outcome.DEAD_LETTERED);
    assertThat(wakes).hasSize(1);
  }

  @Test
  void crashBetweenFiringAndAction_isRepairedByRedeliveryOfTheFiringEvent() {
    runExists();
    stores.triggers().create(trigger("t", "s", Conditions.JOIN, 1, Actions.WAKE, true));
    TriggerProcessor p = processor();
    failNextWake = true;

    assertThatThrownBy(() -> p.process(event("a", "s", "x"))).hasMessageContaining("crash");
    p.process(event("a", "s", "x"));
    p.process(event("a", "s", "x"));

    assertThat(wakes).containsExactly(RUN);
    assertThat(stores.triggers().get(RUN, "t").orElseThrow().actionDone()).isTrue();
  }

  @Test
  void contendedTrigger_isTriedAgainAfterThePauseForEachLostRace() {
    runExists();
    stores.triggers().create(trigger("t", "s", Conditions.JOIN, 2, Actions.WAKE, true));
    TriggerStore losesTwice = new LosingTriggerStore(stores.triggers(), 2);
    Stores contended =
        new Stores(
            stores.runs(), stores.history(), stores.inbox(), losesTwice, stores.deadLetters());
    List<Integer> pauses = new ArrayList<>();
    TriggerProcessor p =
        new TriggerProcessor(
                Registry.builder().build(), contended, invoker, published::addAll, clock)
            .withConflictPause(pauses::add);

    TriggerProcessor.Outcome outcome = p.process(event("a", "s", "x"));

    assertThat(outcome).isEqualTo(TriggerProcessor.Outcome.PROCESSED);
    assertThat(pauses).containsExactly(1, 2);
    assertThat(stores.triggers().get(RUN, "t").orElseThrow().seen().contains(event("a", "s", "x")))
        .isTrue();
  }

  @Test
  void jitteredPause_refusesABaseAboveItsCapOrNotAboveZero() {
    assertThatThrownBy(
            () ->
                TriggerProcessor.ConflictPause.jittered(Duration.ofMillis(5), Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 < base <= cap");
    assertThatThrownBy(
            () -> TriggerProcessor.ConflictPause.jittered(Duration.ZERO, Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void jitteredPause_returnsForEveryAttemptEvenFarBeyondTheDoublingRange()
      throws InterruptedException {
    TriggerProcessor.ConflictPause pause =
        TriggerProcessor.ConflictPause.jittered(Duration.ofNanos(1_000), Duration.ofNanos(2_000));

    for (int attempt = 1; attempt <= 100; attempt++) {
      pause.before(attempt);
    }

    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  /** A trigger store that loses the first {@code losses} races without writing anything. */
  private static final class LosingTriggerStore implements TriggerStore {
    private final TriggerStore delegate;
    private int losses;

    LosingTriggerStore(TriggerStore delegate, int losses) {
      this.delegate = delegate;
      this.losses = losses;
    }

    @Override
    public Replaced replaceOrRead(Trigger current, Trigger updated) {
      if (losses > 0) {
        losses--;
        return Replaced.lost(delegate.get(current.runId(), current.id()));
      }
      return delegate.replaceOrRead(current, updated);
    }

    @Override
    public void create(Trigger trigger) {
      delegate.create(trigger);
    }

    @Override
    public List<Trigger> findBySubject(String runId, String subject) {
      return delegate.findBySubject(runId, subject);
    }

    @Override
    public Optional<Trigger> get(String runId, String triggerId) {
      return delegate.get(runId, triggerId);
    }

    @Override
    public boolean replace(Trigger current, Trigger updated) {
      return delegate.replace(current, updated);
    }

    @Override
    public List<Trigger> list(String runId) {
      return delegate.list(runId);
    }

    @Override
    public void deleteAll(String runId) {
      delegate.deleteAll(runId);
    }
  }

  @Test
  void customConditionAndAction_areLookedUpByRegisteredName() {
    runExists();
    Registry registry =
        Registry.builder()
            .condition("even-data", (ctx, e) -> e.data().asText().length() % 2 == 0)
            .action("publish-echo", (ctx, e) -> ctx.publish(List.of(e)))
            .build();
    stores.triggers().create(trigger("t", "s", "even-data", 1, "publish-echo", false));
    TriggerProcessor p = processor(registry);

    p.process(event("ab", "s", "x"));
    p.process(event("abc", "s", "x"));

    assertThat(published).extracting(Event::id).containsExactly("ab");
  }

  @Test
  void unknownConditionName_failsClearlyAndNeverLoadsAClass() {
    runExists();
    stores.triggers().create(trigger("t", "s", "java.lang.Runtime", 1, Actions.WAKE, false));
    TriggerProcessor p = processor();

    assertThatThrownBy(() -> p.process(event("a", "s", "x")))
        .hasMessageContaining("no condition named 'java.lang.Runtime' is registered");
  }

  @Test
  void eventForUnknownRun_isDeadLettered() {
    TriggerProcessor.Outcome outcome = processor().process(event("a", "s", "x"));

    assertThat(outcome).isEqualTo(TriggerProcessor.Outcome.DEAD_LETTERED);
    List<DeadLetter> letters = stores.deadLetters().list(10);
    assertThat(letters).singleElement().satisfies(l -> assertThat(l.reason()).contains("no run"));
  }

  @Test
  void eventMatchingNoTrigger_isDeadLetteredWithSubject() {
    runExists();

    processor().process(event("a", "nobody-listens", "x"));

    assertThat(stores.deadLetters().list(10).get(0).reason()).contains("nobody-listens");
  }

  @Test
  void eventForFinishedRun_isIgnored() {
    stores
        .runs()
        .create(
            RunRecord.started(RUN, "wf", null, clock.now())
                .apply(
                    new dev.triggerflow.spi.RunUpdate(
                        dev.triggerflow.spi.RunStatus.COMPLETED, null, null, null, 0, 0, 0, 0),
                    null,
                    null,
                    clock.now()));

    TriggerProcessor.Outcome outcome = processor().process(event("a", "s", "x"));

    assertThat(outcome).isEqualTo(TriggerProcessor.Outcome.IGNORED);
    assertThat(stores.deadLetters().list(10)).isEmpty();
  }

  @Test
  void sameIdDifferentContent_isDeadLetteredAndTheFirstWins() {
    runExists();
    stores.triggers().create(trigger("t", "s", Conditions.JOIN, 2, Actions.WAKE, true));
    TriggerProcessor p = processor();
    Event first = event("a", "s", "x");
    Event tampered =
        new Event(
            "a", "test", "x", "s", first.time(), TextNode.valueOf("other"), first.extensions());

    p.process(first);
    TriggerProcessor.Outcome outcome = p.process(tampered);

    assertThat(outcome).isEqualTo(TriggerProcessor.Outcome.DEAD_LETTERED);
    assertThat(stores.inbox().pending(RUN)).containsExactly(first);
  }

  @Test
  void malformedJson_isDeadLetteredNotThrown() {
    TriggerProcessor p = processor();

    TriggerProcessor.Outcome notJson = p.processJson("{this is not json");
    TriggerProcessor.Outcome noSubject =
        p.processJson(
            "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"s\",\"type\":\"t\","
                + "\"time\":\"2026-01-01T00:00:00Z\"}");

    assertThat(notJson).isEqualTo(TriggerProcessor.Outcome.DEAD_LETTERED);
    assertThat(noSubject).isEqualTo(TriggerProcessor.Outcome.DEAD_LETTERED);
    assertThat(stores.deadLetters().list(10))
        .extracting(DeadLetter::reason)
        .anySatisfy(r -> assertThat(r).contains("not valid JSON"))
        .anySatisfy(r -> assertThat(r).containsIgnoringCase("subject"));
  }

  @Test
  void envelopeFromTheBus_isUnwrapped() {
    runExists();
    stores.triggers().create(trigger("t", "s", Conditions.JOIN, 1, Actions.WAKE, true));

    processor().processJson(EventCodec.toEnvelope(event("a", "s", "x")).toString());

    assertThat(wakes).containsExactly(RUN);
  }

  @Test
  void resultOfACallOutsideTheGroup_isDeadLetteredAndDoesNotCount() {
    runExists();
    stores
        .triggers()
        .create(dev.triggerflow.engine.TestAccess.groupTrigger(RUN, 1, 2, clock.now()));
    TriggerProcessor p = processor();
    Instant t = clock.now();

    TriggerProcessor.Outcome stray =
        p.process(EngineEvents.taskSucceeded(RUN, 1, 9, 1, IntNode.valueOf(9), t));
    p.process(EngineEvents.taskSucceeded(RUN, 1, 1, 1, IntNode.valueOf(1), t));

    assertThat(stray).isEqualTo(TriggerProcessor.Outcome.DEAD_LETTERED);
    assertThat(stores.deadLetters().list(1).get(0).reason()).contains("call 9", "calls 1 to 2");
    assertThat(wakes).isEmpty();
  }

  @Test
  void duplicateWhileTheFirstDeliveryStillActs_leavesTheActionToIt_untilTheGracePeriodEnds() {
    runExists();
    stores.triggers().create(trigger("t", "s", Conditions.JOIN, 1, Actions.WAKE, true));
    TriggerProcessor p =
        new TriggerProcessor(
            Registry.builder().build(),
            stores,
            invoker,
            published::addAll,
            clock,
            null,
            java.time.Duration.ofSeconds(30));
    failNextWake = true;
    assertThatThrownBy(() -> p.process(event("a", "s", "x"))).hasMessageContaining("crash");

    p.process(event("a", "s", "x"));
    assertThat(wakes).isEmpty();
    clock.advance(java.time.Duration.ofSeconds(31));
    p.process(event("a", "s", "x"));

    assertThat(wakes).containsExactly(RUN);
  }

  @Test
  void resultWhoseCallIdIsNotANumber_isDeadLettered() {
    runExists();
    stores
        .triggers()
        .create(dev.triggerflow.engine.TestAccess.groupTrigger(RUN, 1, 1, clock.now()));
    Event good = EngineEvents.taskSucceeded(RUN, 1, 1, 1, IntNode.valueOf(1), clock.now());
    java.util.Map<String, String> ext = new java.util.HashMap<>(good.extensions());
    ext.put(Event.CALL_ID, "one");
    Event bad =
        new Event(
            good.id(), good.source(), good.type(), good.subject(), good.time(), good.data(), ext);

    TriggerProcessor.Outcome outcome = processor().process(bad);

    assertThat(outcome).isEqualTo(TriggerProcessor.Outcome.DEAD_LETTERED);
    assertThat(stores.deadLetters().list(1).get(0).reason()).contains("names call (none)");
    assertThat(wakes).isEmpty();
  }
}

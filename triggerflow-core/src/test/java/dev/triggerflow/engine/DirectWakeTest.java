package dev.triggerflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.triggerflow.api.Registry;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.event.Event;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.spi.DeadLetter;
import dev.triggerflow.spi.RunStatus;
import dev.triggerflow.spi.Stores;
import dev.triggerflow.spi.TaskInvocation;
import dev.triggerflow.spi.TriggerStore;
import dev.triggerflow.store.memory.InMemoryStores;
import dev.triggerflow.testing.EngineHarness;
import dev.triggerflow.testing.TestWorkflows;
import dev.triggerflow.trigger.Trigger;
import dev.triggerflow.trigger.TriggerProcessor;
import dev.triggerflow.trigger.TriggerProcessor.Outcome;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The outcome of a call that the workflow awaits on its own wakes the run without a trigger: it is
 * stored in the run's inbox and the run is woken, and the run record's first open call tells a late
 * duplicate from a result still to be recorded.
 */
class DirectWakeTest {
  private static Registry registry() {
    return TestWorkflows.sequenceAndMap(new TestWorkflows.Add3()).build();
  }

  private final EngineHarness h = new EngineHarness(registry());

  @Test
  void callAwaitedOnItsOwn_hasNoTrigger_andItsResultIsStoredAndWakesTheRun() {
    String run = h.start("seq", null);
    h.performWakes();
    assertThat(h.stores.triggers().list(run)).isEmpty();
    h.runTasks();
    Event result = h.events.poll();

    Outcome outcome = h.processor.process(result);

    assertThat(outcome).isEqualTo(Outcome.PROCESSED);
    assertThat(h.wakes).containsExactly(run);
    assertThat(h.stores.inbox().pending(run)).extracting(Event::id).containsExactly(result.id());
    h.runToQuiescence();
    assertThat(h.run(run).result().asInt()).isEqualTo(6);
    assertThat(h.wakeCount).isEqualTo(3);
  }

  @Test
  void callAwaitedOnItsOwn_isInvokedWithTheDirectGroup_andItsResultSkipsTheTriggerLookup() {
    List<String> lookups = new ArrayList<>();
    Stores plain = InMemoryStores.create();
    TriggerStore counting =
        (TriggerStore)
            Proxy.newProxyInstance(
                TriggerStore.class.getClassLoader(),
                new Class<?>[] {TriggerStore.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("findBySubject")) {
                    lookups.add((String) args[1]);
                  }
                  try {
                    return method.invoke(plain.triggers(), args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    EngineHarness counted =
        new EngineHarness(
            registry(),
            new Stores(plain.runs(), plain.history(), plain.inbox(), counting, plain.deadLetters()),
            16);
    String run = counted.start("seq", null);
    counted.performWakes();
    TaskInvocation invocation = counted.invocations.peek();
    counted.runToQuiescence();

    assertThat(invocation.groupId()).isEqualTo(EngineEvents.DIRECT_GROUP);
    assertThat(counted.run(run).result().asInt()).isEqualTo(6);
    assertThat(lookups).isEmpty();
  }

  @Test
  void callsOfAMap_areInvokedWithTheirGroup_andTheirResultsLookUpTheJoin() {
    String run = h.start("map", IntNode.valueOf(3));
    h.performWakes();
    List<TaskInvocation> invocations = new ArrayList<>(h.invocations);
    h.runTasks();

    assertThat(invocations).extracting(TaskInvocation::groupId).containsOnly(1);
    assertThat(h.events).extracting(Event::subject).containsOnly(EngineEvents.groupSubject(run, 1));
  }

  @Test
  void callsOfAMap_areJoinedByOneTrigger() {
    String run = h.start("map", IntNode.valueOf(3));

    h.performWakes();

    assertThat(h.stores.triggers().list(run)).extracting(Trigger::id).containsExactly("g1");
  }

  @Test
  void release_recordsTheFirstCallStillWithoutAnOutcome() {
    String run = h.start("seq", null);
    h.performWakes();
    int whileCallOneRuns = h.run(run).firstOpenCall();
    h.runTasks();
    h.deliverEvents();
    h.performWakes();
    int whileCallTwoRuns = h.run(run).firstOpenCall();
    h.runToQuiescence();

    assertThat(whileCallOneRuns).isEqualTo(1);
    assertThat(whileCallTwoRuns).isEqualTo(2);
    assertThat(h.run(run).firstOpenCall()).isEqualTo(3);
  }

  @Test
  void firstOpenCall_staysAtACallWithoutAnOutcome_whenALaterOneFinishesFirst() {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    HistoryIndex index =
        HistoryIndex.of(
            List.of(
                new HistoryEvent.RunStarted(0, "wf", null, t),
                new HistoryEvent.TaskScheduled(0, 1, 1, "add3", IntNode.valueOf(0), null),
                new HistoryEvent.TaskScheduled(0, 2, 2, "add3", IntNode.valueOf(1), null),
                new HistoryEvent.EpisodeStarted(1, t),
                new HistoryEvent.TaskSucceeded(1, 2, IntNode.valueOf(4), "e2", t)));
    int whileCallOneRuns = index.firstOpenCall();

    index.addAll(
        List.of(
            new HistoryEvent.EpisodeStarted(2, t),
            new HistoryEvent.TaskSucceeded(2, 1, IntNode.valueOf(3), "e1", t)));

    assertThat(whileCallOneRuns).isEqualTo(1);
    assertThat(index.firstOpenCall()).isEqualTo(3);
  }

  @Test
  void lateDuplicate_isDroppedWithoutBeingStoredOrWakingTheRun() {
    String run = h.start("seq", null);
    h.performWakes();
    h.runTasks();
    Event first = h.events.poll();
    h.processor.process(first);
    h.performWakes();

    Outcome again = h.processor.process(first);

    assertThat(again).isEqualTo(Outcome.DUPLICATE);
    assertThat(h.wakes).isEmpty();
    assertThat(h.stores.inbox().pending(run)).isEmpty();
  }

  @Test
  void pendingDuplicate_wakesTheRunAgainOnlyOnceTheFirstDeliveryMustHaveEnded() {
    TriggerProcessor graced =
        new TriggerProcessor(
            registry(), h.stores, h, h.events::addAll, h.clock, null, Duration.ofSeconds(30));
    String run = h.start("seq", null);
    h.performWakes();
    h.runTasks();
    Event result = h.events.poll();
    graced.process(result);
    h.wakes.clear();

    Outcome early = graced.process(result);
    List<String> wakesAfterEarly = new ArrayList<>(h.wakes);
    h.clock.advance(Duration.ofSeconds(31));
    Outcome late = graced.process(result);

    assertThat(early).isEqualTo(Outcome.DUPLICATE);
    assertThat(wakesAfterEarly).as("the first delivery may still wake the run").isEmpty();
    assertThat(late).isEqualTo(Outcome.DUPLICATE);
    assertThat(h.wakes).as("the first delivery may have died before its wake").hasSize(1);
    h.runToQuiescence();
    assertThat(h.run(run).result().asInt()).isEqualTo(6);
    assertThat(h.history(run)).filteredOn(HistoryEvent.TaskSucceeded.class::isInstance).hasSize(2);
  }

  @Test
  void outcomeOfACallTheRunDoesNotHave_isDeadLetteredByTheOrchestrator_andTheRunGoesOn() {
    String run = h.start("seq", null);
    h.performWakes();
    Event bogus = EngineEvents.taskSucceeded(run, 9, 9, 1, IntNode.valueOf(1), h.clock.now());

    Outcome outcome = h.processor.process(bogus);
    h.performWakes();

    assertThat(outcome).isEqualTo(Outcome.PROCESSED);
    assertThat(h.stores.deadLetters().list(10))
        .extracting(DeadLetter::reason)
        .singleElement()
        .asString()
        .contains("has no call 9");
    assertThat(h.stores.inbox().pending(run)).isEmpty();
    h.runToQuiescence();
    assertThat(h.run(run).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(h.run(run).result().asInt()).isEqualTo(6);
  }

  @Test
  void outcomeForAFinishedRun_isIgnored() {
    String run = h.start("seq", null);
    h.runToQuiescence();
    Event late = EngineEvents.taskSucceeded(run, 2, 2, 1, IntNode.valueOf(6), h.clock.now());

    Outcome outcome = h.processor.process(late);

    assertThat(outcome).isEqualTo(Outcome.IGNORED);
    assertThat(h.wakes).isEmpty();
    assertThat(h.stores.deadLetters().list(10)).isEmpty();
  }

  @Test
  void outcomeForAnUnknownRun_isDeadLettered() {
    Event stray = EngineEvents.taskSucceeded("ghost", 1, 1, 1, IntNode.valueOf(1), h.clock.now());

    Outcome outcome = h.processor.process(stray);

    assertThat(outcome).isEqualTo(Outcome.DEAD_LETTERED);
    assertThat(h.stores.deadLetters().list(10))
        .extracting(DeadLetter::reason)
        .singleElement()
        .asString()
        .contains("no run 'ghost' exists");
  }
}

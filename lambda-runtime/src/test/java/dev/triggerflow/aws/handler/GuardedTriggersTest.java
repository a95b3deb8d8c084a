package dev.triggerflow.aws.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import dev.triggerflow.aws.fakes.Events;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.event.Event;
import dev.triggerflow.spi.TriggerStore;
import dev.triggerflow.store.memory.InMemoryStores;
import dev.triggerflow.trigger.Actions;
import dev.triggerflow.trigger.Conditions;
import dev.triggerflow.trigger.SeenEvents;
import dev.triggerflow.trigger.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class GuardedTriggersTest {
  private static final String RUN = "run-1";

  private final TriggerStore store = InMemoryStores.create().triggers();
  private final AtomicReference<Instant> now = new AtomicReference<>(Events.T0);

  private static Trigger join(int firstCall, int count) {
    return Trigger.create(
        RUN,
        "g" + firstCall,
        Set.of(EngineEvents.groupSubject(RUN, firstCall)),
        Set.of(EngineEvents.TASK_SUCCEEDED, EngineEvents.TASK_FAILED),
        Conditions.JOIN,
        Conditions.joinParams(count),
        Actions.WAKE,
        null,
        true,
        SeenEvents.forCalls(firstCall, count),
        Events.T0);
  }

  private static Event result(int group, int call) {
    return EngineEvents.taskSucceeded(RUN, group, call, 1, new IntNode(call), Events.T0);
  }

  private GuardedTriggers view(Event event) {
    return new GuardedTriggers(store, event, now::get);
  }

  /** Fires the trigger with {@code event} through the guard, as the processor would. */
  private Trigger fire(Trigger t, Event event) {
    Trigger fired =
        new Trigger(
            t.runId(),
            t.id(),
            t.subjects(),
            t.types(),
            t.condition(),
            t.conditionParams(),
            t.action(),
            t.actionParams(),
            t.context(),
            t.isTransient(),
            t.seen().with(event),
            true,
            event.id(),
            false,
            t.version() + 1,
            t.createdAt());
    assertThat(view(event).replace(t, fired)).isTrue();
    return store.get(RUN, t.id()).orElseThrow();
  }

  @Test
  void resultOfACallInTheGroup_passes() {
    store.create(join(3, 4));

    assertThat(view(result(3, 6)).findBySubject(RUN, EngineEvents.groupSubject(RUN, 3))).hasSize(1);
  }

  @Test
  void resultOfACallOutsideTheGroup_isStoppedBeforeAnythingIsWritten() {
    store.create(join(3, 4));

    assertThatThrownBy(
            () -> view(result(3, 7)).findBySubject(RUN, EngineEvents.groupSubject(RUN, 3)))
        .isInstanceOf(GuardedTriggers.OutsideGroup.class)
        .hasMessageContaining("no call 7 in call group 3 (calls 3 to 6)");
  }

  @Test
  void duplicateOfTheFiringEvent_seesTheActionDoneDuringTheGracePeriod() {
    Trigger t = join(1, 1);
    store.create(t);
    Event e = result(1, 1);
    fire(store.get(RUN, "g1").orElseThrow(), e);
    now.set(Events.T0.plus(Duration.ofSeconds(5)));

    Trigger seen = view(e).findBySubject(RUN, EngineEvents.groupSubject(RUN, 1)).get(0);

    assertThat(seen.actionDone()).isTrue();
    assertThat(view(e).get(RUN, "g1").orElseThrow().actionDone()).isTrue();
    assertThat(store.get(RUN, "g1").orElseThrow().actionDone()).isFalse();
  }

  @Test
  void duplicateOfTheFiringEvent_afterTheGracePeriod_runsTheActionAgain() {
    store.create(join(1, 1));
    Event e = result(1, 1);
    fire(store.get(RUN, "g1").orElseThrow(), e);
    now.set(Events.T0.plus(GuardedTriggers.GRACE).plusSeconds(1));

    Trigger seen = view(e).findBySubject(RUN, EngineEvents.groupSubject(RUN, 1)).get(0);

    assertThat(seen.actionDone()).isFalse();
  }
}

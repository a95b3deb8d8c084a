package dev.triggerflow.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triggerflow.api.Registry;
import dev.triggerflow.client.RunStarter;
import dev.triggerflow.engine.TaskRunner;
import dev.triggerflow.event.Event;
import dev.triggerflow.examples.Examples;
import dev.triggerflow.examples.sequence.MyFunction;
import dev.triggerflow.json.Json;
import dev.triggerflow.runtime.ManualClock;
import dev.triggerflow.spi.FunctionInvoker;
import dev.triggerflow.spi.PayloadStore;
import dev.triggerflow.spi.RunStatus;
import dev.triggerflow.spi.Stores;
import dev.triggerflow.spi.TaskInvocation;
import dev.triggerflow.spi.TriggerStore;
import dev.triggerflow.store.memory.InMemoryStores;
import dev.triggerflow.trigger.Trigger;
import dev.triggerflow.trigger.TriggerProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The native dag when deliveries die at the worst moments: the one that starts D after B and C dies
 * before marking its action done, and the one that completes the run dies before deleting the run's
 * triggers. The simulation met this (two crashes at two exact points) only rarely, so it is set up
 * here by hand.
 */
class NativeRunFinishTest {
  private final ManualClock clock = new ManualClock(Simulation.START);
  private final Registry registry = Examples.builder(new MyFunction(Duration.ZERO)).build();
  private final List<TaskInvocation> invoked = new ArrayList<>();
  private boolean dieAfterInvokingD = true;
  private boolean dieBeforeDeletingTriggers = true;

  private final FunctionInvoker invoker =
      new FunctionInvoker() {
        @Override
        public void invokeTask(TaskInvocation invocation) {
          invoked.add(invocation);
          if (invocation.task().equals("dag_d") && dieAfterInvokingD) {
            dieAfterInvokingD = false;
            throw new SimulatedFailure("after invoking dag_d");
          }
        }

        @Override
        public void wakeOrchestrator(String runId) {
          throw new AssertionError("a native run has no orchestrator");
        }
      };

  /** Fails the first deletion of a run's triggers, as a delivery that dies just before it. */
  private record DyingDeletes(TriggerStore raw, NativeRunFinishTest test) implements TriggerStore {
    @Override
    public void create(Trigger trigger) {
      raw.create(trigger);
    }

    @Override
    public List<Trigger> findBySubject(String runId, String subject) {
      return raw.findBySubject(runId, subject);
    }

    @Override
    public Optional<Trigger> get(String runId, String triggerId) {
      return raw.get(runId, triggerId);
    }

    @Override
    public boolean replace(Trigger current, Trigger updated) {
      return raw.replace(current, updated);
    }

    @Override
    public List<Trigger> list(String runId) {
      return raw.list(runId);
    }

    @Override
    public void deleteAll(String runId) {
      if (test.dieBeforeDeletingTriggers) {
        test.dieBeforeDeletingTriggers = false;
        throw new SimulatedFailure("before deleting the triggers");
      }
      raw.deleteAll(runId);
    }
  }

  @Test
  void eventRedeliveredAfterTheRunFinished_startsNoStepAgain_andTheTriggersAreDeleted() {
    Stores raw = InMemoryStores.create();
    Stores stores =
        new Stores(
            raw.runs(),
            raw.history(),
            raw.inbox(),
            new DyingDeletes(raw.triggers(), this),
            raw.deadLetters());
    TriggerProcessor processor = new TriggerProcessor(registry, stores, invoker, e -> {}, clock);
    TaskRunner tasks = new TaskRunner(registry, PayloadStore.inline(), clock);
    String runId =
        new RunStarter(registry, raw.runs(), PayloadStore.inline(), invoker, clock, raw.triggers())
            .start("dag", Json.parse("1"), "dag-finish");
    processor.process(tasks.run(invoked.get(0)));
    processor.process(tasks.run(invoked.get(1)));
    Event c = tasks.run(invoked.get(2));
    deliverAndExpectFailure(processor, c);
    deliverAndExpectFailure(processor, tasks.run(invoked.get(3)));
    assertThat(raw.runs().get(runId).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);

    processor.process(c);

    assertThat(invoked).extracting(TaskInvocation::task).containsOnlyOnce("dag_d");
    assertThat(raw.triggers().list(runId)).isEmpty();
  }

  private static void deliverAndExpectFailure(TriggerProcessor processor, Event event) {
    try {
      processor.process(event);
    } catch (SimulatedFailure expected) {
      return;
    }
    throw new AssertionError("the delivery of " + event.id() + " was meant to fail");
  }
}

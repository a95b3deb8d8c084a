package dev.triggerflow.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triggerflow.api.Registry;
import dev.triggerflow.client.RunStarter;
import dev.triggerflow.engine.HistoryCache;
import dev.triggerflow.engine.Orchestrator;
import dev.triggerflow.engine.TaskRunner;
import dev.triggerflow.event.Event;
import dev.triggerflow.examples.Examples;
import dev.triggerflow.examples.sequence.MyFunction;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.json.Json;
import dev.triggerflow.runtime.ManualClock;
import dev.triggerflow.spi.FunctionInvoker;
import dev.triggerflow.spi.HistoryStore;
import dev.triggerflow.spi.PayloadStore;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.Stores;
import dev.triggerflow.spi.TaskInvocation;
import dev.triggerflow.store.memory.InMemoryStores;
import dev.triggerflow.trigger.TriggerProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A wake that holds the lease can still find its episode written: by a wake whose lease ran out
 * while it worked (a pause longer than the lease), which read the same events and wrote the same
 * episode first, and then died before dispatching it. The simulation cannot order that race (its
 * interleaved wakes run to the end inside the one they interrupt), so it is set up here by hand.
 */
class StaleEpisodeWriterTest {
  private final ManualClock clock = new ManualClock(Simulation.START);
  private final Registry registry = Examples.builder(new MyFunction(Duration.ZERO)).build();
  private final List<TaskInvocation> invoked = new ArrayList<>();
  private final List<String> wakes = new ArrayList<>();
  private final FunctionInvoker invoker =
      new FunctionInvoker() {
        @Override
        public void invokeTask(TaskInvocation invocation) {
          invoked.add(invocation);
        }

        @Override
        public void wakeOrchestrator(String runId) {
          wakes.add(runId);
        }
      };

  /** Writes every episode after the first twice: first as the stale wake, then for the caller. */
  private record StaleWriterFirst(HistoryStore raw) implements HistoryStore {
    @Override
    public void append(String runId, int episode, List<HistoryEvent> events) {
      if (episode > 0 && raw.read(runId, episode).isEmpty()) {
        raw.append(runId, episode, events);
      }
      raw.append(runId, episode, events);
    }

    @Override
    public List<HistoryEvent> read(String runId, int fromEpisode) {
      return raw.read(runId, fromEpisode);
    }
  }

  @Test
  void wakeWhoseEpisodeAStaleWakeWroteFirst_readsAgain_dispatchesIt_andLetsGoOfTheLease() {
    Stores raw = InMemoryStores.create();
    Stores stores =
        new Stores(
            raw.runs(),
            new StaleWriterFirst(raw.history()),
            raw.inbox(),
            raw.triggers(),
            raw.deadLetters());
    Orchestrator orchestrator =
        new Orchestrator(
            registry,
            stores,
            PayloadStore.inline(),
            invoker,
            events -> {},
            new NoTimers(),
            clock,
            Simulation.LEASE,
            new HistoryCache(0),
            null,
            Orchestrator.DEFAULT_MAX_HISTORY_EVENTS);
    String runId =
        new RunStarter(registry, raw.runs(), PayloadStore.inline(), invoker, clock)
            .start("sequence", Json.parse("0"), "stale-writer");
    orchestrator.wake(runId);
    Event result = new TaskRunner(registry, PayloadStore.inline(), clock).run(invoked.get(0));
    new TriggerProcessor(registry, raw, invoker, events -> {}, clock).process(result);

    Orchestrator.WakeOutcome outcome = orchestrator.wake(runId);

    assertThat(outcome).isEqualTo(Orchestrator.WakeOutcome.DONE);
    RunRecord run = raw.runs().get(runId).orElseThrow();
    assertThat(run.leaseOwner()).as("the lease is free for the next wake").isNull();
    assertThat(invoked).extracting(TaskInvocation::callId).containsExactly(1, 2);
  }

  private static final class NoTimers implements dev.triggerflow.spi.TimerScheduler {
    @Override
    public void schedule(String timerId, java.time.Instant fireAt, Event event) {
      throw new AssertionError("the sequence starts no timer");
    }

    @Override
    public void cancel(String timerId) {}
  }
}

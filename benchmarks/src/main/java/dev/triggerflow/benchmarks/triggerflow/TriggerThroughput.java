package dev.triggerflow.benchmarks.triggerflow;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.triggerflow.api.Registry;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.event.Event;
import dev.triggerflow.spi.Clock;
import dev.triggerflow.spi.FunctionInvoker;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.Stores;
import dev.triggerflow.spi.TaskInvocation;
import dev.triggerflow.store.memory.InMemoryStores;
import dev.triggerflow.trigger.Conditions;
import dev.triggerflow.trigger.SeenEvents;
import dev.triggerflow.trigger.Trigger;
import dev.triggerflow.trigger.TriggerProcessor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Triggerflow's trigger throughput experiment: many join triggers, each waiting for the results of
 * the calls of one map, and all their events, interleaved, through one {@link TriggerProcessor} on
 * one thread with the in-memory stores. Each trigger belongs to a run of its own, as a map's join
 * does. Events are built, and triggers created, before the clock starts.
 */
public final class TriggerThroughput {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final int GROUP = 1;

  private final int triggers;
  private final int eventsPerTrigger;
  private final String action;
  private final List<Event> events;

  /**
   * An experiment of {@code triggers} joins of {@code eventsPerTrigger} events each.
   *
   * @param action the triggers' action: {@code none}, or {@code wake} (the orchestrator's), whose
   *     invoker here only counts the wakes
   * @param seed the seed of the order in which the events arrive
   */
  public TriggerThroughput(int triggers, int eventsPerTrigger, String action, long seed) {
    this.triggers = triggers;
    this.eventsPerTrigger = eventsPerTrigger;
    this.action = action;
    List<Event> all = new ArrayList<>(triggers * eventsPerTrigger);
    for (int t = 0; t < triggers; t++) {
      for (int call = GROUP; call < GROUP + eventsPerTrigger; call++) {
        all.add(EngineEvents.taskSucceeded(runId(t), GROUP, call, 1, IntNode.valueOf(call), NOW));
      }
    }
    Collections.shuffle(all, new Random(seed));
    this.events = List.copyOf(all);
  }

  private static String runId(int trigger) {
    return "join-" + trigger;
  }

  /**
   * What one pass took.
   *
   * @param nanos the time to process every event
   * @param events how many events were processed
   * @param wakes how many wakes the triggers requested
   */
  public record Outcome(long nanos, int events, int wakes) {

    /** Events per second. */
    public double rate() {
      return events * 1e9 / nanos;
    }
  }

  /** Creates fresh stores and triggers, then times every event through the processor. */
  public Outcome run() {
    Stores stores = InMemoryStores.create();
    CountingInvoker invoker = new CountingInvoker();
    TriggerProcessor processor =
        new TriggerProcessor(Registry.builder().build(), stores, invoker, events -> {}, clock());
    for (int t = 0; t < triggers; t++) {
      String run = runId(t);
      stores.runs().create(RunRecord.started(run, "join", NullNode.getInstance(), NOW));
      stores.triggers().create(join(run));
    }

    long start = System.nanoTime();
    for (Event event : events) {
      TriggerProcessor.Outcome outcome = processor.process(event);
      if (outcome != TriggerProcessor.Outcome.PROCESSED) {
        throw new IllegalStateException("event " + event.id() + " was " + outcome);
      }
    }
    long nanos = System.nanoTime() - start;

    for (int t = 0; t < triggers; t++) {
      Trigger trigger = stores.triggers().get(runId(t), "g" + GROUP).orElseThrow();
      if (!trigger.fired()) {
        throw new IllegalStateException("the join of " + runId(t) + " did not fire");
      }
    }
    return new Outcome(nanos, events.size(), invoker.wakes);
  }

  private Trigger join(String run) {
    return Trigger.create(
        run,
        "g" + GROUP,
        Set.of(EngineEvents.groupSubject(run, GROUP)),
        Set.of(EngineEvents.TASK_SUCCEEDED, EngineEvents.TASK_FAILED),
        Conditions.JOIN,
        Conditions.joinParams(eventsPerTrigger),
        action,
        null,
        true,
        SeenEvents.forCalls(GROUP, eventsPerTrigger),
        NOW);
  }

  private static Clock clock() {
    return () -> NOW;
  }

  /** Counts wakes instead of running an orchestrator: the experiment measures triggers only. */
  private static final class CountingInvoker implements FunctionInvoker {
    int wakes;

    @Override
    public void invokeTask(TaskInvocation invocation) {
      throw new IllegalStateException("a join trigger starts no task");
    }

    @Override
    public void wakeOrchestrator(String runId) {
      wakes++;
    }
  }
}

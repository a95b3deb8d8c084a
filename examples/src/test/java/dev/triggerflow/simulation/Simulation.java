package dev.triggerflow.simulation;

import dev.triggerflow.api.Registry;
import dev.triggerflow.client.RunStarter;
import dev.triggerflow.deployment.AwsContract;
import dev.triggerflow.engine.HistoryCache;
import dev.triggerflow.engine.Orchestrator;
import dev.triggerflow.engine.TaskRunner;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.event.Event;
import dev.triggerflow.examples.Examples;
import dev.triggerflow.examples.sequence.MyFunction;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.runtime.ManualClock;
import dev.triggerflow.spi.EventPublisher;
import dev.triggerflow.spi.FunctionInvoker;
import dev.triggerflow.spi.PayloadStore;
import dev.triggerflow.spi.Stores;
import dev.triggerflow.spi.TaskInvocation;
import dev.triggerflow.spi.TimerScheduler;
import dev.triggerflow.store.memory.InMemoryStores;
import dev.triggerflow.trigger.TriggerProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * One example run in a simulated AWS, driven by one seeded {@link Random} in one thread.
 *
 * <p>Everything the engine's roles send each other (orchestrator wakes, task invocations, events on
 * the bus, timers) waits in one pool until the simulation picks it: the oldest ready one, or, when
 * the fault plan reorders, any ready one. A pick may be lost (and redelivered after the retry delay
 * AWS would use), delivered and also queued again (a duplicate), or delayed. Every store operation
 * and every call out of a role is a persistence point: there the simulation may crash the role or
 * fail the call (before or after the operation; the interrupted message is then redelivered as
 * Lambda or EventBridge would), run another ready message to completion in the middle of this one
 * (two orchestrators of one run at once, racing trigger updates), or let the wake's lease run out
 * and start another wake that takes the run over. Several orchestrator instances, each with its own
 * history cache, stand for Lambda containers.
 *
 * <p>Every choice comes from the seed, so a seed replays exactly: the same trace, the same
 * violations. The engine draws lease owners and dead letter ids itself (random UUIDs); they serve
 * only as identities, so they change nothing a seed does.
 */
final class Simulation implements SimStores.Points {
  /** Where the simulated clock starts. */
  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  /** The orchestrator's lease. */
  static final Duration LEASE = Duration.ofMinutes(1);

  private static final int MAX_DELIVERIES = 20_000;
  private static final int MAX_FAILURES = 30;
  private static final int INTERLEAVE_BUDGET = 40;
  private static final int DUPLICATE_BUDGET = 60;
  private static final Registry EXAMPLES = Examples.builder(new MyFunction(Duration.ZERO)).build();

  /** Something one role sends another. */
  sealed interface Item permits Wake, Invoke, Deliver, Fire {
    /** The run it concerns. */
    String runId();
  }

  /** An asynchronous invocation of the orchestrator. */
  record Wake(String runId) implements Item {
    @Override
    public String toString() {
      return "wake " + runId;
    }
  }

  /** An asynchronous invocation of a task. */
  record Invoke(TaskInvocation invocation) implements Item {
    @Override
    public String runId() {
      return invocation.runId();
    }

    @Override
    public String toString() {
      return "task " + invocation.idempotencyKey() + " (" + invocation.task() + ")";
    }
  }

  /** An event on its way from the bus to the trigger processor. */
  record Deliver(Event event) implements Item {
    @Override
    public String runId() {
      return event.runId().orElse("?");
    }

    @Override
    public String toString() {
      return "event " + event.id() + " (" + event.type() + ")";
    }
  }

  /** A scheduled timer that puts its event on the bus when due. */
  record Fire(String timerId, Event event) implements Item {
    @Override
    public String runId() {
      return event.runId().orElse("?");
    }

    @Override
    public String toString() {
      return "timer " + timerId;
    }
  }

  /** One message in the pool. */
  private static final class Delivery {
    final long seq;
    final Item item;
    Instant due;
    int failures;
    String diedAt;

    Delivery(long seq, Item item, Instant due) {
      this.seq = seq;
      this.item = item;
      this.due = due;
    }
  }

  /**
   * What one simulation produced.
   *
   * @param scenario the example run
   * @param seed the seed
   * @param plan the faults the seed drew
   * @param violations the broken invariants; empty when the run was correct
   * @param outcome how the run ended
   * @param trace what happened, line by line
   * @param stats how often each fault and each notable outcome happened
   * @param history the run's history as stored at the end
   */
  record Result(
      Scenario scenario,
      long seed,
      FaultPlan plan,
      List<String> violations,
      Checks.Outcome outcome,
      List<String> trace,
      Map<String, Integer> stats,
      List<HistoryEvent> history) {

    boolean ok() {
      return violations.isEmpty();
    }

    /** The failure report: seed, how to replay it, violations and the whole trace. */
    String report() {
      StringBuilder b = new StringBuilder();
      b.append("simulation of '")
          .append(scenario.name())
          .append("' with seed ")
          .append(seed)
          .append(" broke ")
          .append(violations.size())
          .append(" invariant(s); replay it with\n  ./mvnw -o -pl examples verify")
          .append(" -Dtest=SimulationTest -Dsim.scenario=")
          .append(scenario.name())
          .append(" -Dsim.seed=")
          .append(seed)
          .append("\nplan: ")
          .append(plan)
          .append('\n');
      violations.forEach(v -> b.append("  - ").append(v).append('\n'));
      b.append("trace:\n");
      trace.forEach(line -> b.append(line).append('\n'));
      return b.toString();
    }
  }

  private final Scenario scenario;
  private final long seed;
  private final Random random;
  private final FaultPlan plan;
  private final Mutation mutation;
  private final ManualClock clock = new ManualClock(START);
  private final Trace trace = new Trace();
  private final Stores raw = InMemoryStores.create();
  private final Checks checks = new Checks(trace, raw);
  private final Ledger ledger = new Ledger();
  private final Stores stores;
  private final List<Orchestrator> orchestrators = new ArrayList<>();
  private final TriggerProcessor processor;
  private final TaskRunner taskRunner;
  private final RunStarter starter;
  private final List<Delivery> pool = new ArrayList<>();
  private final Map<String, Delivery> timers = new LinkedHashMap<>();
  private final List<Item> sent = new ArrayList<>();
  private final Deque<Delivery> executing = new ArrayDeque<>();
  private long sequence;
  private int crashesLeft;
  private int expiriesLeft;
  private int interleavesLeft = INTERLEAVE_BUDGET;
  private int duplicatesLeft = DUPLICATE_BUDGET;

  private Simulation(Scenario scenario, long seed, FaultPlan plan, Mutation mutation) {
    this.scenario = scenario;
    this.seed = seed;
    this.random = new Random(seed);
    this.plan = plan != null ? plan : FaultPlan.draw(random);
    this.mutation = mutation;
    this.crashesLeft = this.plan.crashBudget();
    this.expiriesLeft = this.plan.expiryBudget();
    trace.attach(clock::now, executing::size);
    checks.attach(executing::peek);
    this.stores = SimStores.wrap(raw, this, checks, mutation);
    Registry registry = ledger.wrap(EXAMPLES);
    Ports ports = new Ports();
    for (int i = 0; i < this.plan.containers(); i++) {
      HistoryCache cache = new HistoryCache(this.plan.cacheSize());
      orchestrators.add(
          new Orchestrator(
              registry,
              stores,
              PayloadStore.inline(),
              ports,
              ports,
              ports,
              clock,
              LEASE,
              cache,
              null,
              Orchestrator.DEFAULT_MAX_HISTORY_EVENTS));
    }
    this.processor =
        new TriggerProcessor(registry, stores, ports, ports, clock, null, actionGrace(seed));
    this.taskRunner = new TaskRunner(registry, PayloadStore.inline(), clock);
    this.starter =
        new RunStarter(
            registry, stores.runs(), PayloadStore.inline(), ports, clock, stores.triggers());
  }

  /**
   * How long after a firing a duplicate of its event leaves the action alone: even seeds run with
   * the grace the AWS deployment sets, odd ones with none, as the embedded runtime does. Taken from
   * the seed, not its random, so that both settings run in every range of seeds.
   */
  private static Duration actionGrace(long seed) {
    return seed % 2 == 0
        ? Duration.ofSeconds(AwsContract.TRIGGER_ACTION_GRACE_SECONDS)
        : Duration.ZERO;
  }

  /** Runs a scenario under the faults its seed draws, checked against the fault-free outcome. */
  static Result run(Scenario scenario, long seed, Checks.Outcome reference) {
    return run(scenario, seed, reference, Mutation.NONE);
  }

  /** As {@link #run(Scenario, long, Checks.Outcome)}, in a world with a planted defect. */
  static Result run(Scenario scenario, long seed, Checks.Outcome reference, Mutation mutation) {
    return new Simulation(scenario, seed, null, mutation).simulate(reference);
  }

  /** The scenario with every message delivered once, in order, and nothing failing. */
  static Result faultFree(Scenario scenario) {
    return new Simulation(scenario, 0, FaultPlan.none(), Mutation.NONE).simulate(null);
  }

  private Result simulate(Checks.Outcome reference) {
    String runId = scenario.runId();
    trace.add(
        "scenario "
            + scenario.name()
            + ", seed "
            + seed
            + ", action grace "
            + actionGrace(seed).toSeconds()
            + " s, "
            + plan);
    starter.start(scenario.workflow(), scenario.input(), runId);
    if (scenario.signal() != null) {
      // A quarter of the seeds send the signal at once, racing the start's own wake.
      Duration delay =
          random.nextInt(4) == 0 ? Duration.ZERO : Duration.ofSeconds(random.nextInt(600));
      enqueue(new Deliver(signal("sim-decision")), delay);
    }
    boolean poked = false;
    int deliveries = 0;
    while (true) {
      Delivery next = nextReady();
      if (next == null) {
        Instant due = pool.stream().map(d -> d.due).min(Instant::compareTo).orElse(null);
        if (due != null) {
          trace.add("nothing ready; the clock moves on to t+" + secondsOf(due));
          clock.advance(Duration.between(clock.now(), due));
          continue;
        }
        if (!poked && checks.finished(runId)) {
          poked = true;
          pokeAfterFinish();
          continue;
        }
        break;
      }
      if (++deliveries > MAX_DELIVERIES) {
        checks.violation("still busy after " + MAX_DELIVERIES + " deliveries: a livelock");
        break;
      }
      deliver(next);
      checks.onHistory(runId, raw.history().read(runId, 0));
    }
    trace.add("quiescent after " + deliveries + " deliveries");
    // Every container stops here: the workflow code parked in their caches ends with them.
    orchestrators.forEach(Orchestrator::discardCached);
    Checks.Outcome outcome = checks.atEnd(scenario, ledger, reference);
    checks.count("task re-runs", ledger.reruns());
    return new Result(
        scenario,
        seed,
        plan,
        checks.violations(),
        outcome,
        trace.lines(),
        checks.stats(),
        raw.history().read(runId, 0));
  }

  private Event signal(String eventId) {
    return EngineEvents.externalEvent(
        scenario.runId(), Scenario.SIGNAL, scenario.signal(), eventId, clock.now());
  }

  /**
   * Once the run has finished, old messages arrive again (late redeliveries), and the approval gets
   * a late second decision: none of it may change anything.
   */
  private void pokeAfterFinish() {
    int pokes = sent.isEmpty() ? 0 : plan.latePokes();
    for (int i = 0; i < pokes; i++) {
      Item item = sent.get(random.nextInt(sent.size()));
      trace.add("late redelivery of " + item);
      pool.add(new Delivery(sequence++, item, clock.now()));
    }
    if (scenario.signal() != null && pokes > 0) {
      pool.add(new Delivery(sequence++, new Deliver(signal("sim-late-decision")), clock.now()));
    }
  }

  private Delivery nextReady() {
    Instant now = clock.now();
    List<Delivery> ready = new ArrayList<>();
    for (Delivery d : pool) {
      if (!d.due.isAfter(now)) {
        ready.add(d);
      }
    }
    if (ready.isEmpty()) {
      return null;
    }
    if (plan.reorder()) {
      return ready.get(random.nextInt(ready.size()));
    }
    Delivery oldest = ready.get(0);
    for (Delivery d : ready) {
      if (d.due.isBefore(oldest.due) || (d.due.equals(oldest.due) && d.seq < oldest.seq)) {
        oldest = d;
      }
    }
    return oldest;
  }

  private void deliver(Delivery d) {
    pool.remove(d);
    if (random.nextDouble() < plan.lose()) {
      d.due = clock.now().plus(retryDelay(true));
      pool.add(d);
      checks.count("lost");
      trace.add("lost " + d.item + "; redelivered at t+" + secondsOf(d.due));
      return;
    }
    if (duplicatesLeft > 0 && random.nextDouble() < plan.duplicate()) {
      duplicatesLeft--;
      Instant due = clock.now().plusSeconds(random.nextInt(30));
      pool.add(new Delivery(sequence++, d.item, due));
      checks.count("duplicated");
      trace.add("duplicated " + d.item + "; again at t+" + secondsOf(due));
    }
    trace.add("deliver " + d.item);
    executing.push(d);
    try {
      String outcome = execute(d.item);
      trace.add("-> " + outcome);
    } catch (SimulatedCrash crash) {
      d.diedAt = null;
      d.due = clock.now().plus(retryDelay(false));
      pool.add(d);
      trace.add("-> crashed " + crash.getMessage() + "; redelivered at t+" + secondsOf(d.due));
    } catch (RuntimeException e) {
      d.failures++;
      checks.count("failed delivery");
      trace.add("-> failed: " + e);
      if (d.failures >= MAX_FAILURES) {
        checks.violation(d.item + " failed " + d.failures + " times, the last with " + e);
      } else {
        d.due = clock.now().plus(retryDelay(false));
        pool.add(d);
      }
    } finally {
      executing.pop();
    }
  }

  private String execute(Item item) {
    if (item instanceof Wake w) {
      int container = orchestrators.size() == 1 ? 0 : random.nextInt(orchestrators.size());
      trace.add("in container " + container);
      Orchestrator.WakeOutcome outcome = orchestrators.get(container).wake(w.runId());
      checks.count("wake " + outcome);
      return outcome.name();
    } else if (item instanceof Invoke i) {
      Event result = taskRunner.run(mutated(i.invocation()));
      point("events.put", () -> enqueue(new Deliver(result), delay()));
      return result.type();
    } else if (item instanceof Deliver e) {
      return processor.process(e.event()).name();
    } else {
      Fire f = (Fire) item;
      timers.remove(f.timerId());
      enqueue(new Deliver(f.event()), Duration.ZERO);
      return "fired";
    }
  }

  /** With {@link Mutation#EXECUTOR_REUSES_KEYS}, a re-run gets the next call's input. */
  private TaskInvocation mutated(TaskInvocation inv) {
    if (mutation != Mutation.EXECUTOR_REUSES_KEYS
        || !ledger.effects().containsKey(inv.idempotencyKey())) {
      return inv;
    }
    for (Item item : sent) {
      if (item instanceof Invoke other
          && other.invocation().callId() == inv.callId() + 1
          && other.invocation().task().equals(inv.task())) {
        TaskInvocation o = other.invocation();
        return new TaskInvocation(
            inv.runId(), inv.task(), inv.callId(), inv.groupId(), inv.attempt(), o.input());
      }
    }
    return inv;
  }

  @Override
  public <T> T point(String operation, Supplier<T> action) {
    Delivery current = executing.peek();
    if (current != null && current.diedAt != null) {
      // A dead instance runs no more code: whatever cleanup the engine attempts never happens.
      throw new SimulatedCrash(current.diedAt);
    }
    fault("before " + operation);
    T result = action.get();
    fault("after " + operation);
    return result;
  }

  /** The faults that may strike a role at a persistence point. */
  private void fault(String where) {
    Delivery current = executing.peek();
    if (current == null) {
      return;
    }
    if (crashesLeft > 0 && random.nextDouble() < plan.crash()) {
      crashesLeft--;
      checks.count("crash");
      current.diedAt = where;
      throw new SimulatedCrash(where);
    }
    if (crashesLeft > 0 && random.nextDouble() < plan.storeFailure()) {
      crashesLeft--;
      checks.count("call failed");
      throw new SimulatedFailure(where);
    }
    if (executing.size() <= plan.maxDepth()
        && interleavesLeft > 0
        && random.nextDouble() < plan.interleave()) {
      interleavesLeft--;
      Delivery other = interleaved(current);
      if (other != null) {
        checks.count("interleaved");
        trace.add("meanwhile, " + where + ":");
        deliver(other);
      }
    }
    if (current.item instanceof Wake w
        && expiriesLeft > 0
        && random.nextDouble() < plan.leaseExpiry()) {
      expiriesLeft--;
      checks.count("lease expired");
      clock.advance(LEASE.plusSeconds(1));
      trace.add("the lease of " + w.runId() + " runs out " + where);
      if (executing.size() <= plan.maxDepth()) {
        deliver(new Delivery(sequence++, new Wake(w.runId()), clock.now()));
      }
    }
  }

  /**
   * What runs in the middle of {@code current}: a ready message, or another wake of its run. A wake
   * that arrives while another wake of its run holds the lease is the race the lease and the wake
   * counter decide, so a ready wake is sought out when a wake is interrupted.
   */
  private Delivery interleaved(Delivery current) {
    List<Delivery> ready = new ArrayList<>();
    List<Delivery> wakes = new ArrayList<>();
    for (Delivery d : pool) {
      if (!d.due.isAfter(clock.now())) {
        ready.add(d);
        if (d.item instanceof Wake) {
          wakes.add(d);
        }
      }
    }
    if (current.item instanceof Wake && !wakes.isEmpty() && random.nextBoolean()) {
      return wakes.get(random.nextInt(wakes.size()));
    }
    // Only an orchestrated run has an orchestrator to wake; nothing wakes a native one.
    if (scenario.orchestrated() && (ready.isEmpty() || random.nextBoolean())) {
      return new Delivery(sequence++, new Wake(current.item.runId()), clock.now());
    }
    return ready.isEmpty() ? null : ready.get(random.nextInt(ready.size()));
  }

  /**
   * When a message comes again. A crashed or failed asynchronous Lambda invocation is retried after
   * about a minute and then two (EventBridge targets Lambda asynchronously too); a message the bus
   * or Lambda's queue dropped comes back after a retry with backoff.
   */
  private Duration retryDelay(boolean lost) {
    if (lost) {
      return Duration.ofSeconds(1 + random.nextInt(180));
    }
    return Duration.ofSeconds(60 + random.nextInt(121));
  }

  private Duration delay() {
    return random.nextDouble() < plan.delay()
        ? Duration.ofSeconds(1 + random.nextInt(120))
        : Duration.ZERO;
  }

  private Delivery enqueue(Item item, Duration delay) {
    sent.add(item);
    Delivery d = new Delivery(sequence++, item, clock.now().plus(delay));
    pool.add(d);
    return d;
  }

  /** Whether a wake of the run is running now, further up the stack. */
  private boolean wakeRunning(String runId) {
    for (Delivery d : executing) {
      if (d.item instanceof Wake w && w.runId().equals(runId)) {
        return true;
      }
    }
    return false;
  }

  private static long secondsOf(Instant t) {
    return Duration.between(START, t).toSeconds();
  }

  /** The invoker, bus and scheduler the roles call: each call is a persistence point too. */
  private final class Ports implements FunctionInvoker, EventPublisher, TimerScheduler {
    @Override
    public void invokeTask(TaskInvocation invocation) {
      point(
          "lambda.invoke(task)",
          () -> {
            checks.onInvokeTask(invocation);
            enqueue(new Invoke(invocation), delay());
          });
    }

    /**
     * Queues a wake; when a wake of the run is running (the event that asks for this one was
     * delivered in the middle of it), often delivers it at once: on AWS the new invocation usually
     * starts while the running one still holds the lease.
     */
    @Override
    public void wakeOrchestrator(String runId) {
      point(
          "lambda.invoke(orchestrator)",
          () -> {
            Delivery wake = enqueue(new Wake(runId), delay());
            if (wakeRunning(runId)
                && interleavesLeft > 0
                && random.nextDouble() < 5 * plan.interleave()) {
              interleavesLeft--;
              checks.count("interleaved");
              trace.add("meanwhile, the wake starts at once:");
              deliver(wake);
            }
          });
    }

    @Override
    public void publish(List<Event> events) {
      point("events.put", () -> events.forEach(e -> enqueue(new Deliver(e), delay())));
    }

    @Override
    public void schedule(String timerId, Instant fireAt, Event event) {
      point(
          "scheduler.create",
          () -> {
            checks.onSchedule(timerId, event);
            if (!timers.containsKey(timerId)) {
              Delivery d = new Delivery(sequence++, new Fire(timerId, event), fireAt);
              timers.put(timerId, d);
              sent.add(d.item);
              pool.add(d);
            }
          });
    }

    @Override
    public void cancel(String timerId) {
      point(
          "scheduler.delete",
          () -> {
            Delivery d = timers.remove(timerId);
            if (d != null) {
              pool.remove(d);
            }
          });
    }
  }
}

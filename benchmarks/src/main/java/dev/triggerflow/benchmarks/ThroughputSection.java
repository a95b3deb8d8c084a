package dev.triggerflow.benchmarks;

import dev.triggerflow.benchmarks.triggerflow.TriggerThroughput;
import dev.triggerflow.trigger.Actions;
import java.util.List;

/**
 * Triggerflow's trigger throughput experiment: join triggers of many events each, every event
 * through the trigger processor on one thread. Measured with the "none" action (the trigger engine
 * alone) and with "wake" (events also go to the run's inbox, and a counting invoker takes the
 * wakes), since an orchestrated workflow's joins use the latter.
 */
final class ThroughputSection {
  static final String NAME = "triggers";
  private static final double TARGET = 200_000;
  private static final long SEED = 42;

  private ThroughputSection() {}

  static void run(Settings settings, Report report) throws Exception {
    int triggers = settings.triggers();
    int perTrigger = settings.eventsPerTrigger();
    report.text(
        "## Trigger throughput: "
            + Durations.count(triggers)
            + " joins of "
            + Durations.count(perTrigger)
            + " events, one thread");
    Table table =
        new Table(
            "TriggerProcessor.process, in-memory stores, events in shuffled order",
            "action",
            "events",
            "time: median (range, repeats)",
            "events/s at the median",
            "events/s range",
            "wakes",
            "target ≥ " + Durations.rate(TARGET));
    for (String action : List.of(Actions.NONE, Actions.WAKE)) {
      report.progress("trigger throughput, action " + action);
      TriggerThroughput experiment = new TriggerThroughput(triggers, perTrigger, action, SEED);
      List<TriggerThroughput.Outcome> outcomes =
          Trials.repeat(settings.quick() ? 1 : 3, settings.quick() ? 3 : 7, experiment::run);
      Samples time = Trials.samples(outcomes, TriggerThroughput.Outcome::nanos);
      int events = outcomes.get(0).events();
      double rate = events * 1e9 / time.median();
      table.row(
          action,
          Durations.count(events),
          time.describe(),
          Durations.rate(rate),
          Durations.rate(events * 1e9 / time.max())
              + " – "
              + Durations.rate(events * 1e9 / time.min()),
          Durations.count(outcomes.get(0).wakes()),
          rate >= TARGET ? "met" : "not met");
    }
    table.note(
        "Triggers and events are built before the clock starts; each repeat gets fresh stores"
            + " and triggers. One thread processes every event; the JVM's compiler and collector"
            + " threads may use the second core. For \"wake\", the run records exist, so each"
            + " event also lands in the run's inbox, and each firing increments the run's wake"
            + " counter and is counted by the invoker.");
    report.table(table);
  }
}

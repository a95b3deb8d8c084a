package dev.triggerflow.benchmarks;

import dev.triggerflow.benchmarks.triggerflow.EmbeddedWorkloads.Outcome;
import dev.triggerflow.benchmarks.triggerflow.NoOpWorkflows;
import java.util.List;

/** The same workloads on the SQLite file store, which the CLI uses, against the in-memory store. */
final class StoreSection {
  static final String NAME = "sqlite";

  private StoreSection() {}

  static void run(Settings settings, EmbeddedResults results, Report report) throws Exception {
    report.text("## Store: SQLite file against in-memory");
    Table table =
        new Table(
            "Embedded runtime, whole run",
            "workload",
            "n",
            "in-memory: median (range, repeats)",
            "SQLite: median (range, repeats)",
            "SQLite ÷ in-memory");
    for (int n : settings.sqliteSequentialSizes()) {
      row(table, results, NoOpWorkflows.SEQUENTIAL, n);
    }
    for (int n : settings.sqliteMapSizes()) {
      row(table, results, NoOpWorkflows.MAP, n);
    }
    table.note(
        "SQLite: SqliteStores.open on a new temporary directory (one WAL-mode database file),"
            + " the store the CLI runs on. The ratio is of the medians.");
    report.table(table);
  }

  private static void row(Table table, EmbeddedResults results, String workload, int n)
      throws Exception {
    List<Outcome> memory = results.inMemory(workload, n);
    List<Outcome> sqlite = results.sqlite(workload, n);
    Samples m = Trials.samples(memory, Outcome::nanos);
    Samples s = Trials.samples(sqlite, Outcome::nanos);
    table.row(workload, Durations.count(n), m.describe(), s.describe(), s.ratioTo(m));
  }
}

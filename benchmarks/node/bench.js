"use strict";
/*
 * The Triggerflow benchmark workloads on AWS Lambda durable functions' local test runner.
 *
 * The Java harness (dev.triggerflow.benchmarks.durable.DurableFunctionsRunner) starts this script
 * with a plan and reads the samples it writes; it does the statistics itself, so every system's
 * figures are summarised the same way.
 *
 *   node bench.js --plan '{"runs":[{"workload":"sequential","n":100,"warmups":2,"repeats":5,
 *                          "stepsAt":[10,100],"skipTime":false}]}' --out results.json
 *
 * Workloads, over a step that does nothing but note when it ran:
 *   sequential: n steps, each awaited before the next starts;
 *   map:        context.map over n items, each item one step, awaited as one batch.
 */
const fs = require("fs");
const path = require("path");
const { withDurableExecution } = require("@aws/durable-execution-sdk-js");
const { LocalDurableTestRunner } = require("@aws/durable-execution-sdk-js-testing");

// Taken before the runner can install fake timers: with skipTime the runner fakes the clocks, and
// a benchmark must read the real one.
const hrtime = process.hrtime.bigint;
const WINDOW = 10;

let stamps = [];

function stamp(step) {
  if (step < stamps.length && stamps[step] === 0n) {
    stamps[step] = hrtime();
  }
}

const sequential = withDurableExecution(async (event, context) => {
  let done = 0;
  for (let i = 1; i <= event.n; i++) {
    const result = await context.step("noop", async () => {
      stamp(i);
      return i;
    });
    done += result === i ? 1 : 0;
  }
  return done;
});

const map = withDurableExecution(async (event, context) => {
  const items = Array.from({ length: event.n }, (_, i) => i + 1);
  const batch = await context.map("noop-map", items, async (child, item) =>
    child.step("noop", async () => {
      stamp(item);
      return item;
    }),
  );
  return batch.succeeded().length;
});

const HANDLERS = { sequential, map };

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The median interval between consecutive steps over the WINDOW steps that end with step k. */
function stepCost(k, n) {
  const last = Math.min(k, n);
  const first = Math.max(1, last - WINDOW + 1);
  const intervals = [];
  for (let j = first; j <= last; j++) {
    intervals.push(Number(stamps[j + 1] - stamps[j]));
  }
  return median(intervals);
}

async function runOnce(entry) {
  const n = entry.n;
  stamps = new Array(n + 2).fill(0n);
  const runner = new LocalDurableTestRunner({ handlerFunction: HANDLERS[entry.workload] });
  const start = hrtime();
  const execution = await runner.run({ payload: { n } });
  const nanos = Number(hrtime() - start);
  stamps[n + 1] = hrtime();
  const status = execution.getStatus();
  const result = execution.getResult();
  if (status !== "SUCCEEDED" || result !== n) {
    throw new Error(
      `${entry.workload}(${n}) ended ${status} with ${JSON.stringify(result)}: ` +
        JSON.stringify(execution.getError()),
    );
  }
  const costs = {};
  if (entry.workload === "sequential") {
    for (const k of entry.stepsAt || []) {
      if (k <= n) {
        costs[k] = stepCost(k, n);
      }
    }
  }
  return {
    nanos,
    invocations: execution.getInvocations().length,
    operations: execution.getOperations().length,
    costs,
  };
}

async function runEntry(entry) {
  for (let i = 0; i < entry.warmups; i++) {
    await runOnce(entry);
  }
  const samples = [];
  for (let i = 0; i < entry.repeats; i++) {
    samples.push(await runOnce(entry));
  }
  return {
    workload: entry.workload,
    n: entry.n,
    skipTime: entry.skipTime,
    samplesNanos: samples.map((s) => s.nanos),
    invocations: samples[samples.length - 1].invocations,
    operations: samples[samples.length - 1].operations,
    stepCosts: samples.map((s) => s.costs),
  };
}

function version(pkg) {
  const file = path.join(__dirname, "node_modules", pkg, "package.json");
  return JSON.parse(fs.readFileSync(file, "utf8")).version;
}

function argument(name) {
  const i = process.argv.indexOf(name);
  if (i < 0 || i + 1 >= process.argv.length) {
    throw new Error(`missing argument ${name}`);
  }
  return process.argv[i + 1];
}

async function main() {
  const plan = JSON.parse(argument("--plan"));
  const out = argument("--out");
  const report = {
    node: process.version,
    sdk: version("@aws/durable-execution-sdk-js"),
    testing: version("@aws/durable-execution-sdk-js-testing"),
    results: [],
    errors: [],
  };
  // Runs are grouped by time mode: the runner's environment is set up once per mode.
  for (const skipTime of [false, true]) {
    const entries = plan.runs.filter((e) => Boolean(e.skipTime) === skipTime);
    if (entries.length === 0) {
      continue;
    }
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime });
    try {
      for (const entry of entries) {
        try {
          report.results.push(await runEntry(entry));
        } catch (err) {
          report.errors.push({
            workload: entry.workload,
            n: entry.n,
            skipTime,
            message: String((err && err.message) || err),
          });
        }
      }
    } finally {
      await LocalDurableTestRunner.teardownTestEnvironment();
    }
  }
  fs.writeFileSync(out, JSON.stringify(report));
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

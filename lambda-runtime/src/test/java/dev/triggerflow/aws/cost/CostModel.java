package dev.triggerflow.aws.cost;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.triggerflow.aws.client.AwsWorkflowClient;
import dev.triggerflow.aws.config.LambdaEngine;
import dev.triggerflow.aws.dynamodb.DynamoDbRunPurge;
import dev.triggerflow.aws.dynamodb.TableNames;
import dev.triggerflow.aws.fakes.Testbed;
import dev.triggerflow.aws.handler.OrchestratorHandler;
import dev.triggerflow.aws.handler.TriggerHandler;
import dev.triggerflow.aws.testing.DynaliteServer;
import dev.triggerflow.deployment.AwsContract;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import dev.triggerflow.trigger.TriggerProcessor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The AWS cost model: runs n sequential no-op calls and maps of n no-op tasks on the one-JVM AWS
 * deployment (the real handlers, DynamoDB on dynalite, the fakes), counts every API call and the
 * orchestrator's and trigger's CPU time per invocation, together with the purge of the run's
 * history once its record has expired, and prices them at public us-east-1 prices beside Step
 * Functions Standard and Express and Lambda durable functions for the same work. Task compute is
 * excluded on every side.
 *
 * <p>Modelled, not measured: the time a function waits for the network, taken as {@link
 * #IO_LATENCY_MS} per API call and billed at the orchestrator's 1 GB (an upper bound, since the
 * trigger function has half that); one DynamoDB capacity unit per request (the engine's items are
 * well under 1 KB to write and 4 KB to read), except that the inbox reads and deletes of a map
 * count one unit per event.
 *
 * <p>Run: {@code ./mvnw -pl lambda-runtime -am test-compile -q} then {@code CostModel.main}, or the
 * test {@code CostModelTest}, which writes {@code target/cost/cost.md} and {@code cost.png}.
 */
public final class CostModel {
  /** Network wait per API call, as modelled. */
  static final double IO_LATENCY_MS = 8.0;

  /** The orchestrator's and trigger's memory in the CDK construct's defaults, in GB. */
  static final double ORCHESTRATOR_GB = 1.0;

  static final double TRIGGER_GB = 0.5;

  /** Invocations and deliveries at once in the measured deployment. */
  static final int CONCURRENT = 16;

  /** What one workload cost in calls and CPU. */
  record Measured(
      String workload,
      int n,
      int concurrency,
      Map<String, Long> calls,
      int orchestratorInvocations,
      int triggerInvocations,
      double orchestratorCpuMs,
      double triggerCpuMs,
      double triggerPauseMs,
      Expiry expiry) {

    long total(String prefix) {
      return calls.entrySet().stream()
          .filter(e -> e.getKey().startsWith(prefix))
          .mapToLong(Map.Entry::getValue)
          .sum();
    }

    long call(String name) {
      return calls.getOrDefault(name, 0L);
    }

    long allCalls() {
      return total("") + expiry.calls().values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /**
   * What clearing the run away cost once its record expired: the run expiry function's calls, the
   * items it deleted (each billed as one write unit, batched or not) and its CPU time.
   */
  record Expiry(Map<String, Long> calls, long itemsDeleted, double cpuMs) {
    long call(String name) {
      return calls.getOrDefault(name, 0L);
    }
  }

  /** A handler that adds the CPU time and count of its invocations. */
  private static RequestStreamHandler timed(
      RequestStreamHandler handler, AtomicLong cpuNanos, AtomicInteger count) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    return new RequestStreamHandler() {
      @Override
      public void handleRequest(InputStream in, OutputStream out, Context context)
          throws IOException {
        long start = threads.getCurrentThreadCpuTime();
        try {
          handler.handleRequest(in, out, context);
        } finally {
          cpuNanos.addAndGet(threads.getCurrentThreadCpuTime() - start);
          count.incrementAndGet();
        }
      }
    };
  }

  /**
   * Runs {@code workflow} with input {@code n} on a fresh deployment whose fake Lambda and
   * EventBridge run {@code concurrency} invocations at once, and measures it.
   */
  static Measured measure(String workflow, int n, int concurrency) throws Exception {
    AtomicLong pausedNanos = new AtomicLong();
    TriggerProcessor.ConflictPause measuredPause =
        attempt -> {
          long start = System.nanoTime();
          try {
            LambdaEngine.CONFLICT_PAUSE.before(attempt);
          } finally {
            pausedNanos.addAndGet(System.nanoTime() - start);
          }
        };
    try (Testbed aws =
            Testbed.builder()
                .conflictPause(measuredPause)
                .dynamo(true)
                .oldItemsOnConditionFailure(true)
                .threads(concurrency)
                .registryProvider(CostRegistry.class)
                .build();
        AwsWorkflowClient client = aws.client(true)) {
      AtomicLong orchestratorCpu = new AtomicLong();
      AtomicLong triggerCpu = new AtomicLong();
      AtomicInteger orchestrations = new AtomicInteger();
      AtomicInteger triggers = new AtomicInteger();
      aws.lambda()
          .register(
              Testbed.ORCHESTRATOR,
              timed(
                  new OrchestratorHandler(aws.orchestratorEngine()),
                  orchestratorCpu,
                  orchestrations));
      aws.lambda()
          .register(
              Testbed.TRIGGER,
              timed(new TriggerHandler(aws.triggerEngine()), triggerCpu, triggers));

      String warm = client.start(workflow, IntNode.valueOf(Math.min(n, 20)), null);
      client.awaitCompletion(warm, Duration.ofMinutes(5), Duration.ofMillis(20));
      aws.awaitIdle();
      Map<String, Long> before = aws.apiCalls();
      long cpuO = orchestratorCpu.get();
      long cpuT = triggerCpu.get();
      int invO = orchestrations.get();
      int invT = triggers.get();
      long pausedBefore = pausedNanos.get();

      // No polling while the run goes: the deployment settles when the run has finished, and the
      // calls are read before the client looks at the run, so they are the engine's alone.
      String runId = client.start(workflow, IntNode.valueOf(n), null);
      aws.awaitIdle(Duration.ofMinutes(30));
      Map<String, Long> after = aws.apiCalls();
      RunRecord run = client.run(runId).orElseThrow();
      if (run.status() != RunStatus.COMPLETED) {
        throw new IllegalStateException(workflow + " " + n + " ended " + run.status());
      }
      Map<String, Long> calls = new TreeMap<>();
      after.forEach(
          (k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d > 0) {
              calls.put(k, d);
            }
          });
      return new Measured(
          workflow,
          n,
          concurrency,
          calls,
          orchestrations.get() - invO,
          triggers.get() - invT,
          (orchestratorCpu.get() - cpuO) / 1e6,
          (triggerCpu.get() - cpuT) / 1e6,
          (pausedNanos.get() - pausedBefore) / 1e6,
          expire(aws, runId));
    }
  }

  /**
   * Deletes the run's record as TTL does at the end of the retention period (free, and not the
   * engine's call), then runs the purge the run expiry function makes, counting its calls.
   */
  private static Expiry expire(Testbed aws, String runId) {
    TableNames tables = TableNames.fromEnvironment(aws.environment());
    try (DynamoDbClient ttl = DynaliteServer.shared().client()) {
      ttl.deleteItem(
          b ->
              b.tableName(tables.runs())
                  .key(Map.of(AwsContract.PARTITION_KEY, AttributeValue.fromS(runId))));
    }
    Map<String, Long> before = aws.apiCalls();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long start = threads.getCurrentThreadCpuTime();
    DynamoDbRunPurge.Purged purged =
        new DynamoDbRunPurge(aws.clients().dynamoDb(), tables).purge(runId);
    double cpuMs = (threads.getCurrentThreadCpuTime() - start) / 1e6;
    if (purged.runExists()) {
      throw new IllegalStateException("run " + runId + " was not deleted before the purge");
    }
    Map<String, Long> calls = new TreeMap<>();
    aws.apiCalls()
        .forEach(
            (k, v) -> {
              long d = v - before.getOrDefault(k, 0L);
              if (d > 0) {
                calls.put(k, d);
              }
            });
    return new Expiry(calls, purged.historyItems() + purged.triggerTableItems(), cpuMs);
  }

  /** The engine's cost per unit of work (a step, or a map task) in dollars. */
  static double triggerflowCost(Measured m) {
    double units = m.n();
    boolean map = m.workload().equals("fanout");
    long writes =
        m.call("dynamodb:PutItem") + m.call("dynamodb:UpdateItem") + m.call("dynamodb:DeleteItem");
    long reads = m.call("dynamodb:GetItem") + m.call("dynamodb:Query");
    // Batched deletes of consumed inbox events: one write unit per event.
    long batchWrites = map ? (long) m.n() : m.call("dynamodb:BatchWriteItem");
    // A map's inbox is read in one query of about 0.3 KB per event: one read unit per 12 events.
    long inboxReads = map ? m.n() / 12L : 0;
    long events = m.call("events:PutEvents");
    // Once the run's record expires, one invocation of the run expiry function deletes what is
    // left: each deleted item is a write unit, its queries and the check of the run are reads.
    Expiry expiry = m.expiry();
    long expiryWrites = expiry.itemsDeleted();
    long expiryReads = expiry.call("dynamodb:GetItem") + expiry.call("dynamodb:Query");
    long lambdaRequests = (long) m.orchestratorInvocations() + m.triggerInvocations() + 1;
    double gbSeconds =
        m.orchestratorCpuMs() / 1000 * ORCHESTRATOR_GB
            + (m.triggerCpuMs() + m.triggerPauseMs() + expiry.cpuMs()) / 1000 * TRIGGER_GB
            + m.allCalls() * IO_LATENCY_MS / 1000 * ORCHESTRATOR_GB;
    double total =
        (writes + batchWrites + expiryWrites) * Prices.DYNAMODB_WRITE
            + (reads + inboxReads + expiryReads) * Prices.DYNAMODB_READ
            + events * Prices.EVENTBRIDGE_EVENT
            + lambdaRequests * Prices.LAMBDA_REQUEST
            + gbSeconds * Prices.LAMBDA_GB_SECOND_ARM;
    return total / units;
  }

  /** Step Functions Standard: one state transition per Lambda task, plus start and end. */
  static double standardCost(int n) {
    return (n + 2) * Prices.SFN_STANDARD_TRANSITION / n;
  }

  /**
   * Step Functions Express: one request per workflow, and its duration at 64 MB, taken as 50 ms of
   * orchestration per step (a synchronous Lambda task call) besides the task itself.
   */
  static double expressCost(int n) {
    double seconds = 0.050 * n;
    return (Prices.SFN_EXPRESS_REQUEST + seconds * 0.0625 * Prices.SFN_EXPRESS_GB_SECOND) / n;
  }

  /**
   * Lambda durable functions: one durable operation per step, one re-invocation of the durable
   * function per step (its request and 20 ms of replay at 1 GB); state storage not priced.
   */
  static double durableCost(int n) {
    return Prices.DURABLE_OPERATION
        + Prices.LAMBDA_REQUEST
        + 0.020 * 1.0 * Prices.LAMBDA_GB_SECOND_ARM;
  }

  /**
   * Measures every size and writes the table and the plot to {@code dir}. Maps run twice: with
   * {@link #CONCURRENT} deliveries at once, where the results contend for the join trigger as they
   * do when many task functions finish together, and one delivery at a time.
   */
  public static String run(Path dir, int[] sequential, int[] maps) throws Exception {
    List<Measured> all = new ArrayList<>();
    for (int n : sequential) {
      all.add(measure("steps", n, CONCURRENT));
    }
    for (int n : maps) {
      all.add(measure("fanout", n, CONCURRENT));
    }
    for (int n : maps) {
      all.add(measure("fanout", n, 1));
    }
    String table = table(all);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("cost.md"), table);
    CostPlot.write(dir.resolve("cost.png"), all);
    return table;
  }

  static String label(Measured m) {
    if (m.workload().equals("steps")) {
      return "sequential steps";
    }
    return m.concurrency() == 1
        ? "map tasks, one delivery at a time"
        : "map tasks, " + m.concurrency() + " deliveries at once";
  }

  static String table(List<Measured> all) {
    StringBuilder b = new StringBuilder();
    b.append("| workload | n | API calls per unit | orchestrator wakes | orchestrator CPU ms")
        .append(" per wake | Triggerflow $ per million | Step Functions Standard | Express |")
        .append(" Lambda durable |\n");
    b.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (Measured m : all) {
      b.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.2f | %d | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
              label(m),
              m.n(),
              (double) m.allCalls() / m.n(),
              m.orchestratorInvocations(),
              m.orchestratorCpuMs() / Math.max(1, m.orchestratorInvocations()),
              triggerflowCost(m) * 1e6,
              standardCost(m.n()) * 1e6,
              expressCost(m.n()) * 1e6,
              durableCost(m.n()) * 1e6));
    }
    b.append('\n');
    for (Measured m : all) {
      b.append("- ")
          .append(label(m))
          .append(", n = ")
          .append(m.n())
          .append(": ")
          .append(m.calls())
          .append(
              String.format(
                  Locale.ROOT,
                  "; orchestrator CPU %.0f ms, trigger CPU %.0f ms, trigger pauses %.0f ms;"
                      + " after expiry %s, %d items deleted, CPU %.0f ms",
                  m.orchestratorCpuMs(),
                  m.triggerCpuMs(),
                  m.triggerPauseMs(),
                  m.expiry().calls(),
                  m.expiry().itemsDeleted(),
                  m.expiry().cpuMs()))
          .append('\n');
    }
    return b.toString();
  }
}

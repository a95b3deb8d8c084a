package dev.triggerflow.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triggerflow.aws.testing.DynaliteServer;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.LeaseOutcome;
import dev.triggerflow.spi.ReleaseOutcome;
import dev.triggerflow.spi.RunPage;
import dev.triggerflow.spi.RunQuery;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import dev.triggerflow.spi.RunUpdate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** What the run store does on DynamoDB beyond the contract: item layout, TTL, contention. */
class DynamoDbRunStoreTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration RETENTION = Duration.ofDays(7);
  private static final Duration LEASE = Duration.ofSeconds(30);

  private String table;
  private DynamoDbRunStore store;

  @BeforeEach
  void setUp() {
    table = Dynalite.tables("runs").runs();
    store = new DynamoDbRunStore(Dynalite.client(), table, RETENTION);
  }

  @Test
  void create_storesInstantsAsFixedWidthIsoTextAndCountersAsNumbers() {
    store.create(RunRecord.started("run-1", "wf", Json.parse("{\"n\":1}"), T0));

    Map<String, AttributeValue> item = RawItems.get(table, "run-1");

    assertThat(item.get("createdAt").s()).isEqualTo("2026-01-01T00:00:00.000000000Z");
    assertThat(item.get("workflow").s()).isEqualTo("wf");
    assertThat(item.get("input").s()).isEqualTo("{\"n\":1}");
    assertThat(item.get("wakeSeq").n()).isEqualTo("0");
    assertThat(item).doesNotContainKeys("expiresAt", "leaseOwner", "result");
  }

  @Test
  void release_terminalStatus_setsTheTtlToNowPlusRetentionInEpochSeconds() {
    store.create(RunRecord.started("run-1", "wf", null, T0));
    Instant now = T0.plusSeconds(90).plusMillis(700);
    store.acquireLease("run-1", "owner-a", now, LEASE);

    ReleaseOutcome released =
        store.release(
            "run-1",
            "owner-a",
            0,
            new RunUpdate(RunStatus.COMPLETED, Json.parse("42"), null, null, 3, 3, 1, 0),
            now);

    assertThat(released).isEqualTo(ReleaseOutcome.RELEASED);
    Map<String, AttributeValue> item = RawItems.get(table, "run-1");
    assertThat(item.get("expiresAt").n())
        .isEqualTo(Long.toString(now.plus(RETENTION).getEpochSecond()));
    assertThat(item).doesNotContainKeys("leaseOwner", "leaseExpiresAt");
  }

  @Test
  void release_stillRunning_setsNoTtl() {
    store.create(RunRecord.started("run-1", "wf", null, T0));
    store.acquireLease("run-1", "owner-a", T0, LEASE);

    store.release("run-1", "owner-a", 0, new RunUpdate(null, null, null, null, 2, 2, 1, 0), T0);

    assertThat(RawItems.get(table, "run-1")).doesNotContainKey("expiresAt");
  }

  @Test
  void create_largeResult_isCompressedAndReadBackExactly() {
    StringBuilder big = new StringBuilder("[");
    for (int i = 0; i < 20_000; i++) {
      big.append(i == 0 ? "" : ",").append("{\"i\":").append(i).append('}');
    }
    RunRecord run = RunRecord.started("run-1", "wf", Json.parse(big + "]"), T0);

    store.create(run);

    assertThat(RawItems.get(table, "run-1")).containsKey("inputGz").doesNotContainKey("input");
    assertThat(store.get("run-1")).contains(run);
  }

  @Test
  void leaseProtocol_twoOrchestratorsAndAnEventSourceOnThreads_neverOverlapAndCountEveryEvent()
      throws Exception {
    store.create(RunRecord.started("run-1", "wf", null, T0));
    int wakesPerOrchestrator = 25;
    int events = 40;
    AtomicInteger holders = new AtomicInteger();
    AtomicInteger overlaps = new AtomicInteger();
    AtomicLong lastReleasedSeq = new AtomicLong(-1);
    AtomicInteger regressions = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    CountDownLatch gate = new CountDownLatch(1);
    List<Future<?>> work = new ArrayList<>();
    try {
      for (int o = 0; o < 2; o++) {
        String name = "orchestrator-" + o;
        work.add(
            pool.submit(
                () -> {
                  gate.await();
                  for (int wake = 0; wake < wakesPerOrchestrator; wake++) {
                    String owner = name + "/" + wake;
                    LeaseOutcome lease = store.acquireLease("run-1", owner, Instant.now(), LEASE);
                    while (lease instanceof LeaseOutcome.Acquired acquired) {
                      if (holders.incrementAndGet() != 1) {
                        overlaps.incrementAndGet();
                      }
                      long seq = acquired.run().wakeSeq();
                      holders.decrementAndGet();
                      ReleaseOutcome released =
                          store.release("run-1", owner, seq, RunUpdate.none(), Instant.now());
                      if (released == ReleaseOutcome.RELEASED) {
                        if (lastReleasedSeq.getAndAccumulate(seq, Math::max) > seq) {
                          regressions.incrementAndGet();
                        }
                        break;
                      }
                      assertThat(released).isEqualTo(ReleaseOutcome.EVENTS_ARRIVED);
                      // Events came in: run again under the same lease, as the orchestrator does.
                      lease = store.acquireLease("run-1", owner, Instant.now(), LEASE);
                    }
                  }
                  return null;
                }));
      }
      work.add(
          pool.submit(
              () -> {
                gate.await();
                for (int e = 0; e < events; e++) {
                  store.recordEventArrival("run-1");
                }
                return null;
              }));
      gate.countDown();
      for (Future<?> f : work) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    RunRecord run = store.get("run-1").orElseThrow();
    assertThat(overlaps).hasValue(0);
    assertThat(regressions).hasValue(0);
    assertThat(run.wakeSeq()).isEqualTo(events);
    assertThat(run.leaseOwner()).isNull();
  }

  @Test
  void acquireLease_leaseFreeAgainAfterEveryFailedAttempt_reportsItHeldInsteadOfLooping() {
    store.create(RunRecord.started("run-1", "wf", null, T0));
    // Every lease update fails its condition, yet every read after it finds the lease free, as
    // when orchestrators take and let go of the lease between this one's calls.
    ExecutionInterceptor alwaysTaken =
        new ExecutionInterceptor() {
          @Override
          public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes a) {
            if (context.request() instanceof UpdateItemRequest update) {
              return update.toBuilder()
                  .conditionExpression(
                      "attribute_not_exists(#pk) AND " + update.conditionExpression())
                  .build();
            }
            return context.request();
          }
        };
    try (DynamoDbClient contended = DynaliteServer.shared().client(alwaysTaken)) {
      DynamoDbRunStore racing = new DynamoDbRunStore(contended, table, RETENTION);

      LeaseOutcome outcome = racing.acquireLease("run-1", "owner-a", T0, LEASE);

      assertThat(outcome).isInstanceOf(LeaseOutcome.Held.class);
      assertThat(store.get("run-1").orElseThrow().leaseOwner()).isNull();
    }
  }

  @Test
  void list_byWorkflowWithARareStatus_returnsEarlyWithATokenAndFindsEveryMatchExactlyOnce() {
    for (int i = 0; i < 60; i++) {
      store.create(RunRecord.started("run-" + i, "wf", null, T0.plusSeconds(i)));
    }
    for (String runId : List.of("run-0", "run-31")) {
      store.acquireLease(runId, "o", T0, LEASE);
      store.release(runId, "o", 0, new RunUpdate(RunStatus.FAILED, null, "E", "m", 1, 1, 1, 0), T0);
    }

    List<String> seen = new ArrayList<>();
    int pages = 0;
    String token = null;
    do {
      RunPage page = store.list(new RunQuery("wf", RunStatus.FAILED, 1, token));
      page.runs().forEach(r -> seen.add(r.runId()));
      token = page.nextPageToken();
      pages++;
    } while (token != null && pages < 200);

    assertThat(seen).containsExactly("run-31", "run-0");
  }

  @Test
  void list_allRunsAcrossManyPages_returnsEachOnceNewestFirst() {
    Set<String> all = new HashSet<>();
    for (int i = 0; i < 250; i++) {
      store.create(RunRecord.started("run-" + i, "wf-" + (i % 3), null, T0.plusMillis(i % 97)));
      all.add("run-" + i);
    }

    List<RunRecord> seen = new ArrayList<>();
    String token = null;
    do {
      RunPage page = store.list(new RunQuery(null, null, 7, token));
      seen.addAll(page.runs());
      token = page.nextPageToken();
    } while (token != null);

    assertThat(seen).extracting(RunRecord::runId).doesNotHaveDuplicates();
    assertThat(seen).extracting(RunRecord::runId).containsExactlyInAnyOrderElementsOf(all);
    assertThat(seen).extracting(RunRecord::createdAt).isSortedAccordingTo((a, b) -> b.compareTo(a));
  }

  @Test
  void list_tokenOfAnotherWorkflowOrListing_isRejected() {
    for (int i = 0; i < 3; i++) {
      store.create(RunRecord.started("run-" + i, "alpha", null, T0.plusSeconds(i)));
    }
    String alphaToken = store.list(new RunQuery("alpha", null, 1, null)).nextPageToken();
    String allToken = store.list(new RunQuery(null, null, 1, null)).nextPageToken();

    assertThatThrownBy(() -> store.list(new RunQuery("beta", null, 1, alphaToken)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.list(new RunQuery(null, null, 1, alphaToken)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.list(new RunQuery("alpha", null, 1, allToken)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.triggerflow.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.aws.client.AwsWorkflowClient;
import dev.triggerflow.aws.fakes.ApiCalls;
import dev.triggerflow.aws.fakes.Testbed;
import dev.triggerflow.deployment.AwsContract;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.PayloadStore;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The AWS deployment end to end in one JVM: the real handler classes, the DynamoDB stores on
 * dynalite, EventBridge (routing with the engine's rule pattern) and Lambda as SDK-level fakes that
 * deliver asynchronously. The API calls each workflow makes are counted and printed.
 */
class AwsEndToEndTest {
  private static Testbed dynamoTestbed() {
    return Testbed.builder().dynamo(true).build();
  }

  @Test
  void sequence_onAws_returnsSixInThreeEpisodes() throws Exception {
    try (Testbed aws = dynamoTestbed();
        AwsWorkflowClient client = aws.client(true)) {
      StepMeter meter = new StepMeter(aws);
      aws.lambda().hold(Testbed.ORCHESTRATOR);
      aws.lambda().hold(Testbed.TASKS);

      String runId = client.start("sequence", null, "sequence-run");
      meter.step("start (client)");
      aws.lambda().unhold(Testbed.ORCHESTRATOR);
      aws.lambda().releaseHeld();
      aws.awaitIdle();
      meter.step("episode 0: start, dispatch call 1");
      for (int call = 1; call <= 2; call++) {
        assertThat(aws.lambda().heldCount()).as("task invocations waiting").isEqualTo(1);
        aws.lambda().releaseHeld();
        aws.awaitIdle();
        meter.step("step " + call + ": task, event, trigger, episode " + call);
      }
      Map<String, Map<String, Long>> steps = meter.steps();

      RunRecord run = client.run(runId).orElseThrow();
      assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(run.result().asInt()).isEqualTo(6);
      assertThat(run.episodes()).isEqualTo(3);
      assertThat(aws.lambda().heldCount()).isZero();
      assertThat(aws.lambda().handlerErrors()).isEmpty();
      assertThat(client.deadLetters(10)).isEmpty();
      meter.print("sequence");
      assertThat(steps.get("step 1: task, event, trigger, episode 1"))
          .containsEntry("events:PutEvents", 1L)
          .containsEntry("lambda:Invoke", 2L);
      assertThat(steps.get("step 2: task, event, trigger, episode 2"))
          .containsEntry("events:PutEvents", 1L)
          .containsEntry("lambda:Invoke", 1L);
      assertThat(steps.values()).allSatisfy(s -> assertThat(s).doesNotContainKey("s3:PutObject"));
    }
  }

  @Test
  void pi_onAws_estimatesPiInTwoEpisodesAndCostsAFixedNumberOfCallsPerTask() throws Exception {
    Map<String, Long> small = runPi(10, 1);
    Map<String, Long> large = runPi(40, 1);

    Map<String, Double> perTask = new TreeMap<>();
    Map<String, Double> fixed = new TreeMap<>();
    for (String op : large.keySet()) {
      double marginal = (large.get(op) - small.getOrDefault(op, 0L)) / 30.0;
      perTask.put(op, marginal);
      fixed.put(op, small.getOrDefault(op, 0L) - 10 * marginal);
    }
    System.out.println(
        "API calls of pi, one delivery at a time, per task (40 tasks minus 10, over 30): "
            + perTask
            + " = "
            + perTask.values().stream().mapToDouble(Double::doubleValue).sum()
            + "; per run: "
            + fixed
            + "; 10 tasks: "
            + small
            + "; 40 tasks: "
            + large);
    assertThat(perTask).containsEntry("events:PutEvents", 1.0).containsEntry("lambda:Invoke", 1.0);
    assertThat(perTask).doesNotContainKey("s3:PutObject");
    assertThat(fixed).containsEntry("lambda:Invoke", 2.0).containsEntry("events:PutEvents", 0.0);
  }

  @Test
  void pi_onAws_withConcurrentDeliveries_estimatesPiInTwoEpisodes() throws Exception {
    Map<String, Long> calls = runPi(40, 16);

    System.out.println(
        "API calls of pi, 40 tasks, 16 deliveries at a time: "
            + calls
            + " = "
            + ApiCalls.total(calls)
            + " ("
            + ApiCalls.total(calls) / 40.0
            + " per task)");
  }

  private static Map<String, Long> runPi(int tasks, int threads) throws Exception {
    try (Testbed aws = Testbed.builder().dynamo(true).threads(threads).build();
        AwsWorkflowClient client = aws.client(true)) {
      String runId =
          client.start(
              "pi", Json.parse("{\"tasks\": " + tasks + ", \"samplesPerTask\": 20000}"), null);
      aws.awaitIdle();

      Map<String, Long> calls = aws.apiCalls();
      RunRecord run = client.run(runId).orElseThrow();
      assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(run.result().asDouble()).isCloseTo(Math.PI, offset(0.1));
      assertThat(run.episodes()).isEqualTo(2);
      assertThat(aws.lambda().invokes(Testbed.ORCHESTRATOR)).as("wakes").isEqualTo(2);
      assertThat(aws.lambda().executions(Testbed.TASKS)).isEqualTo(tasks);
      assertThat(aws.lambda().handlerErrors()).isEmpty();
      assertThat(client.deadLetters(10)).isEmpty();
      return calls;
    }
  }

  @Test
  void everyDeliveryTwice_changesNothing() throws Exception {
    Outcome once = runBoth(false);
    Outcome twice = runBoth(true);

    assertThat(twice.results).isEqualTo(once.results);
    assertThat(twice.episodes).isEqualTo(once.episodes);
    assertThat(twice.histories).isEqualTo(once.histories);
    assertThat(twice.piWakes).as("orchestrator wakes of the joined map").isEqualTo(once.piWakes);
    assertThat(twice.sequenceWakes)
        .as("orchestrator wakes of the sequence")
        .isEqualTo(once.sequenceWakes);
    assertThat(twice.taskRuns).isGreaterThan(once.taskRuns);
  }

  private record Outcome(
      List<JsonNode> results,
      List<Integer> episodes,
      List<List<JsonNode>> histories,
      int sequenceWakes,
      int piWakes,
      int taskRuns) {}

  private static Outcome runBoth(boolean duplicates) throws Exception {
    List<JsonNode> results = new ArrayList<>();
    List<Integer> episodes = new ArrayList<>();
    List<List<JsonNode>> histories = new ArrayList<>();
    int sequenceWakes;
    int piWakes;
    int taskRuns = 0;
    try (Testbed aws = dynamoTestbed();
        AwsWorkflowClient client = aws.client(true)) {
      aws.lambda().duplicateDeliveries(duplicates);
      aws.bus().duplicateDeliveries(duplicates);

      client.start("sequence", null, "dup-sequence");
      aws.awaitIdle();
      sequenceWakes = aws.lambda().invokes(Testbed.ORCHESTRATOR);
      client.start("pi", Json.parse("{\"tasks\": 20, \"samplesPerTask\": 5000}"), "dup-pi");
      aws.awaitIdle();
      piWakes = aws.lambda().invokes(Testbed.ORCHESTRATOR) - sequenceWakes;

      for (String runId : List.of("dup-sequence", "dup-pi")) {
        RunRecord run = client.run(runId).orElseThrow();
        assertThat(run.status()).as(runId).isEqualTo(RunStatus.COMPLETED);
        results.add(run.result());
        episodes.add(run.episodes());
        histories.add(HistoryShape.of(client.history(runId)));
      }
      taskRuns += aws.lambda().executions(Testbed.TASKS);
      assertThat(client.deadLetters(10)).isEmpty();
    }
    return new Outcome(results, episodes, histories, sequenceWakes, piWakes, taskRuns);
  }

  @Test
  void largeInputAndResult_travelThroughS3ByReference() throws Exception {
    try (Testbed aws = dynamoTestbed();
        AwsWorkflowClient client = aws.client(true)) {
      String runId = client.start("large", Json.parse("300000"), null);
      aws.awaitIdle();

      RunRecord run = client.run(runId).orElseThrow();
      assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(PayloadStore.isReference(run.result())).isTrue();
      String expected = new StringBuilder("ab".repeat(150_000)).reverse().toString();
      assertThat(client.result(runId))
          .hasValueSatisfying(r -> assertThat(r.asText()).isEqualTo(expected));
      assertThat(aws.s3().size(Testbed.BUCKET)).as("input, task result, run result").isEqualTo(3);
      assertThat(aws.bus().accepted())
          .allSatisfy(e -> assertThat(e.toString().length()).isLessThan(8_192));
      assertThat(aws.lambda().handlerErrors()).isEmpty();
    }
  }

  @Test
  void largeInputWithoutAPayloadBucket_failsTheRunClearlyInsteadOfTruncating() throws Exception {
    try (Testbed aws =
            Testbed.builder().dynamo(true).env(AwsContract.ENV_PAYLOAD_BUCKET, "").build();
        AwsWorkflowClient client = aws.client(true)) {
      String runId = client.start("large", Json.parse("300000"), null);
      aws.awaitIdle();

      RunRecord run = client.run(runId).orElseThrow();
      assertThat(run.status()).isEqualTo(RunStatus.FAILED);
      assertThat(run.errorMessage()).contains("TaskInputTooLarge").contains("payload bucket");
      assertThat(aws.lambda().executions(Testbed.TASKS)).isZero();
    }
  }
}

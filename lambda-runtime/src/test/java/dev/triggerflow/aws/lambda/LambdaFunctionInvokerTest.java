package dev.triggerflow.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.triggerflow.aws.config.ConfigurationException;
import dev.triggerflow.aws.fakes.Activity;
import dev.triggerflow.aws.fakes.ApiCalls;
import dev.triggerflow.aws.fakes.FakeLambda;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.event.Event;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.TaskInvocation;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeRequest;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.TooManyRequestsException;

class LambdaFunctionInvokerTest {
  private static final Instant NOW = Instant.parse("2026-02-01T10:00:00Z");

  private final ExecutorService pool = Executors.newFixedThreadPool(2);
  private final ApiCalls calls = new ApiCalls();
  private final Activity activity = new Activity();
  private final FakeLambda lambda = new FakeLambda(calls, activity, pool);
  private final List<Event> published = new CopyOnWriteArrayList<>();
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private void deploy(String function) {
    lambda.register(
        function,
        (in, out, ctx) -> {
          ByteArrayOutputStream buffer = new ByteArrayOutputStream();
          in.transferTo(buffer);
          ObjectNodeHolder.add(received, function, buffer.toString(StandardCharsets.UTF_8));
        });
  }

  private LambdaFunctionInvoker invoker(TaskFunctions tasks) {
    return LambdaFunctionInvoker.builder()
        .client(lambda)
        .orchestratorFunction("orchestrator")
        .taskFunctions(tasks)
        .publisher(published::addAll)
        .clock(() -> NOW)
        .build();
  }

  private static TaskInvocation call(String task, int callId, JsonNode input) {
    return new TaskInvocation("run-1", task, callId, callId, 1, input);
  }

  @Test
  void invokeTask_startsTheTaskFunctionAsynchronouslyWithTheCall() throws Exception {
    deploy("fn-square");
    TaskInvocation inv = call("square", 4, new IntNode(7));

    invoker(TaskFunctions.of(Map.of("square", "fn-square"), null)).invokeTask(inv);

    assertThat(activity.awaitIdle(Duration.ofSeconds(5))).isTrue();
    assertThat(received).hasSize(1);
    JsonNode payload = received.get(0);
    assertThat(payload.path("function").asText()).isEqualTo("fn-square");
    assertThat(InvocationPayloads.readTask(payload.path("payload"))).isEqualTo(inv);
    assertThat(calls.snapshot()).containsEntry("lambda:Invoke", 1L);
    assertThat(published).isEmpty();
  }

  @Test
  void invokeTask_unlistedTask_runsOnTheDefaultFunction() throws Exception {
    deploy("fn-default");

    invoker(TaskFunctions.of(Map.of("square", "fn-square"), "fn-default"))
        .invokeTask(call("cube", 1, new IntNode(2)));

    assertThat(activity.awaitIdle(Duration.ofSeconds(5))).isTrue();
    assertThat(received).extracting(n -> n.path("function").asText()).containsExactly("fn-default");
  }

  @Test
  void invokeTask_functionDoesNotExist_failsTheCallWithLambdasError() {
    TaskInvocation inv = call("square", 2, new IntNode(1));

    invoker(TaskFunctions.of(Map.of(), "fn-missing")).invokeTask(inv);

    assertThat(published).hasSize(1);
    Event failure = published.get(0);
    assertThat(failure.type()).isEqualTo(EngineEvents.TASK_FAILED);
    assertThat(failure.id()).isEqualTo(EngineEvents.taskResultId("run-1", 2, 1));
    assertThat(failure.subject()).isEqualTo(EngineEvents.groupSubject("run-1", 2));
    assertThat(failure.data().path("errorType").asText())
        .isEqualTo(LambdaFunctionInvoker.INVOCATION_REJECTED);
    assertThat(failure.data().path("message").asText())
        .contains("fn-missing", "ResourceNotFoundException", "404");
  }

  @Test
  void invokeTask_noFunctionConfigured_failsTheCallNamingTheSettings() {
    invoker(TaskFunctions.none()).invokeTask(call("square", 1, new IntNode(1)));

    assertThat(published)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.data().path("errorType").asText())
                  .isEqualTo(LambdaFunctionInvoker.NO_TASK_FUNCTION);
              assertThat(e.data().path("message").asText())
                  .contains("TRIGGERFLOW_TASK_FUNCTIONS", "TRIGGERFLOW_DEFAULT_TASK_FUNCTION");
            });
    assertThat(calls.snapshot()).doesNotContainKey("lambda:Invoke");
  }

  @Test
  void invokeTask_inputTooLargeForAnAsyncInvocation_failsTheCallWithoutSendingIt() {
    deploy("fn");

    invoker(TaskFunctions.of(Map.of(), "fn"))
        .invokeTask(call("square", 1, new TextNode("a".repeat(300_000))));

    assertThat(published)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.data().path("errorType").asText())
                    .isEqualTo(LambdaFunctionInvoker.INPUT_TOO_LARGE));
    assertThat(calls.snapshot()).doesNotContainKey("lambda:Invoke");
  }

  @Test
  void invokeTask_throttled_throwsSoTheOrchestratorIsRetried() {
    deploy("fn");
    lambda.failInvocations(
        "fn",
        () ->
            TooManyRequestsException.builder()
                .statusCode(429)
                .awsErrorDetails(FakeLambda.details("TooManyRequestsException", "Rate exceeded"))
                .build());

    assertThatThrownBy(
            () -> invoker(TaskFunctions.of(Map.of(), "fn")).invokeTask(call("t", 1, null)))
        .isInstanceOf(FunctionInvocationException.class)
        .hasMessageContaining("call 1 of run run-1")
        .hasMessageContaining("TooManyRequestsException");
    assertThat(published).isEmpty();
  }

  @Test
  void invokeTask_foreignTask_sendsTheInputWithTheRunAndCallAndNotTheEnginePayload()
      throws Exception {
    deploy("fn-shout");
    TaskFunctions tasks = TaskFunctions.parse("shout=fn-shout", "fn-default", "shout");
    TaskInvocation inv =
        new TaskInvocation("run-1", "shout", 3, 2, 1, Json.parse("{\"text\": \"hi\"}"));

    invoker(tasks).invokeTask(inv);

    assertThat(activity.awaitIdle(Duration.ofSeconds(5))).isTrue();
    JsonNode payload = received.get(0).path("payload");
    assertThat(payload.path("text").asText()).isEqualTo("hi");
    assertThat(payload.path("triggerflow").path("runId").asText()).isEqualTo("run-1");
    assertThat(payload.path("triggerflow").path("callId").asInt()).isEqualTo(3);
    assertThat(payload.path("triggerflow").path("groupId").asInt()).isEqualTo(2);
    assertThat(payload.has("task")).as("no engine task payload field").isFalse();
  }

  @Test
  void invokeTasks_batch_startsEveryCallInParallel() throws Exception {
    CountDownLatch allIn = new CountDownLatch(8);
    LambdaFunctionInvoker invoker =
        LambdaFunctionInvoker.builder()
            .client(
                new FakeLambdaClient(
                    () -> {
                      allIn.countDown();
                      try {
                        return allIn.await(5, TimeUnit.SECONDS);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                      }
                    }))
            .taskFunctions(TaskFunctions.of(Map.of(), "fn"))
            .publisher(published::addAll)
            .parallelism(8)
            .build();
    List<TaskInvocation> batch =
        IntStream.rangeClosed(1, 8)
            .mapToObj(i -> new TaskInvocation("run-1", "t", i, 1, 1, new IntNode(i)))
            .toList();

    invoker.invokeTasks(batch);

    assertThat(allIn.getCount()).as("all eight requests were in flight together").isZero();
    assertThat(published).isEmpty();
  }

  @Test
  void invokeTasks_oneFunctionMissing_failsOnlyThatCall() throws Exception {
    deploy("fn-a");
    TaskFunctions tasks = TaskFunctions.of(Map.of("a", "fn-a", "b", "fn-missing"), null);
    List<TaskInvocation> batch =
        List.of(call("a", 1, new IntNode(1)), call("b", 2, new IntNode(2)), call("a", 3, null));

    invoker(tasks).invokeTasks(batch);

    assertThat(activity.awaitIdle(Duration.ofSeconds(5))).isTrue();
    assertThat(received).hasSize(2);
    assertThat(published)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.callId()).contains(2);
              assertThat(e.data().path("errorType").asText())
                  .isEqualTo(LambdaFunctionInvoker.INVOCATION_REJECTED);
            });
  }

  @Test
  void invokeTasks_throttled_throwsAfterTryingEveryCall() {
    deploy("fn-ok");
    lambda.failInvocations(
        "fn-busy",
        () ->
            TooManyRequestsException.builder()
                .statusCode(429)
                .awsErrorDetails(FakeLambda.details("TooManyRequestsException", "Rate exceeded"))
                .build());
    TaskFunctions tasks = TaskFunctions.of(Map.of("ok", "fn-ok", "busy", "fn-busy"), null);
    List<TaskInvocation> batch =
        List.of(call("busy", 1, null), call("ok", 2, null), call("busy", 3, null));

    assertThatThrownBy(() -> invoker(tasks).invokeTasks(batch))
        .isInstanceOf(FunctionInvocationException.class)
        .satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
    assertThat(calls.snapshot()).containsEntry("lambda:Invoke", 3L);
  }

  @Test
  void wakeOrchestrator_sendsTheRunIdAsynchronously() throws Exception {
    deploy("orchestrator");

    invoker(TaskFunctions.none()).wakeOrchestrator("run-7");

    assertThat(activity.awaitIdle(Duration.ofSeconds(5))).isTrue();
    assertThat(received)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.path("function").asText()).isEqualTo("orchestrator");
              assertThat(n.path("payload").path("runId").asText()).isEqualTo("run-7");
            });
  }

  @Test
  void wakeOrchestrator_functionMissing_throwsNamingRunAndFunction() {
    assertThatThrownBy(() -> invoker(TaskFunctions.none()).wakeOrchestrator("run-7"))
        .isInstanceOf(FunctionInvocationException.class)
        .hasMessageContaining("run-7")
        .hasMessageContaining("'orchestrator'")
        .hasMessageContaining("ResourceNotFoundException");
  }

  @Test
  void wakeOrchestrator_noFunctionConfigured_throwsNamingTheVariable() {
    LambdaFunctionInvoker invoker =
        LambdaFunctionInvoker.builder().client(lambda).publisher(published::addAll).build();

    assertThatThrownBy(() -> invoker.wakeOrchestrator("run-7"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("TRIGGERFLOW_ORCHESTRATOR_FUNCTION");
  }

  /** A Lambda client that answers 202 once {@code gate} says so, false meaning a timeout. */
  private static final class FakeLambdaClient implements LambdaClient {
    private final BooleanSupplier gate;

    FakeLambdaClient(BooleanSupplier gate) {
      this.gate = gate;
    }

    @Override
    public InvokeResponse invoke(InvokeRequest request) {
      if (!gate.getAsBoolean()) {
        throw new IllegalStateException("the other requests of the batch never arrived");
      }
      return InvokeResponse.builder().statusCode(202).build();
    }

    @Override
    public String serviceName() {
      return SERVICE_NAME;
    }

    @Override
    public void close() {}
  }

  /** Records what a fake function received, with the function's name. */
  private static final class ObjectNodeHolder {
    static void add(List<JsonNode> sink, String function, String payload) {
      sink.add(
          Json.mapper()
              .createObjectNode()
              .put("function", function)
              .set("payload", Json.parse(payload)));
    }
  }
}

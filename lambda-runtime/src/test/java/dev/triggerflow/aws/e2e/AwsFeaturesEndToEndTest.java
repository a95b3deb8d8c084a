package dev.triggerflow.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.triggerflow.aws.client.AwsWorkflowClient;
import dev.triggerflow.aws.fakes.FeatureRegistry;
import dev.triggerflow.aws.fakes.Invoke;
import dev.triggerflow.aws.fakes.Testbed;
import dev.triggerflow.aws.handler.TaskHandler;
import dev.triggerflow.aws.handler.TriggerHandler;
import dev.triggerflow.aws.lambda.TaskFunctions;
import dev.triggerflow.deployment.AwsContract;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.event.Event;
import dev.triggerflow.event.EventCodec;
import dev.triggerflow.event.LambdaDestinations;
import dev.triggerflow.examples.approval.Approval;
import dev.triggerflow.examples.billing.BillPage;
import dev.triggerflow.examples.billing.Billing;
import dev.triggerflow.examples.billing.Charge;
import dev.triggerflow.history.HistoryEvent;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import dev.triggerflow.trigger.TriggerProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;

/**
 * The engine's features on the AWS deployment in one JVM, each with the result it has on the
 * embedded runtime: the real handlers, DynamoDB on dynalite, and fakes of EventBridge, Lambda (with
 * destinations) and EventBridge Scheduler. Time is a manual clock that every function reads; moving
 * it fires the schedules that came due. The API calls of each feature are printed.
 */
class AwsFeaturesEndToEndTest {
  private static final Instant START = Instant.parse("2026-06-01T09:00:00Z");
  private static final String SHOUT_FUNCTION = "shout-fn";
  private static final String CRASHY_FUNCTION = "tf-crashy-tasks";
  private static final JsonNode LAPTOP = Json.parse("{\"request\": \"laptop\", \"amount\": 900}");

  private final List<JsonNode> shouted = new CopyOnWriteArrayList<>();
  private Testbed aws;
  private AwsWorkflowClient client;
  private StepMeter meter;

  @BeforeEach
  void deploy() {
    aws =
        Testbed.builder()
            .dynamo(true)
            .registryProvider(FeatureRegistry.class)
            .manualClock(START)
            .taskFailuresToBus(true)
            .env(
                AwsContract.ENV_TASK_FUNCTIONS,
                "shout=" + SHOUT_FUNCTION + ",crashy=" + CRASHY_FUNCTION)
            .env(AwsContract.ENV_FOREIGN_TASKS, "shout")
            .build();
    aws.lambda().registerPlain(SHOUT_FUNCTION, this::shout);
    aws.lambda().destinations(SHOUT_FUNCTION, aws.bus(), true, true);
    aws.lambda().register(CRASHY_FUNCTION, new TaskHandler(aws.taskEngine()));
    aws.lambda().destinations(CRASHY_FUNCTION, aws.bus(), false, true);
    aws.lambda().timeOut(CRASHY_FUNCTION);
    client = aws.client(true);
    meter = new StepMeter(aws);
  }

  @AfterEach
  void stop() {
    client.close();
    aws.close();
  }

  /** The foreign function: knows nothing of Triggerflow, shouts its text back or refuses. */
  private JsonNode shout(JsonNode payload) {
    shouted.add(payload);
    String text = payload.path("text").asText();
    if (payload.path("fail").asBoolean()) {
      throw new IllegalArgumentException("no shouting at " + text);
    }
    return Json.mapper().createObjectNode().put("text", text.toUpperCase(Locale.ROOT) + "!");
  }

  private RunRecord run(String runId) {
    return client.run(runId).orElseThrow();
  }

  private long calls(String operation) {
    return aws.apiCalls().getOrDefault(operation, 0L);
  }

  @Test
  void durableTimer_approvalWithoutDecision_timesOutAfterADayOnASchedule() throws Exception {
    String runId = client.start("approval", LAPTOP, "approval-timeout");
    aws.awaitIdle();
    meter.step("start, notify the approver, wait");

    int timerCall =
        client.history(runId).stream()
            .filter(HistoryEvent.TimerStarted.class::isInstance)
            .mapToInt(e -> ((HistoryEvent.TimerStarted) e).callId())
            .findFirst()
            .orElseThrow();
    CreateScheduleRequest schedule = aws.scheduler().schedules().get(0);
    assertThat(aws.scheduler().schedules()).hasSize(1);
    assertThat(schedule.name()).isEqualTo(runId + "-c" + timerCall + "-a1");
    assertThat(schedule.groupName()).isEqualTo(Testbed.SCHEDULE_GROUP);
    assertThat(schedule.scheduleExpression()).isEqualTo("at(2026-06-02T09:00:00)");
    assertThat(schedule.scheduleExpressionTimezone()).isEqualTo("UTC");
    assertThat(schedule.flexibleTimeWindow().mode()).isEqualTo(FlexibleTimeWindowMode.OFF);
    assertThat(schedule.actionAfterCompletion()).isEqualTo(ActionAfterCompletion.DELETE);
    assertThat(schedule.target().arn()).isEqualTo(aws.bus().arn());
    assertThat(schedule.target().roleArn()).isEqualTo(Testbed.SCHEDULER_ROLE);
    assertThat(schedule.target().eventBridgeParameters().detailType())
        .isEqualTo(EngineEvents.TIMER_FIRED);
    Event timerEvent = EventCodec.fromJson(schedule.target().input());
    assertThat(timerEvent.runId()).contains(runId);
    assertThat(timerEvent.callId()).contains(timerCall);

    aws.orchestratorEngine().orchestrator().recover(runId);
    assertThat(aws.scheduler().schedules()).as("scheduling again is harmless").hasSize(1);
    assertThat(calls("scheduler:CreateSchedule")).isEqualTo(2);
    meter.step("recover: the timer is scheduled again");

    aws.advanceTime(Approval.DEADLINE.minusMinutes(1));
    assertThat(run(runId).status()).isEqualTo(RunStatus.RUNNING);
    meter.step("a day less a minute passes");
    aws.advanceTime(Duration.ofMinutes(1));
    meter.step("the schedule fires");

    RunRecord run = run(runId);
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.result().asText()).isEqualTo("TIMED_OUT: no decision on 'laptop' within PT24H");
    assertThat(run.updatedAt()).isEqualTo(START.plus(Approval.DEADLINE));
    assertThat(aws.scheduler().fired()).hasSize(1);
    assertThat(aws.scheduler().schedules()).as("deleted after it fired").isEmpty();
    assertThat(client.deadLetters(10)).isEmpty();
    meter.print("approval timing out after a day");
  }

  @Test
  void externalEvent_approvalApprovedBySignal_completesAndDeletesItsTimer() throws Exception {
    String runId = client.start("approval", LAPTOP, "approval-signal");
    aws.awaitIdle();
    meter.step("start, notify the approver, wait");

    client.signal(
        runId, "decision", Json.parse("{\"approved\": true, \"by\": \"ana\"}"), "decision-1");
    aws.awaitIdle();
    meter.step("signal: event, trigger, wake, finish");

    assertThat(run(runId).result().asText()).isEqualTo("APPROVED by ana");
    assertThat(aws.scheduler().schedules()).as("the day's timer is deleted").isEmpty();
    assertThat(calls("scheduler:DeleteSchedule")).isEqualTo(1);
    assertThat(client.deadLetters(10)).isEmpty();
    meter.print("approval approved by a signal");
  }

  @Test
  void retries_flakyTask_retriesOnScheduledTimersUntilItSucceeds() throws Exception {
    String runId = client.start("flaky", IntNode.valueOf(3), "flaky-run");
    aws.awaitIdle();
    meter.step("start, attempt 1 fails, retry timer");

    for (int i = 0; i < 10 && !run(runId).status().isTerminal(); i++) {
      aws.advanceTime(Duration.ofMinutes(1));
    }
    meter.step("time passes: retries until attempt 4");

    RunRecord run = run(runId);
    assertThat(run.result().asText()).isEqualTo("succeeded on attempt 4");
    List<HistoryEvent> history = client.history(runId);
    assertThat(history)
        .filteredOn(HistoryEvent.TaskAttemptFailed.class::isInstance)
        .extracting(e -> ((HistoryEvent.TaskAttemptFailed) e).attempt())
        .containsExactly(1, 2, 3);
    assertThat(history)
        .filteredOn(HistoryEvent.TaskRetried.class::isInstance)
        .extracting(e -> ((HistoryEvent.TaskRetried) e).attempt())
        .containsExactly(2, 3, 4);
    assertThat(aws.lambda().executions(Testbed.TASKS)).isEqualTo(4);
    assertThat(aws.scheduler().schedules()).isEmpty();
    assertThat(client.deadLetters(10)).isEmpty();
    meter.print("flaky, three failed attempts");
  }

  @Test
  void childWorkflows_parentGetsAChildsResultAndAFailedChildsError() throws Exception {
    String runId = client.start("parent", IntNode.valueOf(0), "parent-run");
    aws.awaitIdle();
    meter.step("parent, child, failing child");

    assertThat(run(runId).result().asText())
        .isEqualTo("8 / " + IllegalArgumentException.class.getName());
    List<String> children =
        client.history(runId).stream()
            .filter(HistoryEvent.ChildStarted.class::isInstance)
            .map(e -> ((HistoryEvent.ChildStarted) e).childRunId())
            .toList();
    assertThat(children).hasSize(2);
    assertThat(run(children.get(0)).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run(children.get(0)).parentRunId()).isEqualTo(runId);
    assertThat(run(children.get(1)).status()).isEqualTo(RunStatus.FAILED);
    assertThat(client.deadLetters(10)).isEmpty();
    meter.print("parent with two children");
  }

  @Test
  void continueAsNew_countdown_startsFreshRunsUntilItEnds() throws Exception {
    String runId = client.start("countdown", IntNode.valueOf(3), "countdown-run");
    aws.awaitIdle();
    meter.step("three generations");

    assertThat(run(runId).status()).isEqualTo(RunStatus.CONTINUED_AS_NEW);
    assertThat(run(runId).result().get("continuedAs").asText()).isEqualTo(runId + "-n2");
    assertThat(run(runId + "-n2").status()).isEqualTo(RunStatus.CONTINUED_AS_NEW);
    RunRecord last = run(runId + "-n3");
    assertThat(last.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(last.result().asInt()).isZero();
    assertThat(client.history(runId + "-n3")).hasSizeLessThan(10);
    assertThat(client.deadLetters(10)).isEmpty();
    meter.print("countdown, continued as new twice");
  }

  @Test
  void billingExample_childRunsPacingTimersAndContinueAsNew_billEveryCustomer() throws Exception {
    String runId = client.start("billing", Json.parse("{\"pages\": 2}"), "billing-run");
    aws.awaitIdle();
    meter.step("page 0: child run, its map, the pacing timer");

    String last = runId + "-n3";
    for (int i = 0; i < 10 && !finished(last); i++) {
      aws.advanceTime(Billing.PACE);
    }
    meter.step("time passes: page 1, then the total");

    long expected = 0;
    for (int customer = 0; customer < 2 * BillPage.PAGE_SIZE; customer++) {
      expected += Charge.amountOf(customer);
    }
    assertThat(run(last).status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run(last).result().asLong()).isEqualTo(expected);
    assertThat(run(runId).status()).isEqualTo(RunStatus.CONTINUED_AS_NEW);
    assertThat(run(runId + "-n2").status()).isEqualTo(RunStatus.CONTINUED_AS_NEW);
    assertThat(run(runId + "-c1").parentRunId()).isEqualTo(runId);
    assertThat(run(runId + "-n2-c1").status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(aws.scheduler().schedules()).isEmpty();
    assertThat(client.deadLetters(10)).isEmpty();
    meter.print("billing, two pages");
  }

  private boolean finished(String runId) {
    return client.run(runId).map(r -> r.status().isTerminal()).orElse(false);
  }

  @Test
  void terminate_removesTheTimersSchedule_andALateEventIsIgnoredWithALogLine() throws Exception {
    String runId = client.start("approval", LAPTOP, "approval-terminated");
    aws.awaitIdle();
    assertThat(aws.scheduler().schedules()).hasSize(1);
    Event timer = EventCodec.fromJson(aws.scheduler().schedules().get(0).target().input());
    meter.step("start, notify the approver, wait");

    client.terminate(runId, "no longer needed");
    aws.awaitIdle();
    meter.step("terminate: event, wake, clean up");

    RunRecord run = run(runId);
    assertThat(run.status()).isEqualTo(RunStatus.TERMINATED);
    assertThat(run.errorMessage()).isEqualTo("no longer needed");
    assertThat(aws.stores().triggers().list(runId)).isEmpty();
    assertThat(aws.scheduler().schedules()).isEmpty();
    assertThat(calls("scheduler:DeleteSchedule")).isEqualTo(1);

    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger processorLog = (Logger) LoggerFactory.getLogger(TriggerProcessor.class);
    logs.start();
    processorLog.addAppender(logs);
    JsonNode out;
    try {
      out =
          Invoke.handler(
              new TriggerHandler(aws.triggerEngine()), EventCodec.toEnvelope(timer).toString());
    } finally {
      processorLog.detachAppender(logs);
    }
    client.signal(runId, "decision", Json.parse("{\"approved\": true, \"by\": \"bo\"}"), null);
    aws.awaitIdle();
    meter.step("a late timer and a late signal");

    assertThat(out.path("ignored").asInt()).isEqualTo(1);
    assertThat(logs.list)
        .anySatisfy(
            e -> {
              assertThat(e.getMessage()).startsWith("ignoring event");
              assertThat(e.getFormattedMessage()).contains(runId).contains("TERMINATED");
            });
    assertThat(run(runId).status()).isEqualTo(RunStatus.TERMINATED);
    assertThat(client.deadLetters(10)).isEmpty();
    meter.print("approval terminated");
  }

  @Test
  void nativeDag_runsOnTriggersAlone_withoutAnyOrchestratorInvocation() throws Exception {
    try (AwsWorkflowClient nativeClient =
        AwsWorkflowClient.builder()
            .deployment(aws.names())
            .clients(aws.clients())
            .registry(new FeatureRegistry().registry())
            .taskFunctions(TaskFunctions.of(Map.of(), Testbed.TASKS))
            .build()) {
      String runId = nativeClient.start("dag", IntNode.valueOf(1), "dag-run");
      aws.awaitIdle();
      meter.step("A, then B and C, join, D");

      RunRecord run = run(runId);
      assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(run.result().asInt()).isEqualTo(10);
      assertThat(aws.lambda().invokes(Testbed.ORCHESTRATOR)).as("orchestrator wakes").isZero();
      assertThat(aws.lambda().executions(Testbed.TASKS)).isEqualTo(4);
      assertThat(client.history(runId)).isEmpty();
      assertThat(aws.stores().triggers().list(runId)).isEmpty();
      assertThat(client.deadLetters(10)).isEmpty();
      meter.print("native dag");
    }
  }

  @Test
  void foreignTask_plainFunctionsResultAndErrorComeBackThroughDestinations() throws Exception {
    String ok = client.start("foreign", Json.parse("{\"text\": \"hello\"}"), "foreign-ok");
    aws.awaitIdle();
    meter.step("call a foreign function that succeeds");
    String failing =
        client.start("foreign", Json.parse("{\"text\": \"hi\", \"fail\": true}"), "foreign-bad");
    aws.awaitIdle();
    meter.step("call a foreign function that throws");

    assertThat(run(ok).result().asText()).isEqualTo("HELLO!");
    assertThat(run(failing).result().asText())
        .isEqualTo("FAILED java.lang.IllegalArgumentException: no shouting at hi");
    JsonNode first = shouted.get(0);
    assertThat(first.path("text").asText()).isEqualTo("hello");
    assertThat(first.path(LambdaDestinations.FIELD).path("runId").asText()).isEqualTo(ok);
    assertThat(first.path(LambdaDestinations.FIELD).path("callId").asInt()).isEqualTo(1);
    assertThat(aws.lambda().executions(SHOUT_FUNCTION))
        .as("1 + 3 with Lambda's retries")
        .isEqualTo(4);
    assertThat(aws.bus().accepted())
        .filteredOn(e -> LambdaDestinations.SOURCE.equals(e.path("source").asText()))
        .extracting(e -> e.path("detail-type").asText())
        .containsExactlyInAnyOrder(LambdaDestinations.SUCCESS, LambdaDestinations.FAILURE);
    assertThat(client.deadLetters(10)).isEmpty();
    meter.print("foreign task, a success and a failure");
  }

  @Test
  void crashingTaskFunction_failsItsCallThroughItsFailureRecordInsteadOfHanging() throws Exception {
    String runId = client.start("crash", IntNode.valueOf(7), "crash-run");
    aws.awaitIdle();
    meter.step("task function times out three times");

    String result = run(runId).result().asText();
    assertThat(result)
        .startsWith("FAILED Sandbox.Timedout: RequestId: ")
        .endsWith("Task timed out after 60.00 seconds");
    assertThat(aws.lambda().executions(CRASHY_FUNCTION)).isEqualTo(3);
    assertThat(client.deadLetters(10)).isEmpty();
    meter.print("crashing task function");
  }
}

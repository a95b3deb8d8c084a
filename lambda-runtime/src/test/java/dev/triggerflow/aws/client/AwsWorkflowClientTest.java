package dev.triggerflow.aws.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.triggerflow.aws.fakes.Testbed;
import dev.triggerflow.client.ClientException;
import dev.triggerflow.client.RunExistsException;
import dev.triggerflow.client.UnknownRunException;
import dev.triggerflow.client.UnknownWorkflowException;
import dev.triggerflow.deployment.AwsContract;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;

class AwsWorkflowClientTest {

  @Test
  void start_withRegistry_runsTheWorkflowToItsResult() throws Exception {
    try (Testbed aws = Testbed.builder().build();
        AwsWorkflowClient client = aws.client(true)) {

      String runId = client.start("sequence", new IntNode(1), null);
      RunRecord run = client.awaitCompletion(runId, Duration.ofSeconds(30), Duration.ofMillis(20));

      assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(client.result(runId)).contains(new IntNode(7));
      assertThat(client.history(runId)).isNotEmpty();
      assertThat(client.list(dev.triggerflow.spi.RunQuery.all(10)).runs())
          .extracting(RunRecord::runId)
          .contains(runId);
    }
  }

  @Test
  void start_withoutRegistry_asksTheOrchestratorFunction() throws Exception {
    try (Testbed aws = Testbed.builder().build();
        AwsWorkflowClient client = aws.client(false)) {

      String runId = client.start("sequence", null, "via-lambda");
      aws.awaitIdle();

      assertThat(runId).isEqualTo("via-lambda");
      assertThat(client.run(runId).orElseThrow().result().asInt()).isEqualTo(6);
    }
  }

  @Test
  void start_withoutRegistry_unknownWorkflow_reportsTheFunctionsError() {
    try (Testbed aws = Testbed.builder().build();
        AwsWorkflowClient client = aws.client(false)) {

      assertThatThrownBy(() -> client.start("nope", null, null))
          .isInstanceOf(ClientException.class)
          .hasMessageContaining(UnknownWorkflowException.class.getName())
          .hasMessageContaining("no workflow named 'nope'");
    }
  }

  @Test
  void start_withoutRegistry_existingRunId_throwsRunExists() throws Exception {
    try (Testbed aws = Testbed.builder().build();
        AwsWorkflowClient client = aws.client(false)) {
      client.start("sequence", new IntNode(1), "taken");
      aws.awaitIdle();

      assertThatThrownBy(() -> client.start("sequence", new IntNode(2), "taken"))
          .isInstanceOf(RunExistsException.class);
    }
  }

  @Test
  void signal_putsAnExternalEventForTheRunOnTheBus() {
    try (Testbed aws = Testbed.builder().build();
        AwsWorkflowClient client = aws.client(true)) {
      aws.lambda().hold(Testbed.ORCHESTRATOR);
      client.start("sequence", null, "signalled");

      client.signal("signalled", "approved", new IntNode(1), "approval-1");

      JsonNode event = aws.bus().accepted().get(0);
      assertThat(event.path("detail-type").asText()).isEqualTo(EngineEvents.EXTERNAL_EVENT);
      assertThat(event.path("detail").path("id").asText()).isEqualTo("approval-1");
      assertThat(event.path("detail").path("data").path("name").asText()).isEqualTo("approved");
    }
  }

  @Test
  void signalAndTerminate_unknownRun_throw() {
    try (Testbed aws = Testbed.builder().build();
        AwsWorkflowClient client = aws.client(true)) {

      assertThatThrownBy(() -> client.signal("nobody", "e", null, null))
          .isInstanceOf(UnknownRunException.class);
      assertThatThrownBy(() -> client.terminate("nobody", "why"))
          .isInstanceOf(UnknownRunException.class);
      assertThat(aws.bus().requests()).isEmpty();
    }
  }

  @Test
  void wake_runWhoseStarterStoppedBeforeItsFirstWake_goesOnToItsResult() throws Exception {
    try (Testbed aws = Testbed.builder().build();
        AwsWorkflowClient client = aws.client(true)) {
      // What a starter leaves when it stops between creating the run and waking it.
      aws.stores()
          .runs()
          .create(RunRecord.started("orphan", "sequence", new IntNode(0), aws.clock().now()));
      aws.awaitIdle();
      assertThat(client.run("orphan").orElseThrow().episodes()).isZero();

      client.wake("orphan");
      RunRecord run =
          client.awaitCompletion("orphan", Duration.ofSeconds(30), Duration.ofMillis(20));

      assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(run.result().asInt()).isEqualTo(6);
    }
  }

  @Test
  void wake_runThatHasFinished_isRefusedAndUnknownRunIsNamed() throws Exception {
    try (Testbed aws = Testbed.builder().build();
        AwsWorkflowClient client = aws.client(true)) {
      String runId = client.start("sequence", null, "done");
      client.awaitCompletion(runId, Duration.ofSeconds(30), Duration.ofMillis(20));
      aws.awaitIdle();
      int wakes = aws.lambda().invokes(Testbed.ORCHESTRATOR);

      assertThatThrownBy(() -> client.wake("done"))
          .isInstanceOf(ClientException.class)
          .hasMessage("run 'done' has finished (COMPLETED); there is nothing to wake");
      assertThatThrownBy(() -> client.wake("nobody")).isInstanceOf(UnknownRunException.class);
      assertThat(aws.lambda().invokes(Testbed.ORCHESTRATOR)).isEqualTo(wakes);
    }
  }

  @Test
  void terminate_putsTheRequestOnTheBus() {
    try (Testbed aws = Testbed.builder().build();
        AwsWorkflowClient client = aws.client(true)) {
      aws.lambda().hold(Testbed.ORCHESTRATOR);
      client.start("sequence", null, "doomed");

      client.terminate("doomed", "not needed");

      assertThat(aws.bus().accepted())
          .singleElement()
          .satisfies(
              e ->
                  assertThat(e.path("detail-type").asText())
                      .isEqualTo(EngineEvents.TERMINATE_REQUESTED));
    }
  }

  @Test
  void stack_outputsNameTheDeployment() {
    try (Testbed aws = Testbed.builder().build();
        AwsWorkflowClient client =
            AwsWorkflowClient.builder()
                .stack("tf-stack")
                .cloudFormation(new FakeCloudFormation(outputs(aws.names())))
                .clients(
                    dev.triggerflow.aws.config.AwsClients.builder()
                        .lambda(aws.lambda())
                        .eventBridge(aws.bus())
                        .s3(aws.s3())
                        .build())
                .stores(aws.stores())
                .build()) {

      assertThat(client.deployment()).isEqualTo(aws.names());
    }
  }

  @Test
  void stack_missingOutputs_areNamed() {
    Map<String, String> outputs = outputs(Testbed.builder().build().names());
    outputs.remove(AwsContract.OUTPUT_RUNS_TABLE);
    outputs.remove(AwsContract.OUTPUT_ORCHESTRATOR_FUNCTION);

    assertThatThrownBy(
            () ->
                AwsWorkflowClient.builder()
                    .stack("tf-stack")
                    .cloudFormation(new FakeCloudFormation(outputs))
                    .build())
        .isInstanceOf(ClientException.class)
        .hasMessageContaining(AwsContract.OUTPUT_RUNS_TABLE)
        .hasMessageContaining(AwsContract.OUTPUT_ORCHESTRATOR_FUNCTION);
  }

  @Test
  void stack_thatDoesNotExist_isReportedWithAHint() {
    assertThatThrownBy(
            () ->
                AwsWorkflowClient.builder()
                    .stack("missing")
                    .cloudFormation(new FakeCloudFormation(null))
                    .build())
        .isInstanceOf(ClientException.class)
        .hasMessageContaining("cannot read stack 'missing'")
        .hasMessageContaining("does not exist");
  }

  private static Map<String, String> outputs(DeploymentNames names) {
    Map<String, String> out = new HashMap<>();
    out.put(AwsContract.OUTPUT_EVENT_BUS, names.eventBus());
    out.put(AwsContract.OUTPUT_RUNS_TABLE, names.runsTable());
    out.put(AwsContract.OUTPUT_HISTORY_TABLE, names.historyTable());
    out.put(AwsContract.OUTPUT_TRIGGERS_TABLE, names.triggersTable());
    out.put(AwsContract.OUTPUT_DEAD_LETTER_TABLE, names.deadLetterTable());
    out.put(AwsContract.OUTPUT_ORCHESTRATOR_FUNCTION, names.orchestratorFunction());
    out.put(AwsContract.OUTPUT_PAYLOAD_BUCKET, names.payloadBucket());
    return out;
  }

  /** CloudFormation with one stack, or none. */
  private static final class FakeCloudFormation implements CloudFormationClient {
    private final Map<String, String> outputs;

    FakeCloudFormation(Map<String, String> outputs) {
      this.outputs = outputs;
    }

    @Override
    public DescribeStacksResponse describeStacks(DescribeStacksRequest request) {
      if (outputs == null) {
        String message = "Stack with id " + request.stackName() + " does not exist";
        throw (CloudFormationException)
            CloudFormationException.builder()
                .statusCode(400)
                .message(message)
                .awsErrorDetails(
                    AwsErrorDetails.builder()
                        .errorCode("ValidationError")
                        .errorMessage(message)
                        .build())
                .build();
      }
      List<Output> list =
          outputs.entrySet().stream()
              .map(e -> Output.builder().outputKey(e.getKey()).outputValue(e.getValue()).build())
              .toList();
      return DescribeStacksResponse.builder()
          .stacks(Stack.builder().stackName(request.stackName()).outputs(list).build())
          .build();
    }

    @Override
    public String serviceName() {
      return SERVICE_NAME;
    }

    @Override
    public void close() {}
  }
}

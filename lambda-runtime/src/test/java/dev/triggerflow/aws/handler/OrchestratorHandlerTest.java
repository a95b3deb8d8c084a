package dev.triggerflow.aws.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.triggerflow.aws.config.LambdaEngine;
import dev.triggerflow.aws.config.LambdaSettings;
import dev.triggerflow.aws.config.RegistryLoader;
import dev.triggerflow.aws.fakes.Invoke;
import dev.triggerflow.aws.fakes.Testbed;
import dev.triggerflow.client.RunExistsException;
import dev.triggerflow.client.UnknownWorkflowException;
import dev.triggerflow.spi.RunRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OrchestratorHandlerTest {
  private final Testbed aws = Testbed.builder().build();
  private final OrchestratorHandler handler = new OrchestratorHandler(engine());

  private LambdaEngine engine() {
    return LambdaEngine.builder()
        .settings(LambdaSettings.fromEnvironment(aws.environment()))
        .clients(
            dev.triggerflow.aws.config.AwsClients.builder()
                .lambda(aws.lambda())
                .eventBridge(aws.bus())
                .s3(aws.s3())
                .build())
        .registry(RegistryLoader.fromEnvironment(aws.environment()))
        .stores(aws.stores())
        .build();
  }

  @AfterEach
  void stop() {
    aws.close();
  }

  @Test
  void wake_runsTheFirstEpisodeAndStartsTheFirstCall() throws Exception {
    aws.lambda().hold(Testbed.TASKS);
    aws.stores()
        .runs()
        .create(RunRecord.started("run-w", "sequence", null, java.time.Instant.now()));

    JsonNode out = Invoke.handler(handler, "{\"runId\": \"run-w\"}");

    assertThat(out.path("outcome").asText()).isEqualTo("DONE");
    assertThat(aws.lambda().invokes(Testbed.TASKS)).isEqualTo(1);
    assertThat(aws.stores().runs().get("run-w").orElseThrow().episodes()).isEqualTo(1);
  }

  @Test
  void wake_unknownRun_saysSoWithoutFailing() throws Exception {
    JsonNode out = Invoke.handler(handler, "{\"runId\": \"nobody\"}");

    assertThat(out.path("outcome").asText()).isEqualTo("NOT_FOUND");
  }

  @Test
  void start_createsTheRunAndWakesItAsynchronously() throws Exception {
    aws.lambda().hold(Testbed.ORCHESTRATOR);

    JsonNode out =
        Invoke.handler(
            handler, "{\"start\": {\"workflow\": \"sequence\", \"input\": 1, \"runId\": \"s-1\"}}");

    assertThat(out.path("runId").asText()).isEqualTo("s-1");
    assertThat(out.path("started").asBoolean()).isTrue();
    RunRecord run = aws.stores().runs().get("s-1").orElseThrow();
    assertThat(run.workflow()).isEqualTo("sequence");
    assertThat(run.input()).isEqualTo(new IntNode(1));
    assertThat(aws.lambda().invokes(Testbed.ORCHESTRATOR)).isEqualTo(1);
  }

  @Test
  void start_withoutRunId_choosesOne() throws Exception {
    aws.lambda().hold(Testbed.ORCHESTRATOR);

    JsonNode out = Invoke.handler(handler, "{\"start\": {\"workflow\": \"sequence\"}}");

    assertThat(out.path("runId").asText()).startsWith("sequence-");
    assertThat(aws.stores().runs().get(out.path("runId").asText())).isPresent();
  }

  @Test
  void start_sameRequestAgain_wakesTheRunAgainInsteadOfFailing() throws Exception {
    aws.lambda().hold(Testbed.ORCHESTRATOR);
    String request = "{\"start\": {\"workflow\": \"sequence\", \"input\": 1, \"runId\": \"s-2\"}}";
    Invoke.handler(handler, request);

    JsonNode again = Invoke.handler(handler, request);

    assertThat(again.path("runId").asText()).isEqualTo("s-2");
    assertThat(again.path("started").asBoolean()).isFalse();
    assertThat(aws.lambda().invokes(Testbed.ORCHESTRATOR)).isEqualTo(2);
  }

  @Test
  void start_otherRequestUnderAnExistingId_fails() throws Exception {
    aws.lambda().hold(Testbed.ORCHESTRATOR);
    Invoke.handler(
        handler, "{\"start\": {\"workflow\": \"sequence\", \"input\": 1, \"runId\": \"s-3\"}}");

    assertThatThrownBy(
            () ->
                Invoke.handler(
                    handler,
                    "{\"start\": {\"workflow\": \"sequence\", \"input\": 2, \"runId\": \"s-3\"}}"))
        .isInstanceOf(RunExistsException.class);
  }

  @Test
  void start_unknownWorkflow_failsNamingTheKnownOnes() {
    assertThatThrownBy(() -> Invoke.handler(handler, "{\"start\": {\"workflow\": \"nope\"}}"))
        .isInstanceOf(UnknownWorkflowException.class)
        .hasMessageContaining("sequence");
  }

  @Test
  void requestThatIsNotJson_failsSayingWhatIsExpected() {
    assertThatThrownBy(() -> Invoke.handler(handler, "wake up"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("not JSON")
        .hasMessageContaining("runId");
  }

  @Test
  void requestWithNeitherRunIdNorStart_fails() {
    assertThatThrownBy(() -> Invoke.handler(handler, "{\"run\": \"x\"}"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("neither 'runId' nor 'start'");
  }

  @Test
  void wakeWithAnInvalidRunId_fails() {
    assertThatThrownBy(() -> Invoke.handler(handler, "{\"runId\": \"a b\"}"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("run id");
  }
}

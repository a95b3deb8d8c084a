package dev.triggerflow.aws.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.aws.client.AwsWorkflowClient;
import dev.triggerflow.aws.fakes.FeatureRegistry;
import dev.triggerflow.aws.fakes.Testbed;
import dev.triggerflow.deployment.AwsContract;
import dev.triggerflow.examples.approval.Approval;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;

/**
 * Which bus a durable timer's schedule targets: the ARN the deployment names, or one derived from
 * the orchestrator's ARN when it names none.
 */
class TimerTargetEndToEndTest {
  private static final Instant START = Instant.parse("2026-06-01T09:00:00Z");
  private static final String BUS_ARN =
      "arn:aws:events:us-east-1:123456789012:event-bus/" + Testbed.BUS;
  private static final JsonNode LAPTOP = Json.parse("{\"request\": \"laptop\", \"amount\": 900}");

  @Test
  void timer_withTheBusArnInTheEnvironment_targetsIt_thoughTheOrchestratorIsNamedByName()
      throws Exception {
    try (Testbed aws = approvalTestbed(true, Testbed.ORCHESTRATOR);
        AwsWorkflowClient client = aws.client(true)) {

      String runId = client.start("approval", LAPTOP, "timer-target-named");
      aws.awaitIdle();
      CreateScheduleRequest schedule = aws.scheduler().schedules().get(0);
      aws.advanceTime(Approval.DEADLINE);

      assertThat(schedule.target().arn()).isEqualTo(aws.bus().arn());
      assertTimedOut(client, runId);
    }
  }

  @Test
  void timer_withoutTheBusArn_targetsTheBusInTheOrchestratorsAccountAndRegion() throws Exception {
    try (Testbed aws = approvalTestbed(false, Testbed.ORCHESTRATOR_ARN);
        AwsWorkflowClient client = aws.client(true)) {

      String runId = client.start("approval", LAPTOP, "timer-target-derived");
      aws.awaitIdle();
      CreateScheduleRequest schedule = aws.scheduler().schedules().get(0);
      aws.advanceTime(Approval.DEADLINE);

      assertThat(schedule.target().arn())
          .isEqualTo("arn:aws:events:us-east-1:123456789012:event-bus/" + Testbed.BUS);
      assertTimedOut(client, runId);
    }
  }

  @Test
  void timer_withoutTheBusArn_andTheOrchestratorNamedByName_schedulesNothing_namingTheVariable()
      throws Exception {
    try (Testbed aws = approvalTestbed(false, Testbed.ORCHESTRATOR);
        AwsWorkflowClient client = aws.client(true)) {

      String runId = client.start("approval", LAPTOP, "timer-target-unknown");
      aws.awaitIdle();

      assertThat(aws.scheduler().schedules()).isEmpty();
      assertThat(aws.lambda().handlerErrors())
          .isNotEmpty()
          .allSatisfy(e -> assertThat(e).hasMessageContaining(AwsContract.ENV_EVENT_BUS_ARN));
      assertThat(client.run(runId).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
    }
  }

  private static void assertTimedOut(AwsWorkflowClient client, String runId) {
    RunRecord run = client.run(runId).orElseThrow();
    assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(run.result().asText()).startsWith("TIMED_OUT");
  }

  /**
   * A deployment that names the bus's ARN to its functions, or leaves it blank, and names the
   * orchestrator as given: by ARN, as the CDK construct does, or by name only, from which no ARN
   * can be derived.
   */
  private static Testbed approvalTestbed(boolean withBusArn, String orchestrator) {
    return Testbed.builder()
        .registryProvider(FeatureRegistry.class)
        .manualClock(START)
        .env(AwsContract.ENV_ORCHESTRATOR_FUNCTION, orchestrator)
        .env(AwsContract.ENV_EVENT_BUS_ARN, withBusArn ? BUS_ARN : "")
        .build();
  }
}

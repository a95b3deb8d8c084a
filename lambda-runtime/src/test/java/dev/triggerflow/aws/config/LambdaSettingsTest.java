package dev.triggerflow.aws.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triggerflow.deployment.AwsContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LambdaSettingsTest {

  @Test
  void nothingSet_givesTheDefaults() {
    LambdaSettings s = LambdaSettings.fromEnvironment(Map.of());

    assertThat(s.payloadThresholdBytes()).isEqualTo(64 * 1024);
    assertThat(s.payloadBucket()).isNull();
    assertThat(s.taskFunctions().functionFor("any")).isEmpty();
  }

  @Test
  void variables_areRead() {
    LambdaSettings s =
        LambdaSettings.fromEnvironment(
            Map.of(
                AwsContract.ENV_EVENT_BUS,
                "bus",
                AwsContract.ENV_ORCHESTRATOR_FUNCTION,
                "orch",
                AwsContract.ENV_TASK_FUNCTIONS,
                "a=fa",
                AwsContract.ENV_DEFAULT_TASK_FUNCTION,
                "fd",
                AwsContract.ENV_PAYLOAD_BUCKET,
                "bucket",
                AwsContract.ENV_PAYLOAD_THRESHOLD_BYTES,
                "1000",
                "AWS_REGION",
                "eu-west-1"));

    assertThat(s.eventBus()).isEqualTo("bus");
    assertThat(s.orchestratorFunction()).isEqualTo("orch");
    assertThat(s.taskFunctions().functionFor("a")).contains("fa");
    assertThat(s.taskFunctions().functionFor("b")).contains("fd");
    assertThat(s.payloadBucket()).isEqualTo("bucket");
    assertThat(s.payloadThresholdBytes()).isEqualTo(1000);
    assertThat(s.region()).contains("eu-west-1");
  }

  @Test
  void eventBusArn_whenSet_isRead_andWhenUnset_isEmpty() {
    String arn = "arn:aws:events:eu-west-1:123456789012:event-bus/tf-bus";

    LambdaSettings set = LambdaSettings.fromEnvironment(Map.of(AwsContract.ENV_EVENT_BUS_ARN, arn));
    LambdaSettings unset = LambdaSettings.fromEnvironment(Map.of(AwsContract.ENV_EVENT_BUS, "b"));

    assertThat(set.eventBusArn()).contains(arn);
    assertThat(unset.eventBusArn()).isEmpty();
  }

  @Test
  void eventBusArn_thatIsNotABusArn_namesTheVariable() {
    for (String bad :
        List.of("tf-bus", "arn:aws:lambda:eu-west-1:123456789012:function:f", "arn:aws:events")) {
      LambdaSettings s = LambdaSettings.fromEnvironment(Map.of(AwsContract.ENV_EVENT_BUS_ARN, bad));

      assertThatThrownBy(s::eventBusArn)
          .as(bad)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining(AwsContract.ENV_EVENT_BUS_ARN)
          .hasMessageContaining("'" + bad + "'");
    }
  }

  @Test
  void thresholdNotANumber_namesTheVariable() {
    assertThatThrownBy(
            () ->
                LambdaSettings.fromEnvironment(
                    Map.of(AwsContract.ENV_PAYLOAD_THRESHOLD_BYTES, "64k")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(AwsContract.ENV_PAYLOAD_THRESHOLD_BYTES)
        .hasMessageContaining("'64k'");
  }

  @Test
  void thresholdTooLargeForTheBus_isRefused() {
    assertThatThrownBy(
            () ->
                LambdaSettings.fromEnvironment(
                    Map.of(AwsContract.ENV_PAYLOAD_THRESHOLD_BYTES, "262144")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("between 1 and");
  }

  @Test
  void malformedTaskFunctions_isAConfigurationError() {
    assertThatThrownBy(
            () -> LambdaSettings.fromEnvironment(Map.of(AwsContract.ENV_TASK_FUNCTIONS, "a")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(AwsContract.ENV_TASK_FUNCTIONS);
  }

  @Test
  void require_missingVariable_namesItAndWhatNeedsIt() {
    LambdaSettings s = LambdaSettings.fromEnvironment(Map.of());

    assertThatThrownBy(() -> s.require(AwsContract.ENV_EVENT_BUS, "publishing events"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(AwsContract.ENV_EVENT_BUS)
        .hasMessageContaining("publishing events");
  }
}

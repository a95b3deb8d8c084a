package dev.triggerflow.aws.handler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.triggerflow.aws.fakes.Invoke;
import dev.triggerflow.aws.fakes.Testbed;
import dev.triggerflow.aws.lambda.InvocationPayloads;
import dev.triggerflow.deployment.AwsContract;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.spi.PayloadStore;
import dev.triggerflow.spi.TaskInvocation;
import org.junit.jupiter.api.Test;

class TaskHandlerTest {

  private static String task(String name, JsonNode input) {
    return InvocationPayloads.task(new TaskInvocation("run-t", name, 2, 2, 1, input));
  }

  @Test
  void task_runsAndPublishesItsResult() throws Exception {
    try (Testbed aws = Testbed.builder().build()) {
      TaskHandler handler = new TaskHandler(aws.taskEngine());

      JsonNode out = Invoke.handler(handler, task("my_function", new IntNode(3)));

      assertThat(out.path("type").asText()).isEqualTo(EngineEvents.TASK_SUCCEEDED);
      JsonNode event = aws.bus().accepted().get(0);
      assertThat(event.path("detail-type").asText()).isEqualTo(EngineEvents.TASK_SUCCEEDED);
      assertThat(event.path("detail").path("id").asText())
          .isEqualTo(EngineEvents.taskResultId("run-t", 2, 1));
      assertThat(event.path("detail").path("data").path("result").asInt()).isEqualTo(6);
    }
  }

  @Test
  void taskThatThrows_publishesTheFailureAndTheInvocationSucceeds() throws Exception {
    try (Testbed aws = Testbed.builder().build()) {
      TaskHandler handler = new TaskHandler(aws.taskEngine());

      JsonNode out = Invoke.handler(handler, task("reverse", null));

      assertThat(out.path("type").asText()).isEqualTo(EngineEvents.TASK_FAILED);
      assertThat(aws.bus().accepted().get(0).path("detail").path("data").path("errorType").asText())
          .isEqualTo(NullPointerException.class.getName());
    }
  }

  @Test
  void unknownTask_publishesAFailureNamingTheKnownTasks() throws Exception {
    try (Testbed aws = Testbed.builder().build()) {
      TaskHandler handler = new TaskHandler(aws.taskEngine());

      Invoke.handler(handler, task("no_such_task", null));

      JsonNode data = aws.bus().accepted().get(0).path("detail").path("data");
      assertThat(data.path("errorType").asText()).isEqualTo("TaskNotRegistered");
      assertThat(data.path("message").asText()).contains("my_function");
    }
  }

  @Test
  void payloadThatIsNotATaskInvocation_failsAndPublishesNothing() {
    try (Testbed aws = Testbed.builder().build()) {
      TaskHandler handler = new TaskHandler(aws.taskEngine());

      assertThatThrownBy(() -> Invoke.handler(handler, "{\"runId\": \"r\", \"task\": \"t\"}"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("callId");
      assertThat(aws.bus().requests()).isEmpty();
    }
  }

  @Test
  void largeResult_goesToTheBucketAndTheEventCarriesAReference() throws Exception {
    try (Testbed aws = Testbed.builder().build()) {
      TaskHandler handler = new TaskHandler(aws.taskEngine());
      String text = "xy".repeat(100_000);

      Invoke.handler(handler, task("reverse", new TextNode(text)));

      JsonNode result = aws.bus().accepted().get(0).path("detail").path("data").path("result");
      assertThat(PayloadStore.isReference(result)).isTrue();
      assertThat(aws.taskEngine().payloads().resolve(result).asText())
          .isEqualTo(new StringBuilder(text).reverse().toString());
    }
  }

  @Test
  void resultTooLargeForTheBusWithoutABucket_failsTheCallInsteadOfTruncatingIt() throws Exception {
    try (Testbed aws = Testbed.builder().env(AwsContract.ENV_PAYLOAD_BUCKET, "").build()) {
      TaskHandler handler = new TaskHandler(aws.taskEngine());

      JsonNode out = Invoke.handler(handler, task("reverse", new TextNode("z".repeat(300_000))));

      assertThat(out.path("type").asText()).isEqualTo(EngineEvents.TASK_FAILED);
      JsonNode data = aws.bus().accepted().get(0).path("detail").path("data");
      assertThat(data.path("errorType").asText()).isEqualTo(TaskHandler.RESULT_TOO_LARGE);
      assertThat(data.path("message").asText()).contains("travel by reference");
    }
  }
}

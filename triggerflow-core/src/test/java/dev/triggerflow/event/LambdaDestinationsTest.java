package dev.triggerflow.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.TaskInvocation;
import org.junit.jupiter.api.Test;

class LambdaDestinationsTest {
  private static final TaskInvocation CALL =
      new TaskInvocation("run-1", "resize", 4, 3, 2, Json.parse("{\"key\":\"cat.png\"}"));

  private static ObjectNode record(String detailType, JsonNode request, JsonNode response) {
    ObjectNode envelope = Json.mapper().createObjectNode();
    envelope.put("source", "lambda");
    envelope.put("detail-type", detailType);
    envelope.put("time", "2026-05-01T10:00:00Z");
    ObjectNode detail = envelope.putObject("detail");
    detail.putObject("requestContext").put("condition", "RetriesExhausted");
    detail.set("requestPayload", request);
    if (response != null) {
      detail.set("responsePayload", response);
    }
    return envelope;
  }

  @Test
  void foreignPayload_isTheInputPlusTheCallIds() {
    ObjectNode payload = LambdaDestinations.foreignPayload(CALL);

    assertThat(payload.get("key").asText()).isEqualTo("cat.png");
    assertThat(payload.get("triggerflow").get("runId").asText()).isEqualTo("run-1");
    assertThat(payload.get("triggerflow").get("callId").asInt()).isEqualTo(4);
  }

  @Test
  void foreignPayload_wrapsAnInputThatIsNotAnObject() {
    TaskInvocation scalar = new TaskInvocation("run-1", "t", 1, 1, 1, Json.parse("7"));

    ObjectNode payload = LambdaDestinations.foreignPayload(scalar);

    assertThat(payload.get("input").asInt()).isEqualTo(7);
    assertThat(payload.has("triggerflow")).isTrue();
  }

  @Test
  void successRecord_ofAForeignTask_becomesTheCallsResult() {
    ObjectNode env =
        record(
            LambdaDestinations.SUCCESS,
            LambdaDestinations.foreignPayload(CALL),
            Json.parse("{\"width\":64}"));

    Event e = LambdaDestinations.toTaskResult(env);

    assertThat(e.type()).isEqualTo(EngineEvents.TASK_SUCCEEDED);
    assertThat(e.id()).isEqualTo(EngineEvents.taskResultId("run-1", 4, 2));
    assertThat(e.subject()).isEqualTo(EngineEvents.attemptSubject("run-1", 3, 4, 2));
    assertThat(e.data().get("result").get("width").asInt()).isEqualTo(64);
  }

  @Test
  void failureRecord_ofATaskFunctionThatTimedOut_failsTheCall() {
    ObjectNode request = Json.mapper().createObjectNode();
    request.put("runId", "run-1").put("task", "t").put("callId", 2).put("groupId", 2);
    request.put("attempt", 1);
    ObjectNode env =
        record(
            LambdaDestinations.FAILURE,
            request,
            Json.parse("{\"errorType\":\"Sandbox.Timedout\",\"errorMessage\":\"timed out\"}"));

    Event e = LambdaDestinations.toTaskResult(env);

    assertThat(e.type()).isEqualTo(EngineEvents.TASK_FAILED);
    assertThat(e.data().get("errorType").asText()).isEqualTo("Sandbox.Timedout");
    assertThat(e.data().get("message").asText()).isEqualTo("timed out");
  }

  @Test
  void recordWithoutCallIds_isMalformed() {
    ObjectNode env = record(LambdaDestinations.FAILURE, Json.parse("{\"a\":1}"), null);

    assertThatThrownBy(() -> LambdaDestinations.toTaskResult(env))
        .isInstanceOf(EventCodec.MalformedEventException.class)
        .hasMessageContaining("does not name a run and call");
  }
}

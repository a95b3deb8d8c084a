package dev.triggerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  @TempDir Path dir;

  private record Result(int code, String out, String err) {}

  private Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 2];
    all[0] = "--dir";
    all[1] = dir.toString();
    System.arraycopy(args, 0, all, 2, args.length);
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), all);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void resume_noWaitOrAFinishedRun_areRefusedLocally() {
    String runId = cli("run", "sequence", "--json").out();
    String id = dev.triggerflow.json.Json.parse(runId).get("runId").asText();

    Result noWait = cli("resume", "--no-wait");
    Result finished = cli("resume", id);
    Result unknown = cli("resume", "no-such-run");

    assertThat(noWait.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(noWait.err()).contains("--no-wait is for --target aws");
    assertThat(finished.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(finished.err()).contains("run '" + id + "' has finished (COMPLETED)");
    assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("no run with id 'no-such-run'");
  }

  @Test
  void runSequence_json_completesWithSixAfterThreeOrchestratorInvocations() {
    Result r = cli("run", "sequence", "--json");

    assertThat(r.code()).isEqualTo(ExitCodes.OK);
    JsonNode json = Json.parse(r.out());
    assertThat(json.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(json.get("result").asInt()).isEqualTo(6);
    assertThat(json.get("orchestratorInvocations").asInt()).isEqualTo(3);
    assertThat(json.get("runId").asText()).startsWith("sequence-");
  }

  @Test
  void runPi_json_isCloseToPiAfterTwoOrchestratorInvocations() {
    Result r = cli("run", "pi", "--input", "{\"tasks\": 200}", "--json");

    assertThat(r.code()).isEqualTo(ExitCodes.OK);
    JsonNode json = Json.parse(r.out());
    assertThat(json.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(json.get("result").asDouble()).isCloseTo(Math.PI, within(0.1));
    assertThat(json.get("orchestratorInvocations").asInt()).isEqualTo(2);
  }

  @Test
  void history_afterRunExited_showsTheTimeline() {
    String runId = Json.parse(cli("run", "sequence", "--json").out()).get("runId").asText();

    Result text = cli("history", runId);
    Result json = cli("history", runId, "--json");

    assertThat(text.code()).isEqualTo(ExitCodes.OK);
    assertThat(text.out())
        .contains(
            "run started",
            "call 1 scheduled: my_function(0)",
            "call 1 (my_function) succeeded",
            "trigger g1 fired",
            "orchestrator woke: episode 2",
            "run completed: 6");
    assertThat(Json.parse(json.out()).get("history").get(0).get("kind").asText())
        .isEqualTo("RunStarted");
  }

  @Test
  void history_ofRetriedTask_showsTheFailedAttemptAndTheRetry() {
    String runId =
        Json.parse(cli("run", "flaky", "--input", "1", "--json").out()).get("runId").asText();

    Result text = cli("history", runId);

    assertThat(text.code()).isEqualTo(ExitCodes.OK);
    assertThat(text.out())
        .contains(
            "call 1 scheduled: flaky_task(1), up to 5 attempts",
            "call 1 (flaky_task) attempt 1 FAILED at +",
            ": java.lang.IllegalStateException: attempt 1 failed on purpose; retry at +",
            "call 1 (flaky_task) retried at +",
            "trigger c1a2t fired (join 1/1)",
            "call 1 (flaky_task) succeeded at +",
            "trigger c1a2 fired (join 1/1)",
            "run completed: \"succeeded on attempt 2\"");
  }

  @Test
  void history_ofSignalledRun_showsTheWaitAndTheEvent() {
    String runId =
        cli("start", "approval", "--input", "{\"request\":\"laptop\",\"amount\":9}").out().trim();
    cli("signal", runId, "decision", "{\"approved\": true, \"by\": \"ana\"}", "--json");

    Result text = cli("history", runId);

    assertThat(text.out())
        .contains(
            "call 2 scheduled: a wait for event 'decision'",
            "call 3 scheduled: a timer until +86400.",
            "event 'decision' received at +",
            " (for call 2): {\"approved\":true,\"by\":\"ana\"}",
            "run completed: \"APPROVED by ana\"");
  }

  @Test
  void history_ofChildTimerAndContinueAsNew_showsEachOfThem() {
    String lastRunId =
        Json.parse(cli("run", "billing", "--input", "{\"pages\":1}", "--json").out())
            .get("runId")
            .asText();
    String firstRunId = lastRunId.substring(0, lastRunId.length() - "-n2".length());

    Result text = cli("history", firstRunId);

    assertThat(text.code()).isEqualTo(ExitCodes.OK);
    assertThat(text.out())
        .contains(
            "call 1 scheduled: child workflow 'bill_page' as run " + firstRunId + "-c1, input 0",
            "call 1 (child workflow 'bill_page') succeeded at +",
            "trigger g1 fired (join 1/1)",
            "call 2 scheduled: a timer until +",
            "call 2 (a timer) fired at +",
            "trigger g2 fired (join 1/1)",
            "run continued as new: run " + lastRunId + ", input {\"pages\":1,");
  }

  @Test
  void history_ofTerminatedRun_saysWhy() {
    String runId =
        cli("start", "approval", "--input", "{\"request\":\"x\",\"amount\":1}").out().trim();
    cli("terminate", runId, "--reason", "changed my mind");

    Result text = cli("history", runId);

    assertThat(text.out()).contains("run TERMINATED: changed my mind");
  }

  @Test
  void listAndStatus_showStoredRuns() {
    String runId = Json.parse(cli("run", "sequence", "--json").out()).get("runId").asText();

    Result list = cli("list", "--json");
    Result status = cli("status", runId);

    assertThat(Json.parse(list.out()).get("runs").get(0).get("runId").asText()).isEqualTo(runId);
    assertThat(status.out()).contains(runId, "COMPLETED", "result: 6");
  }

  @Test
  void unknownWorkflow_exitsNonZeroListingKnownOnes_withoutStackTrace() {
    Result r = cli("run", "sequense");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("no workflow named 'sequense'", "pi", "sequence");
    assertThat(r.err()).doesNotContain("\tat ", "Exception");
  }

  @Test
  void malformedInput_saysWhatIsWrong() {
    Result r = cli("run", "pi", "--input", "{tasks: 200");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--input is not valid JSON");
    assertThat(r.err()).doesNotContain("\tat ");
  }

  @Test
  void inputOfTheWrongShape_saysWhatTheWorkflowExpects() {
    Result r = cli("run", "pi", "--input", "{\"tasks\": \"many\"}");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("input of workflow 'pi'", "Pi$Input");
    assertThat(r.err()).doesNotContain("\tat ");
  }

  @Test
  void unknownRunId_saysSo() {
    Result status = cli("status", "no-such-run");
    Result history = cli("history", "no-such-run");

    assertThat(status.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(status.err()).contains("no run with id 'no-such-run'");
    assertThat(history.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(history.err()).doesNotContain("\tat ");
  }

  @Test
  void failingRun_exitsWithRunNotCompleted() {
    Result r = cli("run", "pi", "--input", "{\"tasks\": 0}", "--json");

    assertThat(r.code()).isEqualTo(ExitCodes.RUN_NOT_COMPLETED);
    assertThat(Json.parse(r.out()).get("status").asText()).isEqualTo("FAILED");
    assertThat(Json.parse(r.out()).get("error").get("message").asText())
        .contains("tasks and samplesPerTask must be at least 1");
  }

  @Test
  void startThenSignal_completesTheApprovalAcrossProcesses() {
    Result started = cli("start", "approval", "--input", "{\"request\":\"laptop\",\"amount\":9}");
    String runId = started.out().trim();
    Result waiting = cli("status", runId, "--json");

    Result signalled =
        cli("signal", runId, "decision", "{\"approved\": true, \"by\": \"ana\"}", "--json");

    assertThat(started.code()).isEqualTo(ExitCodes.OK);
    assertThat(Json.parse(waiting.out()).get("status").asText()).isEqualTo("RUNNING");
    assertThat(signalled.code()).isEqualTo(ExitCodes.OK);
    assertThat(Json.parse(signalled.out()).get("result").asText()).isEqualTo("APPROVED by ana");
  }

  @Test
  void terminate_stopsAWaitingRun() {
    String runId =
        cli("start", "approval", "--input", "{\"request\":\"x\",\"amount\":1}").out().trim();

    Result r = cli("terminate", runId, "--reason", "changed my mind", "--json");

    assertThat(r.code()).isEqualTo(ExitCodes.OK);
    assertThat(Json.parse(r.out()).get("status").asText()).isEqualTo("TERMINATED");
    assertThat(Json.parse(r.out()).get("error").get("message").asText())
        .isEqualTo("changed my mind");
  }

  @Test
  void signalToUnknownRun_saysSo() {
    Result r = cli("signal", "nope", "decision", "{}");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("no run with id 'nope'");
  }

  @Test
  void runNativeDag_andRetryingFlakyTask() {
    Result dag = cli("run", "dag", "--input", "1", "--json");
    Result flaky = cli("run", "flaky", "--input", "1", "--json");

    assertThat(Json.parse(dag.out()).get("result").asInt()).isEqualTo(10);
    assertThat(Json.parse(flaky.out()).get("result").asText()).isEqualTo("succeeded on attempt 2");
  }

  @Test
  void runSaga_reportsCompensations() {
    Result r = cli("run", "saga", "--input", "{\"traveller\":\"bo\",\"failAt\":\"hotel\"}");

    assertThat(r.code()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("FAILED booking hotel", "cancelled flight");
  }
}

package dev.triggerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import dev.triggerflow.aws.fakes.Testbed;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.RunRecord;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The CLI with {@code --target aws} against the one-JVM AWS deployment: the real Lambda handlers,
 * the DynamoDB stores on dynalite, and SDK-level fakes of EventBridge, Lambda, S3 and Scheduler.
 */
class CliAwsTest {
  private static Testbed aws;

  @BeforeAll
  static void deploy() {
    aws =
        Testbed.builder()
            .registryProvider(FastExamples.class)
            .manualClock(Instant.parse("2026-06-01T09:00:00Z"))
            .build();
  }

  @AfterAll
  static void undeploy() {
    aws.close();
  }

  private record Result(int code, String out, String err) {
    JsonNode json() {
      return Json.parse(out);
    }
  }

  private static Result cli(String... args) throws InterruptedException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 4];
    all[0] = "--target";
    all[1] = "aws";
    all[2] = "--stack";
    all[3] = "TriggerflowExamples";
    System.arraycopy(args, 0, all, 4, args.length);
    int code =
        Main.run(
            root -> new AwsTarget(aws.client()), new PrintWriter(out), new PrintWriter(err), all);
    aws.awaitIdle();
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void runSequence_onAws_completesWithSixInThreeEpisodes() throws Exception {
    Result r = cli("run", "sequence", "--json");

    assertThat(r.code()).isEqualTo(ExitCodes.OK);
    assertThat(r.json().get("status").asText()).isEqualTo("COMPLETED");
    assertThat(r.json().get("result").asInt()).isEqualTo(6);
    assertThat(r.json().get("orchestratorInvocations").asInt()).isEqualTo(3);
  }

  @Test
  void runPi_onAws_wakesOnceForTheMap() throws Exception {
    Result r = cli("run", "pi", "--input", "{\"tasks\": 20, \"samplesPerTask\": 20000}", "--json");

    assertThat(r.json().get("result").asDouble()).isCloseTo(Math.PI, within(0.1));
    assertThat(r.json().get("orchestratorInvocations").asInt()).isEqualTo(2);
  }

  @Test
  void statusResultHistoryAndList_readTheRun() throws Exception {
    String runId = cli("run", "sequence", "--json").json().get("runId").asText();

    Result status = cli("status", runId, "--json");
    Result result = cli("result", runId);
    Result history = cli("history", runId);
    Result list = cli("list", "--workflow", "sequence", "--json");

    assertThat(status.json().get("status").asText()).isEqualTo("COMPLETED");
    assertThat(result.out().trim()).isEqualTo("6");
    assertThat(history.out()).contains("call 1 scheduled: my_function(0)", "run completed: 6");
    assertThat(list.json().get("runs").findValuesAsText("runId")).contains(runId);
  }

  @Test
  void startThenSignal_approvesOnAws() throws Exception {
    Result started = cli("start", "approval", "--input", "{\"request\":\"laptop\",\"amount\":9}");
    String runId = started.out().trim();

    Result signalled =
        cli("signal", runId, "decision", "{\"approved\": true, \"by\": \"ana\"}", "--json");
    Result result = cli("result", runId);

    assertThat(started.code()).isEqualTo(ExitCodes.OK);
    assertThat(signalled.code()).isEqualTo(ExitCodes.OK);
    assertThat(result.out().trim()).isEqualTo("\"APPROVED by ana\"");
  }

  @Test
  void terminate_stopsAWaitingRunOnAws() throws Exception {
    String runId =
        cli("start", "approval", "--input", "{\"request\":\"x\",\"amount\":1}").out().trim();

    cli("terminate", runId, "--reason", "changed my mind");
    Result status = cli("status", runId, "--json");

    assertThat(status.json().get("status").asText()).isEqualTo("TERMINATED");
  }

  @Test
  void unknownRunAndResume_giveClearErrorsOnAws() throws Exception {
    Result status = cli("status", "no-such-run");
    Result resume = cli("resume", "no-such-run");
    Result letters = cli("dead-letters", "--json");

    assertThat(status.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(status.err()).contains("no run with id 'no-such-run'");
    assertThat(resume.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(resume.err()).contains("no run with id 'no-such-run'");
    assertThat(letters.code()).isEqualTo(ExitCodes.OK);
    assertThat(letters.json().has("deadLetters")).isTrue();
  }

  @Test
  void resume_runWhoseFirstWakeNeverCame_goesOnToItsResultOnAws() throws Exception {
    orphan("orphan-waited");

    Result r = cli("resume", "orphan-waited", "--json");

    assertThat(r.code()).isEqualTo(ExitCodes.OK);
    JsonNode run = r.json().get("runs").get(0);
    assertThat(run.get("runId").asText()).isEqualTo("orphan-waited");
    assertThat(run.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(run.get("result").asInt()).isEqualTo(6);
  }

  @Test
  void resume_noWait_wakesTheRunAndReturnsOnAws() throws Exception {
    orphan("orphan-woken");

    Result r = cli("resume", "--no-wait", "orphan-woken");

    assertThat(r.code()).isEqualTo(ExitCodes.OK);
    assertThat(r.out().trim()).isEqualTo("woke run orphan-woken");
    assertThat(cli("status", "orphan-woken", "--json").json().get("status").asText())
        .isEqualTo("COMPLETED");
  }

  @Test
  void resume_runThatHasFinished_isRefusedOnAws() throws Exception {
    String runId = cli("run", "sequence", "--json").json().get("runId").asText();

    Result r = cli("resume", runId);

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("run '" + runId + "' has finished (COMPLETED)");
  }

  /** A run as a starter leaves it when it stops between creating the run and waking it. */
  private static void orphan(String runId) {
    aws.stores()
        .runs()
        .create(RunRecord.started(runId, "sequence", IntNode.valueOf(0), aws.clock().now()));
  }
}

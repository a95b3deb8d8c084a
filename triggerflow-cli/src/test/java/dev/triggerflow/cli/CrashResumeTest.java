package dev.triggerflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a CLI process (SIGKILL, no shutdown hooks) while {@code sequence} waits on its second call,
 * then resumes in a new process: the run completes and the first call does not run again. Task
 * executions are counted from each process's debug log line for every task it runs.
 */
class CrashResumeTest {
  @TempDir Path dir;

  private Process cli(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-Dorg.slf4j.simpleLogger.log.dev.triggerflow.runtime=debug");
    command.add(Main.class.getName());
    command.add("--dir");
    command.add(dir.toString());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).start();
  }

  private static List<String> lines(Process p) throws IOException {
    List<String> lines = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lines.add(line);
      }
    }
    return lines;
  }

  @Test
  void killWhileWaitingOnSecondCall_thenResume_completesWithoutRerunningFirstCall()
      throws Exception {
    Process first = cli("run", "sequence");
    List<String> firstLog = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(first.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        firstLog.add(line);
        if (line.contains("running task my_function call 2")) {
          first.destroyForcibly();
          break;
        }
      }
    }
    assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).isNotZero();

    Process resume = cli("resume", "--json");
    List<String> resumeLog = lines(resume);
    resume.waitFor(60, TimeUnit.SECONDS);
    JsonNode resumed = Json.parse(new String(resume.getInputStream().readAllBytes(), UTF8));

    assertThat(firstLog).filteredOn(l -> l.contains("running task my_function call 1")).hasSize(1);
    assertThat(resume.exitValue()).isZero();
    JsonNode run = resumed.get("runs").get(0);
    assertThat(run.get("status").asText()).isEqualTo("COMPLETED");
    assertThat(run.get("result").asInt()).isEqualTo(6);
    assertThat(resumeLog).filteredOn(l -> l.contains("running task my_function call 1")).isEmpty();
    assertThat(resumeLog).filteredOn(l -> l.contains("running task my_function call 2")).hasSize(1);
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;
}

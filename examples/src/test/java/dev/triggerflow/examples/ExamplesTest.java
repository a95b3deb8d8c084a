package dev.triggerflow.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triggerflow.api.Registry;
import dev.triggerflow.examples.pi.MonteCarlo;
import dev.triggerflow.examples.pi.Pi;
import dev.triggerflow.examples.sequence.MyFunction;
import dev.triggerflow.examples.sequence.Sequence;
import dev.triggerflow.json.Json;
import dev.triggerflow.runtime.EmbeddedRuntime;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExamplesTest {

  private static Registry fastRegistry() {
    return Registry.builder()
        .workflow(new Sequence())
        .task(new MyFunction(Duration.ofMillis(10)))
        .workflow(new Pi())
        .task(new MonteCarlo())
        .build();
  }

  @Test
  void sequence_fromZero_returnsSixAfterThreeEpisodes() throws Exception {
    try (EmbeddedRuntime runtime = EmbeddedRuntime.builder().registry(fastRegistry()).build()) {
      String runId = runtime.start("sequence", null);

      RunRecord run = runtime.awaitCompletion(runId, Duration.ofSeconds(30));

      assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(run.result().asInt()).isEqualTo(6);
      assertThat(run.episodes()).isEqualTo(3);
    }
  }

  @Test
  void pi_twoHundredTasks_wakesOnceForTheMap() throws Exception {
    try (EmbeddedRuntime runtime = EmbeddedRuntime.builder().registry(fastRegistry()).build()) {
      String runId = runtime.start("pi", Json.parse("{\"tasks\": 200, \"samplesPerTask\": 20000}"));

      RunRecord run = runtime.awaitCompletion(runId, Duration.ofSeconds(60));

      assertThat(run.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(run.result().asDouble())
          .isCloseTo(Math.PI, org.assertj.core.data.Offset.offset(0.1));
      assertThat(run.episodes()).isEqualTo(2);
    }
  }
}

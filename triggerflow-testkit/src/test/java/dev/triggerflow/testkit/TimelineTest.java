package dev.triggerflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The timeline printed in failure messages. */
class TimelineTest {
  @RegisterExtension
  static final TriggerflowTest tf =
      TriggerflowTest.builder().registry(Workflows.registry()).build();

  @Test
  void offset_isShortAndExact() {
    assertThat(Timeline.offset(Duration.ZERO)).isEqualTo("+0s");
    assertThat(Timeline.offset(Duration.ofDays(1))).isEqualTo("+1d");
    assertThat(Timeline.offset(Duration.ofHours(26).plusMinutes(3))).isEqualTo("+1d2h3m");
    assertThat(Timeline.offset(Duration.ofMillis(1250))).isEqualTo("+1s250ms");
    assertThat(Timeline.offset(Duration.ofNanos(500))).isEqualTo("+500ns");
    assertThat(Timeline.offset(Duration.ofSeconds(-90))).isEqualTo("-1m30s");
  }

  @Test
  void timeline_timedOutWait_showsEachStepWithTimesSinceTheStart(TestRuntime rt) {
    String runId = rt.start("ask", "lunch?");
    rt.awaitCompletion(runId);

    String timeline = rt.timeline(runId);

    assertThat(timeline.lines())
        .first()
        .isEqualTo("run " + runId + " of workflow 'ask': COMPLETED, 2 episodes");
    assertThat(timeline)
        .containsPattern("\\+0s\\s+ep 0\\s+started ask with \"lunch\\?\"")
        .contains("ep 0   call 1: a wait for event 'answer'")
        .contains("a timer until +1h")
        .containsPattern("\\+1h\\s+ep 1\\s+woke")
        .containsPattern("\\+1h\\s+ep 1\\s+call 2 \\(a timer\\) fired")
        .containsPattern("\\+1h\\s+ep 1\\s+COMPLETED with \"lunch\\? no answer\"");
  }
}

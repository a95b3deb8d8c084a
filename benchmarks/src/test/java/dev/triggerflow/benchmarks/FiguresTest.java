package dev.triggerflow.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the harness summarises and writes its figures. */
class FiguresTest {

  @Test
  void samples_median_ofAnEvenCount_isTheMeanOfTheMiddleTwo() {
    Samples samples = Samples.of(40, 10, 30, 20);

    assertThat(samples.median()).isEqualTo(25.0);
    assertThat(samples.min()).isEqualTo(10);
    assertThat(samples.max()).isEqualTo(40);
  }

  @Test
  void samples_describe_givesMedianRangeAndCount() {
    Samples samples = Samples.of(12_300_000, 11_900_000, 13_000_000);

    assertThat(samples.describe()).isEqualTo("12.3 ms (11.9–13.0 ms, n=3)");
    assertThat(samples.ratioTo(Samples.of(1_230_000))).isEqualTo("10.0×");
  }

  @Test
  void durations_pickTheLargestUnitAtOrAboveOne() {
    assertThat(Durations.format(950)).isEqualTo("950 ns");
    assertThat(Durations.format(1_500)).isEqualTo("1.50 µs");
    assertThat(Durations.format(2_340_000_000L)).isEqualTo("2.34 s");
    assertThat(Durations.rate(412_345.6)).isEqualTo("412,346/s");
  }

  @Test
  void stepClock_stepCost_isTheMedianIntervalOfTheWindowEndingAtK() throws Exception {
    StepClock clock = new StepClock();
    clock.reset(3);

    clock.stamp(1);
    Thread.sleep(1);
    clock.stamp(2);
    Thread.sleep(1);
    clock.stamp(3);
    Thread.sleep(1);
    clock.finish(3);

    assertThat(clock.stepCost(1, 3)).isPositive();
    assertThat(clock.stepCost(3, 3)).isPositive();
    assertThat(StepClock.median(new long[] {5, 1, 3})).isEqualTo(3.0);
  }

  @Test
  void table_render_padsColumnsAndLeavesMissingCellsBlank() {
    Table table = new Table("Title", "n", "time").row(10, "1 ms").row(1_000).note("A note.");

    String rendered = table.render();

    assertThat(rendered)
        .isEqualTo(
            """
            ### Title

            | n    | time |
            | ---- | ---- |
            | 10   | 1 ms |
            | 1000 |      |

            A note.
            """);
  }
}

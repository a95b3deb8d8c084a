package dev.triggerflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension: one fresh runtime per test method, shared with its @BeforeEach methods. */
class TriggerflowTestTest {
  @RegisterExtension
  static final TriggerflowTest tf =
      TriggerflowTest.builder().registry(Workflows.registry()).build();

  private static final List<TestRuntime> SEEN = new CopyOnWriteArrayList<>();
  private TestRuntime fromBeforeEach;

  @BeforeEach
  void keep(TestRuntime rt) {
    fromBeforeEach = rt;
  }

  @RepeatedTest(3)
  void eachTest_startsWithAFreshClockAndNoMocks(TestRuntime rt) {
    assertThat(rt.elapsed()).isZero();
    assertThat(rt.invocations()).isEmpty();

    rt.mock("greet").thenReturn("mocked");
    rt.advance(Duration.ofHours(1));

    assertThat(rt).isSameAs(fromBeforeEach);
    SEEN.add(rt);
  }

  @Test
  void builder_rejectsANonPositiveTimeout() {
    assertThatThrownBy(() -> TriggerflowTest.builder().timeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @AfterAll
  static void everyTestHadItsOwnRuntime() {
    assertThat(SEEN).hasSize(3).doesNotHaveDuplicates();
  }
}

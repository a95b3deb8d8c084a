package dev.triggerflow.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triggerflow.api.Registry;
import dev.triggerflow.api.TaskFailedException;
import dev.triggerflow.api.TaskRef;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Mocked tasks: answers in order, recorded invocations, and the user's registry left alone. */
class TaskMockTest {
  private static final Registry REGISTRY = Workflows.registry();

  @RegisterExtension
  static final TriggerflowTest tf = TriggerflowTest.builder().registry(REGISTRY).build();

  @Test
  void thenReturn_answersInsteadOfTheTask_andRecordsEachInvocation(TestRuntime rt) {
    int realBefore = Workflows.REAL_GREETS.get();
    TaskMock<String, String> greet = rt.mock(Workflows.GREET).thenReturn("hi");
    String runId = rt.start("greet_twice", "ana");

    String result = rt.awaitResult(runId, String.class);

    assertThat(result).isEqualTo("hi");
    assertThat(greet.inputs()).containsExactly("ana", "hi");
    assertThat(greet.invocations())
        .allSatisfy(
            i -> {
              assertThat(i.runId()).isEqualTo(runId);
              assertThat(i.attempt()).isEqualTo(1);
              assertThat(i.result()).isEqualTo("hi");
              assertThat(i.failed()).isFalse();
            });
    assertThat(Workflows.REAL_GREETS.get()).isEqualTo(realBefore);
  }

  @Test
  void answersInOrder_lastOneRepeats(TestRuntime rt) {
    rt.mock("greet").thenReturn("first").thenReturn("again");
    String runId = rt.start("greet_twice", "ana");

    rt.awaitResult(runId, String.class);
    String second = rt.awaitResult(rt.start("greet_twice", "bo"), String.class);

    assertThat(rt.invocations("greet"))
        .extracting(Invocation::result)
        .containsExactly("first", "again", "again", "again");
    assertThat(second).isEqualTo("again");
  }

  @Test
  void thenThrowTwice_thenReturn_isRetriedOnDurableTimers(TestRuntime rt) {
    IllegalStateException down = new IllegalStateException("service down");
    TaskMock<Integer, String> unreliable =
        rt.mock(Workflows.UNRELIABLE).thenThrow(down).thenThrow(down).thenReturn("mocked ok");
    String runId = rt.start("retrying", 0);

    String result = rt.awaitResult(runId, String.class);

    assertThat(result).isEqualTo("mocked ok");
    assertThat(unreliable.invocations()).extracting(Invocation::attempt).containsExactly(1, 2, 3);
    assertThat(unreliable.invocations())
        .extracting(Invocation::error)
        .containsExactly(down, down, null);
    rt.assertThatHistory(runId).hasRetries("unreliable", 2);
  }

  @Test
  void thenAnswer_seesTheCallsContext(TestRuntime rt) {
    rt.mock(Workflows.UNRELIABLE).thenAnswer((ctx, n) -> "attempt " + ctx.attempt() + " of " + n);
    String runId = rt.start("retrying", 7);

    assertThat(rt.awaitResult(runId, String.class)).isEqualTo("attempt 1 of 7");
  }

  @Test
  void thenCallRealTask_runsTheRegisteredTask(TestRuntime rt) {
    rt.mock("unreliable").thenThrow(new IllegalStateException("once")).thenCallRealTask();
    String runId = rt.start("retrying", 0);

    assertThat(rt.awaitResult(runId, String.class)).isEqualTo("ok on attempt 2");
  }

  @Test
  void mockWithoutAnswer_failsTheCallSayingSo(TestRuntime rt) {
    rt.mock("greet");
    String runId = rt.start("greet_twice", "ana");

    rt.awaitCompletion(runId);

    rt.assertThatHistory(runId).failedWith(TaskFailedException.class);
    assertThat(rt.run(runId).errorMessage()).contains("is mocked but the mock has no answer");
  }

  @Test
  void laterMock_replacesTheEarlierOne(TestRuntime rt) {
    TaskMock<Object, Object> first = rt.mock("greet").thenReturn("first");
    rt.mock("greet").thenReturn("second");
    String runId = rt.start("greet_twice", "ana");

    assertThat(rt.awaitResult(runId, String.class)).isEqualTo("second");
    assertThat(first.invocationCount()).isZero();
  }

  @Test
  void realTasks_areRecordedToo(TestRuntime rt) {
    String runId = rt.start("greet_twice", "ana");

    rt.awaitResult(runId, String.class);

    assertThat(rt.invocations("greet"))
        .extracting(Invocation::input)
        .containsExactly("ana", "hello ana");
    assertThat(rt.invocations()).hasSize(2);
  }

  @Test
  void mock_leavesTheUsersRegistryAlone_anotherRuntimeRunsTheRealTask(TestRuntime rt) {
    rt.mock("greet").thenReturn("mocked");

    try (TestRuntime other = TestRuntime.builder().registry(REGISTRY).build()) {
      String runId = other.start("greet_twice", "ana");
      assertThat(other.awaitResult(runId, String.class)).isEqualTo("hello hello ana");
    }
  }

  @Test
  void mock_unknownTask_namesTheKnownOnes(TestRuntime rt) {
    assertThatThrownBy(() -> rt.mock("gret"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no task named 'gret'")
        .hasMessageContaining("greet");
  }

  @Test
  void mock_referenceWithOtherTypes_isRejected(TestRuntime rt) {
    TaskRef<Integer, String> wrong = TaskRef.of("greet", Integer.class, String.class);

    assertThatThrownBy(() -> rt.mock(wrong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("registered as java.lang.String -> java.lang.String");
  }

  @Test
  void invocations_whenTaskFails_recordTheError(TestRuntime rt) {
    String runId = rt.start("retrying", 1);

    rt.awaitResult(runId, String.class);

    List<Invocation> calls = rt.invocations("unreliable");
    assertThat(calls).extracting(Invocation::failed).containsExactly(true, false);
    assertThat(calls.get(0).error()).hasMessage("attempt 1 failed");
  }
}

package dev.triggerflow.aws.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TaskFunctionsTest {

  @Test
  void parse_pairsAndDefault_mapTasksToFunctions() {
    TaskFunctions f = TaskFunctions.parse(" a=fn-a , b=arn:aws:lambda:us-east-1:1:function:b", "d");

    assertThat(f.functionFor("a")).contains("fn-a");
    assertThat(f.functionFor("b")).contains("arn:aws:lambda:us-east-1:1:function:b");
    assertThat(f.functionFor("c")).contains("d");
  }

  @Test
  void parse_nothingSet_hasNoFunction() {
    assertThat(TaskFunctions.parse(null, " ").functionFor("a")).isEmpty();
  }

  @Test
  void parse_malformedPair_namesIt() {
    assertThatThrownBy(() -> TaskFunctions.parse("a=fn,oops", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'oops'");
  }

  @Test
  void parse_sameTaskTwice_isRefused() {
    assertThatThrownBy(() -> TaskFunctions.parse("a=x,a=y", null))
        .hasMessageContaining("names task 'a' twice");
  }

  @Test
  void parse_invalidTaskName_isRefused() {
    assertThatThrownBy(() -> TaskFunctions.parse("a b=x", null)).hasMessageContaining("task name");
  }

  @Test
  void parse_foreignTasks_areMarkedAndNeedAFunctionOfTheirOwn() {
    TaskFunctions f = TaskFunctions.parse("shout=fn-shout,a=fn-a", "d", " shout ");

    assertThat(f.isForeign("shout")).isTrue();
    assertThat(f.isForeign("a")).isFalse();
    assertThat(f.foreignTasks()).containsExactly("shout");
    assertThatThrownBy(() -> TaskFunctions.parse("a=fn-a", "d", "shout"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TRIGGERFLOW_FOREIGN_TASKS names task 'shout'")
        .hasMessageContaining("a function of its own");
  }
}

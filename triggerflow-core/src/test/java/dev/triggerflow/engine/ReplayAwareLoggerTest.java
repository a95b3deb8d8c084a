package dev.triggerflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triggerflow.api.Registry;
import dev.triggerflow.api.TaskRef;
import dev.triggerflow.store.memory.InMemoryStores;
import dev.triggerflow.testing.EngineHarness;
import dev.triggerflow.testing.TestWorkflows;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayAwareLoggerTest {
  private static final TaskRef<Integer, Integer> ADD3 =
      TaskRef.of("add3", Integer.class, Integer.class);

  @Test
  void workflowLogger_isSilentWhileReplaying_andLiveAtTheFrontier() {
    List<String> seen = new ArrayList<>();
    Registry registry =
        Registry.builder()
            .task(new TestWorkflows.Add3())
            .workflow(
                "logs",
                Integer.class,
                Integer.class,
                (ctx, in) -> {
                  seen.add("start:" + ctx.logger().isInfoEnabled());
                  ctx.logger().info("starting run {}", ctx.runId());
                  int x = ctx.call(ADD3, 0).get();
                  seen.add("after first:" + ctx.logger().isInfoEnabled());
                  x = ctx.call(ADD3, x).get();
                  seen.add("after second:" + ctx.logger().isInfoEnabled());
                  return x;
                })
            .build();
    EngineHarness h = new EngineHarness(registry, InMemoryStores.create(), 0);
    h.start("logs", null);

    h.runToQuiescence();

    assertThat(seen)
        .containsExactly(
            "start:true",
            "start:false",
            "after first:true",
            "start:false",
            "after first:false",
            "after second:true");
  }
}

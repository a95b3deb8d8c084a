package dev.triggerflow.aws.cost;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Runs the cost model at small sizes so it stays working, and writes its table and plot under
 * {@code target/cost-test}. The published figures come from the full run: {@code ./mvnw -pl
 * lambda-runtime -am test -Dtest=CostModelTest -Dcost.full=true
 * -Dsurefire.failIfNoSpecifiedTests=false}, which writes {@code target/cost/cost.md} and {@code
 * cost.png}.
 */
class CostModelTest {
  @Test
  void costModel_countsCallsAndWritesTableAndPlot() throws Exception {
    Path dir = Path.of("target", "cost-test");

    String table = CostModel.run(dir, new int[] {5, 20}, new int[] {5, 20});

    System.out.println(table);
    assertThat(table)
        .contains(
            "| sequential steps | 20 |",
            "| map tasks, 16 deliveries at once | 20 |",
            "| map tasks, one delivery at a time | 20 |");
    assertThat(Files.size(dir.resolve("cost.png"))).isGreaterThan(1000);
    assertThat(table).contains("dynamodb:PutItem", "events:PutEvents", "lambda:Invoke");
  }

  @Test
  @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "cost.full", matches = "true")
  void costModel_fullSizes() throws Exception {
    String table =
        CostModel.run(
            Path.of("target", "cost"), new int[] {10, 100, 1000}, new int[] {10, 100, 1000});

    System.out.println(table);
    assertThat(table)
        .contains("| sequential steps | 1000 |", "| map tasks, one delivery at a time | 1000 |");
  }
}

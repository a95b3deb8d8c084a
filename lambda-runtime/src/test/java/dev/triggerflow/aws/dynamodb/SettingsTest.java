package dev.triggerflow.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triggerflow.deployment.AwsContract;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Table names and settings from the environment, instants, page tokens and bodies. */
class SettingsTest {

  @Test
  void tableNames_fromEnvironment_readsTheContractsVariables() {
    TableNames names =
        TableNames.fromEnvironment(
            Map.of(
                AwsContract.ENV_RUNS_TABLE, "r",
                AwsContract.ENV_HISTORY_TABLE, "h",
                AwsContract.ENV_TRIGGERS_TABLE, "t",
                AwsContract.ENV_DEAD_LETTER_TABLE, "d"));

    assertThat(names).isEqualTo(new TableNames("r", "h", "t", "d"));
  }

  @Test
  void tableNames_fromEnvironmentMissingTwo_namesBothVariables() {
    assertThatThrownBy(
            () ->
                TableNames.fromEnvironment(
                    Map.of(AwsContract.ENV_RUNS_TABLE, "r", AwsContract.ENV_HISTORY_TABLE, " ")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(AwsContract.ENV_HISTORY_TABLE)
        .hasMessageContaining(AwsContract.ENV_TRIGGERS_TABLE)
        .hasMessageContaining(AwsContract.ENV_DEAD_LETTER_TABLE)
        .hasMessageNotContaining(AwsContract.ENV_RUNS_TABLE + ",");
  }

  @Test
  void storeSettings_fromEnvironment_readsRetentionDaysOrDefaultsToThirty() {
    assertThat(StoreSettings.fromEnvironment(Map.of()).retention()).isEqualTo(Duration.ofDays(30));
    assertThat(
            StoreSettings.fromEnvironment(Map.of(AwsContract.ENV_RETENTION_DAYS, "7")).retention())
        .isEqualTo(Duration.ofDays(7));
    assertThatThrownBy(
            () -> StoreSettings.fromEnvironment(Map.of(AwsContract.ENV_RETENTION_DAYS, "0")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(AwsContract.ENV_RETENTION_DAYS);
  }

  @Test
  void times_textOrderIsTimeOrderAndRoundTripsNanoseconds() {
    Instant a = Instant.parse("2026-01-01T00:00:00Z");
    Instant b = Instant.parse("2026-01-01T00:00:00.5Z");
    Instant c = Instant.parse("2026-01-01T00:00:00.123456789Z");

    assertThat(Times.format(a)).isLessThan(Times.format(c)).isLessThan(Times.format(b));
    assertThat(Times.parse(Times.format(c))).isEqualTo(c);
    assertThatThrownBy(() -> Times.format(Instant.parse("+10000-01-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void pageTokens_roundTripAndRejectOtherKindsAndGarbage() {
    String token = PageTokens.encode("all", Map.of("pk", "run-1", "createdAt", "x"));

    assertThat(PageTokens.decode(token, "all", List.of("createdAt", "pk")))
        .containsExactly(Map.entry("createdAt", "x"), Map.entry("pk", "run-1"));
    assertThatThrownBy(() -> PageTokens.decode(token, "byWorkflow", List.of("pk")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PageTokens.decode("%%%", "all", List.of("pk")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void bodies_smallStayTextLargeAreCompressedAndBothDecode() {
    String small = "{\"a\":1}";
    String large = "x".repeat(Bodies.COMPRESS_ABOVE_BYTES + 1);

    Bodies.Body s = Bodies.encode(small);
    Bodies.Body l = Bodies.encode(large);

    assertThat(s.text()).isEqualTo(small);
    assertThat(l.text()).isNull();
    assertThat(l.size()).isLessThan(1_000);
    assertThat(Bodies.decode(l.text(), l.gzip())).isEqualTo(large);
  }
}

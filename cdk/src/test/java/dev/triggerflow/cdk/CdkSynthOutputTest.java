package dev.triggerflow.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.triggerflow.cdk.build.CdkSynth;
import dev.triggerflow.cdk.build.Executables;
import dev.triggerflow.deployment.AwsContract;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.event.LambdaDestinations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;

/**
 * Reads what the build's {@code cdk synth} (the CDK CLI running {@code cdk.json}'s app) wrote to
 * {@code target/cdk.out}. Where npm is installed the build has run the CLI, so the output must be
 * there; only where it is not is this skipped.
 */
class CdkSynthOutputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path OUT = Path.of(CdkSynth.OUTPUT);
  private static Map<String, Object> template;

  @BeforeAll
  static void read() throws IOException {
    Assumptions.assumeTrue(
        Executables.find("npm").isPresent(),
        "npm is not installed, so the build did not run the CDK CLI");
    Assumptions.assumeFalse(
        Boolean.getBoolean("cdk.synth.skip"), "the CDK CLI synth was skipped (cdk.synth.skip)");
    template = read(OUT.resolve(ExamplesApp.STACK_NAME + ".template.json"));
  }

  @Test
  void cliTemplate_isTheTemplateTheTestsCheck() {
    String codePath =
        Files.exists(Path.of(TriggerflowEngineProps.DEFAULT_CODE_PATH))
            ? TriggerflowEngineProps.DEFAULT_CODE_PATH
            : CdkSynth.PLACEHOLDER_CODE;
    Map<String, Object> inJvm = TestStacks.json(ExamplesApp.createStack(new App(), codePath));

    assertThat(comparable(template)).isEqualTo(comparable(inJvm));
  }

  @Test
  void cliTemplate_hasTheEngineAndTheContractsOutputs() {
    assertThat(Cfn.resources(template, "AWS::Lambda::Function")).hasSize(5);
    assertThat(Cfn.resources(template, "AWS::Lambda::EventSourceMapping")).hasSize(1);
    assertThat(Cfn.resources(template, "AWS::DynamoDB::Table")).hasSize(4);
    assertThat(Cfn.resources(template, "AWS::Events::EventBus")).hasSize(1);
    assertThat(Cfn.resources(template, "AWS::Scheduler::ScheduleGroup")).hasSize(1);
    assertThat(Cfn.resources(template, "AWS::Events::Rule").values())
        .extracting(rule -> Cfn.props(rule).get("EventPattern"))
        .containsExactlyInAnyOrder(
            TriggerflowEngine.parsePattern(EngineEvents.RULE_PATTERN),
            TriggerflowEngine.parsePattern(LambdaDestinations.RULE_PATTERN));
    assertThat(Cfn.resources(template, "AWS::CloudWatch::Dashboard")).hasSize(1);
    assertThat(Cfn.resources(template, "AWS::CloudWatch::Alarm")).hasSize(5);
    assertThat(Cfn.map(template.get("Outputs")))
        .containsOnlyKeys(
            AwsContract.OUTPUT_EVENT_BUS,
            AwsContract.OUTPUT_RUNS_TABLE,
            AwsContract.OUTPUT_HISTORY_TABLE,
            AwsContract.OUTPUT_TRIGGERS_TABLE,
            AwsContract.OUTPUT_DEAD_LETTER_TABLE,
            AwsContract.OUTPUT_ORCHESTRATOR_FUNCTION,
            AwsContract.OUTPUT_PAYLOAD_BUCKET);
  }

  @Test
  void cliSynth_reportedNoErrorOrWarning_andCdkNagFoundNothingUnsuppressed() throws IOException {
    Map<String, Object> metadata = read(OUT.resolve(ExamplesApp.STACK_NAME + ".metadata.json"));
    List<String> report =
        Files.readAllLines(
            OUT.resolve("AwsSolutions-" + ExamplesApp.STACK_NAME + "-NagReport.csv"));

    metadata.forEach(
        (path, entries) ->
            assertThat(Cfn.list(entries))
                .as(path)
                .noneMatch(
                    e ->
                        List.of("aws:cdk:error", "aws:cdk:warning")
                            .contains(String.valueOf(Cfn.at(e, "type")))));
    assertThat(report).hasSizeGreaterThan(20);
    assertThat(report).noneMatch(line -> line.contains("\"Non-Compliant\""));
    assertThat(report).anyMatch(line -> line.contains("\"Suppressed\""));
  }

  @Test
  void cliSynth_isEnvironmentAgnostic() throws IOException {
    Map<String, Object> manifest = read(OUT.resolve("manifest.json"));

    assertThat(Cfn.at(manifest, "artifacts", ExamplesApp.STACK_NAME, "environment"))
        .isEqualTo("aws://unknown-account/unknown-region");
    assertThat(Cfn.at(manifest, "missing")).isNull();
  }

  /** A template without what only the CLI adds: version reporting and path and asset metadata. */
  private static Map<String, Object> comparable(Map<String, Object> template) {
    Map<String, Object> resources = new LinkedHashMap<>();
    Cfn.map(template.get("Resources"))
        .forEach(
            (id, resource) -> {
              Map<String, Object> r = new LinkedHashMap<>(Cfn.map(resource));
              if (!"AWS::CDK::Metadata".equals(r.get("Type"))) {
                r.remove("Metadata");
                resources.put(id, r);
              }
            });
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Resources", resources);
    out.put("Outputs", template.get("Outputs"));
    out.put("Parameters", template.get("Parameters"));
    out.put("Rules", template.get("Rules"));
    return out;
  }

  private static Map<String, Object> read(Path file) throws IOException {
    assertThat(file).as("written by the build's cdk synth").exists();
    return JSON.readValue(file.toFile(), new TypeReference<Map<String, Object>>() {});
  }
}

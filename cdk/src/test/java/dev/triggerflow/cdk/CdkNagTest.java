package dev.triggerflow.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.IConstruct;
import software.constructs.MetadataEntry;

/**
 * The AWS Solutions rules of cdk-nag. A finding fails the build unless a suppression with a written
 * reason covers it, and the suppressions themselves are pinned: adding one is a visible, reviewed
 * change to this test.
 */
class CdkNagTest {
  private static Stack examples;
  private static TriggerflowEngine engine;
  private static Map<String, Object> json;

  @BeforeAll
  static void synth() {
    examples = TestStacks.examples();
    engine = (TriggerflowEngine) examples.getNode().findChild("Engine");
    json = checked(examples);
  }

  @Test
  void examplesStack_hasNoErrorOrWarningWithoutAWrittenSuppression() {
    assertThat(findings(examples)).isEmpty();
  }

  @Test
  void suppressions_areExactlyTheDocumentedOnes_eachWithItsReason() {
    String payloadObjects = "Resource::<" + Cfn.logicalId(engine.getPayloadBucket()) + ".Arn>/*";
    String schedules =
        "Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/"
            + engine.getTimerGroup().getScheduleGroupName()
            + "/*";
    Map<String, String> expected = new TreeMap<>();
    expected.put(
        suppression(engine.getRuleDeadLetterQueue(), "AwsSolutions-SQS3", null),
        NagSuppressionCatalog.RULE_DLQ_REASON);
    expected.put(
        suppression(engine.getFailedInvocationsQueue(), "AwsSolutions-SQS3", null),
        NagSuppressionCatalog.FAILED_INVOCATIONS_REASON);
    List<EngineFunction> functions = new ArrayList<>();
    functions.add(engine.orchestratorFunction());
    functions.add(engine.triggerFunction());
    for (TaskFunction task : engine.getTaskFunctions()) {
      functions.add((EngineFunction) task.getFunction().getNode().getScope());
    }
    for (EngineFunction fn : functions) {
      expected.put(
          suppression(fn.function(), "AwsSolutions-L1", null),
          NagSuppressionCatalog.RUNTIME_REASON);
      expected.put(
          suppression(defaultPolicy(fn), "AwsSolutions-IAM5", payloadObjects),
          NagSuppressionCatalog.PAYLOAD_OBJECTS_REASON);
    }
    expected.put(
        suppression(defaultPolicy(engine.orchestratorFunction()), "AwsSolutions-IAM5", schedules),
        NagSuppressionCatalog.SCHEDULES_REASON);
    // The run expiry function touches no payloads; its one wildcard is dynamodb:ListStreams.
    EngineFunction runExpiry = engine.runExpiryFunction();
    expected.put(
        suppression(runExpiry.function(), "AwsSolutions-L1", null),
        NagSuppressionCatalog.RUNTIME_REASON);
    expected.put(
        suppression(defaultPolicy(runExpiry), "AwsSolutions-IAM5", "Resource::*"),
        NagSuppressionCatalog.LIST_STREAMS_REASON);

    Map<String, String> actual = suppressionsIn(json);

    assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
    assertThat(actual.values()).allSatisfy(reason -> assertThat(reason).hasSizeGreaterThan(80));
  }

  @Test
  void theRunExpirySuppressionOfTheStarResource_coversNoOtherRole() {
    List<TriggerflowEngine> engines = new ArrayList<>();
    Stack stack = TestStacks.engine(p -> {}, engines::add);
    engines
        .get(0)
        .triggerFunction()
        .allow(
            PolicyStatement.Builder.create()
                .actions(List.of("dynamodb:ListStreams"))
                .resources(List.of("*"))
                .build());

    checked(stack);

    assertThat(findings(stack))
        .singleElement()
        .asString()
        .contains("Trigger/Role/DefaultPolicy")
        .contains("AwsSolutions-IAM5[Resource::*]");
  }

  @Test
  void checks_reportAnUnsuppressedFinding() {
    Stack stack = new Stack(new App(), "Plain");
    new Queue(stack, "Queue");

    checked(stack);

    assertThat(findings(stack))
        .anyMatch(f -> f.contains("AwsSolutions-SQS3"))
        .anyMatch(f -> f.contains("AwsSolutions-SQS4"));
  }

  @Test
  void aWildcardSuppression_coversOnlyTheWildcardItNames() {
    List<TriggerflowEngine> engines = new ArrayList<>();
    Stack stack = TestStacks.engine(p -> {}, engines::add);
    engines
        .get(0)
        .orchestratorFunction()
        .allow(
            PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject"))
                .resources(List.of("arn:aws:s3:::another-bucket/*"))
                .build());

    checked(stack);

    assertThat(findings(stack))
        .singleElement()
        .asString()
        .contains("AwsSolutions-IAM5[Resource::arn:aws:s3:::another-bucket/*]");
  }

  /** Applies the AWS Solutions checks and synthesises. */
  static Map<String, Object> checked(Stack stack) {
    Aspects.of(stack).add(new AwsSolutionsChecks(NagPackProps.builder().reports(false).build()));
    return Template.fromStack(stack).toJSON();
  }

  /** Every error and warning left on the stack's constructs after synthesis. */
  static List<String> findings(Stack stack) {
    List<String> findings = new ArrayList<>();
    for (IConstruct construct : stack.getNode().findAll()) {
      for (MetadataEntry entry : construct.getNode().getMetadata()) {
        if (entry.getType().equals("aws:cdk:error") || entry.getType().equals("aws:cdk:warning")) {
          findings.add(
              entry.getType() + " " + construct.getNode().getPath() + ": " + entry.getData());
        }
      }
    }
    return findings;
  }

  /** The suppressions written into the template: "resource rule [finding]" to reason. */
  private static Map<String, String> suppressionsIn(Map<String, Object> template) {
    Map<String, String> out = new TreeMap<>();
    Cfn.map(template.get("Resources"))
        .forEach(
            (id, resource) -> {
              Object rules = Cfn.at(resource, "Metadata", "cdk_nag", "rules_to_suppress");
              for (Object rule : Cfn.list(rules)) {
                List<Object> appliesTo = Cfn.list(Cfn.at(rule, "applies_to"));
                if (appliesTo.isEmpty()) {
                  out.put(
                      key(id, Cfn.at(rule, "id"), null), String.valueOf(Cfn.at(rule, "reason")));
                }
                for (Object finding : appliesTo) {
                  out.put(
                      key(id, Cfn.at(rule, "id"), String.valueOf(finding)),
                      String.valueOf(Cfn.at(rule, "reason")));
                }
              }
            });
    return out;
  }

  private static IConstruct defaultPolicy(EngineFunction fn) {
    return fn.role().getNode().findChild("DefaultPolicy");
  }

  private static String suppression(IConstruct construct, String rule, String finding) {
    return key(Cfn.logicalId(construct), rule, finding);
  }

  private static String key(String logicalId, Object rule, String finding) {
    return logicalId + " " + rule + (finding == null ? "" : " " + finding);
  }
}

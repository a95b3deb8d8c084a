package dev.triggerflow.cdk;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.List;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.s3.Bucket;
import software.constructs.IConstruct;

/**
 * Every cdk-nag finding the engine accepts, each with its reason, in one place. Suppressions are
 * attached to the exact resources concerned; wildcard suppressions name the exact wildcard resource
 * they accept, so a new wildcard anywhere is still reported.
 */
final class NagSuppressionCatalog {
  static final String SQS3 = "AwsSolutions-SQS3";
  static final String L1 = "AwsSolutions-L1";
  static final String IAM5 = "AwsSolutions-IAM5";

  static final String RULE_DLQ_REASON =
      "This queue is a dead-letter queue: EventBridge parks here the engine events and Lambda"
          + " Destinations records it could not deliver to the trigger function. cdk-nag only"
          + " recognises queues named in another queue's redrive policy as dead-letter queues.";

  static final String FAILED_INVOCATIONS_REASON =
      "This queue is a dead-letter queue: Lambda parks here, as the on-failure destination, the"
          + " asynchronous invocations of the orchestrator and trigger functions that kept"
          + " failing, and the batches of the runs table's stream the run expiry function kept"
          + " failing to purge. cdk-nag only recognises queues named in another queue's redrive"
          + " policy as dead-letter queues.";

  static final String RUNTIME_REASON =
      "The engine pins the java21 runtime on purpose: it is the runtime the handlers are built,"
          + " tested and SnapStart-validated on. Moving to a newer Java runtime is a deliberate,"
          + " tested upgrade, not something to follow automatically.";

  static final String PAYLOAD_OBJECTS_REASON =
      "Payload object keys are derived from run and call ids while runs execute, so they cannot"
          + " be listed in advance. The grant is limited to object-level actions on the objects"
          + " of this one bucket.";

  static final String SCHEDULES_REASON =
      "Timer schedules are named from run and call ids while runs execute, so they cannot be"
          + " listed in advance. The grant is limited to creating and deleting schedules in this"
          + " engine's own schedule group.";

  static final String LIST_STREAMS_REASON =
      "The one \"*\" resource is dynamodb:ListStreams, granted by the runs table's stream event"
          + " source: the action has no resource-level permissions, and Lambda requires it of the"
          + " role of a function reading a DynamoDB stream. The stream reads themselves"
          + " (DescribeStream, GetShardIterator, GetRecords) are limited to the runs table's"
          + " stream.";

  /** How cdk-nag names the {@code "*"} resource. */
  static final String STAR_RESOURCE_FINDING = "Resource::*";

  private NagSuppressionCatalog() {}

  static void applyToEngine(TriggerflowEngine engine) {
    suppress(engine.getRuleDeadLetterQueue(), SQS3, RULE_DLQ_REASON);
    suppress(engine.getFailedInvocationsQueue(), SQS3, FAILED_INVOCATIONS_REASON);

    EngineFunction orchestrator = engine.orchestratorFunction();
    suppress(orchestrator.function(), L1, RUNTIME_REASON);
    suppressWildcard(
        orchestrator.role(),
        payloadObjectsFinding(engine.getPayloadBucket()),
        PAYLOAD_OBJECTS_REASON);
    suppressWildcard(
        orchestrator.role(),
        "Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/"
            + engine.getTimerGroup().getScheduleGroupName()
            + "/*",
        SCHEDULES_REASON);

    EngineFunction trigger = engine.triggerFunction();
    suppress(trigger.function(), L1, RUNTIME_REASON);
    suppressWildcard(
        trigger.role(), payloadObjectsFinding(engine.getPayloadBucket()), PAYLOAD_OBJECTS_REASON);

    EngineFunction runExpiry = engine.runExpiryFunction();
    suppress(runExpiry.function(), L1, RUNTIME_REASON);
    suppressWildcard(runExpiry.role(), STAR_RESOURCE_FINDING, LIST_STREAMS_REASON);
  }

  static void applyToTaskFunction(TriggerflowEngine engine, EngineFunction fn) {
    suppress(fn.function(), L1, RUNTIME_REASON);
    suppressWildcard(
        fn.role(), payloadObjectsFinding(engine.getPayloadBucket()), PAYLOAD_OBJECTS_REASON);
  }

  /** How cdk-nag names the {@code <bucket ARN>/*} resource of an object-level grant. */
  private static String payloadObjectsFinding(Bucket bucket) {
    Stack stack = Stack.of(bucket);
    Object logicalId =
        stack.resolve(((CfnElement) bucket.getNode().getDefaultChild()).getLogicalId());
    return "Resource::<" + logicalId + ".Arn>/*";
  }

  /** Accepts a finding on the one CloudFormation resource behind a construct. */
  private static void suppress(IConstruct construct, String rule, String reason) {
    NagSuppressions.addResourceSuppressions(
        construct.getNode().getDefaultChild(),
        List.of(NagPackSuppression.builder().id(rule).reason(reason).build()));
  }

  /** Accepts exactly one wildcard resource in the policy the engine writes to a role. */
  private static void suppressWildcard(IConstruct role, String finding, String reason) {
    NagSuppressions.addResourceSuppressions(
        role.getNode().findChild("DefaultPolicy").getNode().getDefaultChild(),
        List.of(
            NagPackSuppression.builder()
                .id(IAM5)
                .reason(reason)
                .appliesTo(List.of(finding))
                .build()));
  }
}

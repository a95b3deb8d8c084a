package dev.triggerflow.cdk;

import java.util.List;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.DlqDestinationConfig;
import software.amazon.awscdk.services.lambda.IEventSourceDlq;
import software.amazon.awscdk.services.lambda.IEventSourceMapping;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sqs.IQueue;

/**
 * An SQS on-failure destination for an event source mapping that grants the function only {@code
 * sqs:SendMessage}, the one action Lambda uses to deliver the record of a discarded batch. (The
 * stock SQS destination also grants {@code sqs:GetQueueAttributes} and {@code sqs:GetQueueUrl},
 * which the delivery never uses.) The queue's SQS-managed encryption needs no KMS grant.
 */
final class SendOnlyEventSourceDlq implements IEventSourceDlq {
  private final IQueue queue;

  SendOnlyEventSourceDlq(IQueue queue) {
    this.queue = queue;
  }

  @Override
  public DlqDestinationConfig bind(IEventSourceMapping target, IFunction targetHandler) {
    targetHandler.addToRolePolicy(
        PolicyStatement.Builder.create()
            .actions(List.of("sqs:SendMessage"))
            .resources(List.of(queue.getQueueArn()))
            .build());
    return DlqDestinationConfig.builder().destination(queue.getQueueArn()).build();
  }
}

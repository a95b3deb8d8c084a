package dev.triggerflow.cdk;

import java.util.List;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.DestinationConfig;
import software.amazon.awscdk.services.lambda.DestinationOptions;
import software.amazon.awscdk.services.lambda.IDestination;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * An SQS destination for asynchronous invocations that grants the function only {@code
 * sqs:SendMessage}, the one action Lambda uses to deliver an invocation record. (The stock SQS
 * destination also grants queue reads the function never makes.)
 */
final class SendOnlyQueueDestination implements IDestination {
  private final IQueue queue;

  SendOnlyQueueDestination(IQueue queue) {
    this.queue = queue;
  }

  @Override
  public DestinationConfig bind(Construct scope, IFunction fn, DestinationOptions options) {
    return bind(scope, fn);
  }

  @Override
  public DestinationConfig bind(Construct scope, IFunction fn) {
    fn.addToRolePolicy(
        PolicyStatement.Builder.create()
            .actions(List.of("sqs:SendMessage"))
            .resources(List.of(queue.getQueueArn()))
            .build());
    return DestinationConfig.builder().destination(queue.getQueueArn()).build();
  }
}

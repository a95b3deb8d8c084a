package dev.triggerflow.aws.client;

import dev.triggerflow.client.ClientException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/** Reads a CloudFormation stack's outputs. */
public final class StackOutputs {
  private StackOutputs() {}

  /**
   * The outputs of a stack, by key.
   *
   * @throws ClientException if the stack does not exist or cannot be read
   */
  public static Map<String, String> read(CloudFormationClient cloudFormation, String stackName) {
    List<Stack> stacks;
    try {
      stacks = cloudFormation.describeStacks(r -> r.stackName(stackName)).stacks();
    } catch (CloudFormationException e) {
      throw new ClientException(
          "cannot read stack '"
              + stackName
              + "': "
              + (e.awsErrorDetails() != null ? e.awsErrorDetails().errorMessage() : e.getMessage())
              + " (check the stack name, the region and the credentials)",
          e);
    }
    if (stacks.isEmpty()) {
      throw new ClientException("stack '" + stackName + "' does not exist in this region");
    }
    Map<String, String> outputs = new LinkedHashMap<>();
    for (Output o : stacks.get(0).outputs()) {
      outputs.put(o.outputKey(), o.outputValue());
    }
    return outputs;
  }
}

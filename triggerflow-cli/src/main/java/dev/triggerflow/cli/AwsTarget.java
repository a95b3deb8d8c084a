package dev.triggerflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.aws.client.AwsWorkflowClient;
import dev.triggerflow.client.ClientException;
import dev.triggerflow.client.WorkflowClient;
import dev.triggerflow.spi.RunPage;
import dev.triggerflow.spi.RunQuery;
import dev.triggerflow.spi.RunRecord;
import dev.triggerflow.spi.RunStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;

/**
 * A deployment on AWS, found through its CloudFormation stack's outputs; credentials and region
 * come from the standard AWS chain unless given.
 */
final class AwsTarget extends Target {
  private static final Duration POLL = Duration.ofSeconds(1);

  private final AwsWorkflowClient client;

  AwsTarget(AwsWorkflowClient client) {
    this.client = client;
  }

  static AwsTarget open(String stack, String region) {
    if (stack == null || stack.isBlank()) {
      throw new ClientException(
          "--target aws needs --stack NAME: the CloudFormation stack of the deployment (for the"
              + " examples: TriggerflowExamples)");
    }
    AwsWorkflowClient.Builder b = AwsWorkflowClient.builder().stack(stack);
    if (region != null) {
      b.region(Region.of(region));
    }
    try {
      return new AwsTarget(b.build());
    } catch (SdkClientException e) {
      throw new ClientException(explain(e), e);
    }
  }

  /** What an SDK error that happens before any request means for the user. */
  static String explain(SdkClientException e) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("credentials")) {
      return "no AWS credentials found: configure them as for the AWS CLI (aws configure, or"
          + " AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)";
    }
    if (m.toLowerCase(java.util.Locale.ROOT).contains("region")) {
      return "no AWS region set: pass --region, or set AWS_REGION";
    }
    return "cannot reach AWS: " + m;
  }

  @Override
  WorkflowClient client() {
    return client;
  }

  @Override
  RunRecord awaitFor(String runId, Duration slice) throws TimeoutException, InterruptedException {
    return client.awaitCompletion(runId, slice, slice.compareTo(POLL) < 0 ? slice : POLL);
  }

  @Override
  void settle() {}

  /**
   * Wakes each run: a run whose first wake never came, or whose wakes Lambda parked in the
   * failed-invocations queue, goes on; a healthy run's wake finds nothing to do. Without run ids,
   * every running run is woken.
   */
  @Override
  List<String> resume(List<String> runIds) {
    List<String> ids = new ArrayList<>();
    if (runIds.isEmpty()) {
      String token = null;
      do {
        RunPage page = client.list(new RunQuery(null, RunStatus.RUNNING, 100, token));
        page.runs().forEach(run -> ids.add(run.runId()));
        token = page.nextPageToken();
      } while (token != null);
    } else {
      for (String id : runIds) {
        requireRunning(client, id);
        ids.add(id);
      }
    }
    ids.forEach(client::wake);
    return ids;
  }

  @Override
  boolean runsWithoutThisProcess() {
    return true;
  }

  @Override
  JsonNode result(RunRecord run) {
    return client.payload(run.result());
  }

  @Override
  public void close() {
    client.close();
  }
}

package dev.triggerflow.aws.cost;

/**
 * Public us-east-1 prices, in US dollars, as published on the services' pricing pages (on-demand,
 * no free tier). Lambda durable functions' operation price is the rate of the example on the Lambda
 * pricing page; their state storage is not priced here.
 */
final class Prices {
  private Prices() {}

  /** Lambda, per request. */
  static final double LAMBDA_REQUEST = 0.20 / 1e6;

  /** Lambda on arm64 (what the CDK construct deploys), per GB-second. */
  static final double LAMBDA_GB_SECOND_ARM = 0.0000133334;

  /** DynamoDB on-demand, per write request unit (up to 1 KB). */
  static final double DYNAMODB_WRITE = 0.625 / 1e6;

  /** DynamoDB on-demand, per read request unit (a consistent read of up to 4 KB). */
  static final double DYNAMODB_READ = 0.125 / 1e6;

  /** EventBridge, per custom event published (up to 64 KB). */
  static final double EVENTBRIDGE_EVENT = 1.00 / 1e6;

  /** EventBridge Scheduler, per invocation. */
  static final double SCHEDULER_INVOCATION = 1.00 / 1e6;

  /** S3 Standard, per PUT. */
  static final double S3_PUT = 0.005 / 1e3;

  /** S3 Standard, per GET. */
  static final double S3_GET = 0.0004 / 1e3;

  /** Step Functions Standard, per state transition. */
  static final double SFN_STANDARD_TRANSITION = 0.025 / 1e3;

  /** Step Functions Express, per request (execution). */
  static final double SFN_EXPRESS_REQUEST = 1.00 / 1e6;

  /** Step Functions Express, per GB-second (billed at 64 MB at least). */
  static final double SFN_EXPRESS_GB_SECOND = 0.00001667;

  /** Lambda durable functions, per durable operation (a step, a wait). */
  static final double DURABLE_OPERATION = 8.00 / 1e6;
}

/**
 * The client library for runs on an AWS deployment, for applications and the CLI: {@code
 * AwsWorkflowClient}, configured from explicit resource names or a CloudFormation stack's outputs.
 */
package dev.triggerflow.aws.client;

/**
 * The engine's metrics on Lambda, in CloudWatch's embedded metric format: JSON lines on standard
 * output that CloudWatch Logs turns into metrics, with no API call from the function.
 */
package dev.triggerflow.aws.metrics;

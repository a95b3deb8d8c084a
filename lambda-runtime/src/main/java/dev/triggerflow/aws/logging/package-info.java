/**
 * Logging of the functions: one JSON object per line, with the run, call, episode and replay state
 * of the logging context in every line. The deployable jar carries logback and configures it
 * through {@code LambdaLogging} when it runs on Lambda.
 */
package dev.triggerflow.aws.logging;

/**
 * The Lambda handlers of an AWS deployment, one class per function role, each a {@code
 * RequestStreamHandler} whose method is {@code handleRequest} (the names in {@code AwsContract}).
 *
 * <p>Every function runs the same jar and finds the deployment's workflows and tasks through the
 * {@code RegistryProvider} class named by {@code TRIGGERFLOW_REGISTRY_PROVIDER}. The module's
 * shaded jar ({@code triggerflow-lambda-runtime-<version>-aws.jar}) carries the examples' provider.
 * A deployment with its own workflows builds its own shaded jar from a module that depends on
 * {@code triggerflow-lambda-runtime} and on its workflows, adds {@code logback-classic} at runtime
 * (the runtime's dependency on it is optional, so that applications using the client library keep
 * their own SLF4J provider), and names its provider class in that variable.
 *
 * <p>On Lambda every log line is one JSON object with the run, call, episode and replay state of
 * the logging context ({@code dev.triggerflow.aws.logging}); the task and trigger functions put the
 * run and call of what they process there, the orchestrator the run and episode of a wake. The
 * orchestrator and trigger functions write the engine's metrics (runs started, completed and
 * failed, step latency, replay length, wake duration) to standard output in CloudWatch's embedded
 * metric format ({@code dev.triggerflow.aws.metrics}): CloudWatch Logs turns those lines into
 * metrics, with no API call from the function.
 *
 * <p>The handlers build their engine once per container, in their constructor, which Lambda runs in
 * the init phase; with SnapStart that phase is snapshotted. See {@code LambdaEngine} for what is
 * safe to snapshot.
 */
package dev.triggerflow.aws.handler;

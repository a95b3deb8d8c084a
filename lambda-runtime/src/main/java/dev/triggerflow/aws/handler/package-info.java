/**
 * The Lambda handlers of an AWS deployment, one class per function role, each a {@code
 * RequestStreamHandler} whose method is {@code handleRequest} (the names in {@code AwsContract}).
 *
 * <p>Every function runs the same jar and finds the deployment's workflows and tasks through the
 * {@code RegistryProvider} class named by {@code TRIGGERFLOW_REGISTRY_PROVIDER}. The module's
 * shaded jar ({@code triggerflow-lambda-runtime-<version>-aws.jar}) carries the examples' provider.
 * A deployment with its own workflows builds its own shaded jar from a module that depends on
 * {@code triggerflow-lambda-runtime} and on its workflows, adds {@code slf4j-simple} (or another
 * SLF4J provider) at runtime, and names its provider class in that variable.
 *
 * <p>The handlers build their engine once per container, in their constructor, which Lambda runs in
 * the init phase; with SnapStart that phase is snapshotted. See {@code LambdaEngine} for what is
 * safe to snapshot.
 */
package dev.triggerflow.aws.handler;

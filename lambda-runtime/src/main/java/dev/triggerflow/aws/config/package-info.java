/**
 * Configuration and wiring of the engine in a Lambda container: the settings read from the
 * environment, the AWS SDK clients, the registry provider, and the engine built from them.
 */
package dev.triggerflow.aws.config;

/** The event publisher on EventBridge. */
package dev.triggerflow.aws.eventbridge;

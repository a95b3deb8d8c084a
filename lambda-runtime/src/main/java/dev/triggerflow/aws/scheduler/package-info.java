/** Durable timers on EventBridge Scheduler. */
package dev.triggerflow.aws.scheduler;

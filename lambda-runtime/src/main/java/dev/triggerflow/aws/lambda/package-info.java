/** The function invoker on Lambda, and the payloads the functions are invoked with. */
package dev.triggerflow.aws.lambda;

/** The payload store on S3, for values too large to travel inline. */
package dev.triggerflow.aws.s3;

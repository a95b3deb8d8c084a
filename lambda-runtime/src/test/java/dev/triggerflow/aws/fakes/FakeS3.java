package dev.triggerflow.aws.fakes;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/** S3 at the SDK level: objects in memory, in buckets that exist; PutObject and GetObject. */
public final class FakeS3 implements S3Client {
  private final ApiCalls calls;
  private final Map<String, Map<String, byte[]>> buckets = new ConcurrentHashMap<>();

  /** A fake with the given buckets. */
  public FakeS3(ApiCalls calls, String... bucketNames) {
    this.calls = calls;
    for (String b : bucketNames) {
      buckets.put(b, new ConcurrentHashMap<>());
    }
  }

  @Override
  public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
    calls.count("s3", "PutObject");
    byte[] bytes;
    try (InputStream in = body.contentStreamProvider().newStream()) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    bucket(request.bucket()).put(request.key(), bytes);
    return PutObjectResponse.builder()
        .eTag("\"" + Integer.toHexString(bytes.length) + "\"")
        .build();
  }

  @Override
  public <T> T getObject(
      GetObjectRequest request, ResponseTransformer<GetObjectResponse, T> transformer) {
    calls.count("s3", "GetObject");
    byte[] bytes = bucket(request.bucket()).get(request.key());
    if (bytes == null) {
      throw NoSuchKeyException.builder()
          .message("The specified key does not exist.")
          .statusCode(404)
          .awsErrorDetails(error("NoSuchKey", "The specified key does not exist."))
          .build();
    }
    GetObjectResponse response =
        GetObjectResponse.builder().contentLength((long) bytes.length).build();
    try {
      return transformer.transform(
          response, AbortableInputStream.create(new ByteArrayInputStream(bytes)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public ResponseInputStream<GetObjectResponse> getObject(GetObjectRequest request) {
    return getObject(request, ResponseTransformer.toInputStream());
  }

  /** An object's bytes, or null. */
  public byte[] object(String bucket, String key) {
    return bucket(bucket).get(key);
  }

  /** Deletes an object directly, as a lifecycle rule would. */
  public void remove(String bucket, String key) {
    bucket(bucket).remove(key);
  }

  /** How many objects a bucket holds. */
  public int size(String bucket) {
    return bucket(bucket).size();
  }

  private Map<String, byte[]> bucket(String name) {
    Map<String, byte[]> b = buckets.get(name);
    if (b == null) {
      throw NoSuchBucketException.builder()
          .message("The specified bucket does not exist")
          .statusCode(404)
          .awsErrorDetails(error("NoSuchBucket", "The specified bucket does not exist"))
          .build();
    }
    return b;
  }

  private static AwsErrorDetails error(String code, String message) {
    return AwsErrorDetails.builder()
        .errorCode(code)
        .errorMessage(message)
        .serviceName("S3")
        .build();
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {}
}

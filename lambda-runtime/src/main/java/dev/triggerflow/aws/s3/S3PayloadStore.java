package dev.triggerflow.aws.s3;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triggerflow.json.Json;
import dev.triggerflow.spi.PayloadStore;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Keeps payloads above a size threshold in an S3 bucket. {@link #offload} stores such a value as
 * JSON under {@code prefix + key}, a key the engine derives from run and call ids, so storing the
 * same payload again overwrites it with the same bytes; it returns a reference {@code
 * s3://bucket/key} with the size. {@link #resolve} reads referenced payloads back, keeping the most
 * recently used ones in a small cache: a payload never changes once written, so the cache cannot go
 * stale.
 *
 * <p>References to another bucket are refused: a reference arrives inside events and records, and
 * reading whatever bucket it named would let a forged event read data the function can reach.
 */
public final class S3PayloadStore implements PayloadStore {
  private static final Logger log = LoggerFactory.getLogger(S3PayloadStore.class);

  /** The prefix of every key, so payloads can share a bucket with other data. */
  public static final String DEFAULT_PREFIX = "payloads/";

  private static final Pattern SAFE_KEY = Pattern.compile("[A-Za-z0-9._/-]{1,900}");

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final int thresholdBytes;
  private final Cache cache;

  private S3PayloadStore(Builder b) {
    this.s3 = Objects.requireNonNull(b.s3, "an S3 client is required");
    this.bucket = Objects.requireNonNull(b.bucket, "a bucket name is required");
    this.prefix = b.prefix;
    this.thresholdBytes = b.thresholdBytes;
    this.cache = new Cache(b.cacheEntries, b.cacheBytes);
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public JsonNode offload(String key, JsonNode value) {
    if (value == null || PayloadStore.isReference(value)) {
      return value;
    }
    byte[] bytes = Json.write(value).getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= thresholdBytes) {
      return value;
    }
    if (key == null || !SAFE_KEY.matcher(key).matches() || key.contains("..")) {
      throw new IllegalArgumentException(
          "payload key '" + key + "' is not a safe S3 key (letters, digits, '._/-')");
    }
    String objectKey = prefix + key;
    s3.putObject(
        PutObjectRequest.builder()
            .bucket(bucket)
            .key(objectKey)
            .contentType("application/json")
            .contentLength((long) bytes.length)
            .build(),
        RequestBody.fromBytes(bytes));
    String location = "s3://" + bucket + "/" + objectKey;
    log.debug("stored a payload of {} bytes at {}", bytes.length, location);
    cache.put(location, value.deepCopy(), bytes.length);
    return PayloadStore.reference(location, bytes.length);
  }

  @Override
  public JsonNode resolve(JsonNode value) {
    if (!PayloadStore.isReference(value)) {
      return value;
    }
    String location = value.get(REFERENCE_FIELD).asText();
    String objectKey = keyOf(location);
    JsonNode cached = cache.get(location);
    if (cached != null) {
      return cached.deepCopy();
    }
    ResponseBytes<GetObjectResponse> object;
    try {
      object =
          s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(objectKey).build());
    } catch (NoSuchKeyException e) {
      throw new IllegalStateException(
          "payload "
              + location
              + " does not exist; it was deleted (bucket lifecycle rule?) or never written",
          e);
    }
    byte[] bytes = object.asByteArrayUnsafe();
    long expected = value.path("bytes").asLong(-1);
    if (expected >= 0 && expected != bytes.length) {
      throw new IllegalStateException(
          "payload " + location + " is " + bytes.length + " bytes, its reference says " + expected);
    }
    JsonNode payload = Json.parse(new String(bytes, StandardCharsets.UTF_8));
    cache.put(location, payload, bytes.length);
    return payload.deepCopy();
  }

  private String keyOf(String location) {
    String expectedStart = "s3://" + bucket + "/";
    if (!location.startsWith(expectedStart) || location.length() == expectedStart.length()) {
      throw new IllegalStateException(
          "payload reference '"
              + location
              + "' does not point into this deployment's bucket '"
              + bucket
              + "'; refusing to read it");
    }
    return location.substring(expectedStart.length());
  }

  /** The most recently used payloads, bounded by count and by their total size. */
  private static final class Cache {
    private final int maxEntries;
    private final long maxBytes;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;

    Cache(int maxEntries, long maxBytes) {
      this.maxEntries = maxEntries;
      this.maxBytes = maxBytes;
    }

    synchronized JsonNode get(String location) {
      Entry e = entries.get(location);
      return e == null ? null : e.value;
    }

    synchronized void put(String location, JsonNode value, long size) {
      if (maxEntries == 0 || size > maxBytes) {
        return;
      }
      Entry old = entries.put(location, new Entry(value, size));
      if (old != null) {
        bytes -= old.size;
      }
      bytes += size;
      Iterator<Map.Entry<String, Entry>> eldest = entries.entrySet().iterator();
      while (entries.size() > maxEntries || bytes > maxBytes) {
        Map.Entry<String, Entry> e = eldest.next();
        bytes -= e.getValue().size;
        eldest.remove();
      }
    }

    private record Entry(JsonNode value, long size) {}
  }

  /** Configures an {@link S3PayloadStore}. */
  public static final class Builder {
    private S3Client s3;
    private String bucket;
    private String prefix = DEFAULT_PREFIX;
    private int thresholdBytes = 64 * 1024;
    private int cacheEntries = 32;
    private long cacheBytes = 8L * 1024 * 1024;

    private Builder() {}

    /** The client (required). */
    public Builder client(S3Client s3) {
      this.s3 = s3;
      return this;
    }

    /** The bucket (required). */
    public Builder bucket(String bucket) {
      this.bucket = bucket;
      return this;
    }

    /** The key prefix; {@value #DEFAULT_PREFIX} by default, may be empty. */
    public Builder prefix(String prefix) {
      this.prefix = Objects.requireNonNull(prefix, "prefix");
      return this;
    }

    /** Payloads of more bytes than this (as compact JSON) go to the bucket; 64 KB by default. */
    public Builder thresholdBytes(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("thresholdBytes must not be negative");
      }
      this.thresholdBytes = n;
      return this;
    }

    /** How many payloads to cache, and their total size in bytes; 32 and 8 MB by default. */
    public Builder cache(int entries, long bytes) {
      if (entries < 0 || bytes < 0) {
        throw new IllegalArgumentException("cache limits must not be negative");
      }
      this.cacheEntries = entries;
      this.cacheBytes = bytes;
      return this;
    }

    /** The store. */
    public S3PayloadStore build() {
      return new S3PayloadStore(this);
    }
  }
}

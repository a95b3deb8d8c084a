package dev.triggerflow.aws.dynamodb;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Text values (JSON, mostly) as item attributes: small ones as a readable string attribute, larger
 * ones gzip-compressed in a binary attribute. JSON of repeated shapes shrinks several times, which
 * keeps more of a large value inside one item and costs fewer write units.
 */
final class Bodies {
  /** Text up to this many UTF-8 bytes is stored as it is, so that it can be read in a console. */
  static final int COMPRESS_ABOVE_BYTES = 16 * 1024;

  /**
   * The most bytes one value may take in an item: DynamoDB's limit is 400 KB for the whole item, so
   * this leaves room for the keys and the other attributes.
   */
  static final int MAX_VALUE_BYTES = 380_000;

  private Bodies() {}

  /**
   * A value as stored: exactly one of {@code text} and {@code gzip} is set.
   *
   * @param text the value as it is
   * @param gzip the value's UTF-8 bytes, gzip-compressed
   */
  record Body(String text, SdkBytes gzip) {
    /** The stored size in bytes. */
    long size() {
      return text != null
          ? text.getBytes(StandardCharsets.UTF_8).length
          : gzip.asByteArray().length;
    }

    /** The attribute value of the one form that is set. */
    AttributeValue attributeValue() {
      return text != null ? AttributeValue.fromS(text) : AttributeValue.fromB(gzip);
    }
  }

  /** Encodes a value, compressing it when it is large. */
  static Body encode(String value) {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    if (utf8.length <= COMPRESS_ABOVE_BYTES) {
      return new Body(value, null);
    }
    return new Body(null, SdkBytes.fromByteArrayUnsafe(gzip(utf8)));
  }

  /**
   * Encodes a value that must fit in one item.
   *
   * @throws ItemTooLargeException naming {@code what} if it does not fit even compressed
   */
  static Body encodeFitting(String value, String what) {
    Body body = encode(value);
    if (body.size() > MAX_VALUE_BYTES) {
      throw new ItemTooLargeException(what, body.size(), MAX_VALUE_BYTES);
    }
    return body;
  }

  /** Decodes a value from whichever of the two forms is present; null if neither is. */
  static String decode(String text, SdkBytes gzip) {
    if (text != null) {
      return text;
    }
    if (gzip == null) {
      return null;
    }
    return new String(gunzip(gzip.asByteArray()), StandardCharsets.UTF_8);
  }

  static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4 + 64);
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compress in memory", e);
    }
    return out.toByteArray();
  }

  static byte[] gunzip(byte[] bytes) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("a stored value is not valid gzip data", e);
    }
  }
}

package dev.triggerflow.aws.eventbridge;

import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * The size of a PutEvents entry as EventBridge counts it against its limits: the UTF-8 bytes of the
 * source, detail type, detail and resources, plus 14 bytes for the time when it is set.
 */
final class EntrySize {
  private static final int TIME_BYTES = 14;

  private EntrySize() {}

  static long of(PutEventsRequestEntry entry) {
    long size = 0;
    if (entry.time() != null) {
      size += TIME_BYTES;
    }
    size += utf8(entry.source());
    size += utf8(entry.detailType());
    size += utf8(entry.detail());
    if (entry.hasResources()) {
      for (String resource : entry.resources()) {
        size += utf8(resource);
      }
    }
    return size;
  }

  private static long utf8(String s) {
    return s == null ? 0 : s.getBytes(StandardCharsets.UTF_8).length;
  }
}

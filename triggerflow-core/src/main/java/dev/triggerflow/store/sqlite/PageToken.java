package dev.triggerflow.store.sqlite;

import dev.triggerflow.spi.RunRecord;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;

/** Where a page of runs ended: the creation time and id of its last run, opaque to callers. */
record PageToken(Instant createdAt, String runId) {

  static PageToken of(RunRecord run) {
    return new PageToken(run.createdAt(), run.runId());
  }

  String format() {
    String plain = createdAt.getEpochSecond() + ":" + createdAt.getNano() + ":" + runId;
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(plain.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a token made by {@link #format}.
   *
   * @throws IllegalArgumentException if it is not one
   */
  static PageToken parse(String token) {
    try {
      String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      String[] parts = plain.split(":", 3);
      if (parts.length != 3) {
        throw new IllegalArgumentException("three parts expected");
      }
      return new PageToken(
          Instant.ofEpochSecond(Long.parseLong(parts[0]), Integer.parseInt(parts[1])), parts[2]);
    } catch (IllegalArgumentException | DateTimeException e) {
      throw new IllegalArgumentException(
          "page token '" + token + "' is not one this store returned", e);
    }
  }
}

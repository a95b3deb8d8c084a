package dev.triggerflow.aws.eventbridge;

import dev.triggerflow.event.Event;
import dev.triggerflow.event.EventCodec;
import dev.triggerflow.spi.EventPublisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Puts engine events on an EventBridge bus: {@code Source} is the CloudEvent's source (the engine's
 * source name for engine events), {@code DetailType} its type, {@code Detail} the CloudEvent JSON.
 *
 * <p>Events go in PutEvents requests of at most ten entries and at most the request size limit.
 * Every entry's size is checked before anything is sent: an event too large for an entry is refused
 * with {@link EventTooLargeException}, never cut. Entries that EventBridge reports as failed are
 * sent again, alone, after a growing pause, a bounded number of times; then {@link
 * PublishFailedException} names them. Throttling and server errors of the request as a whole are
 * retried by the SDK itself.
 */
public final class EventBridgePublisher implements EventPublisher {
  private static final Logger log = LoggerFactory.getLogger(EventBridgePublisher.class);

  /** The most entries one PutEvents request may carry. */
  public static final int MAX_ENTRIES_PER_REQUEST = 10;

  /**
   * The default size limit of an entry and of a request, in bytes: 256 KB, the limit of emulators
   * and of older quotas (newer regions accept more, which this limit leaves unused).
   */
  public static final long DEFAULT_MAX_BYTES = 256 * 1024;

  private final EventBridgeClient client;
  private final String bus;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final long maxEntryBytes;
  private final long maxRequestBytes;
  private final Sleeper sleeper;

  private EventBridgePublisher(Builder b) {
    this.client = Objects.requireNonNull(b.client, "an EventBridge client is required");
    this.bus = Objects.requireNonNull(b.bus, "an event bus name is required");
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.maxEntryBytes = b.maxEntryBytes;
    this.maxRequestBytes = b.maxRequestBytes;
    this.sleeper = b.sleeper;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void publish(List<Event> events) {
    List<Pending> pending = new ArrayList<>(events.size());
    for (Event event : events) {
      PutEventsRequestEntry entry = entryOf(event);
      long size = EntrySize.of(entry);
      if (size > maxEntryBytes) {
        throw new EventTooLargeException(event.id(), event.type(), size, maxEntryBytes);
      }
      pending.add(new Pending(event, entry, size));
    }
    for (List<Pending> batch : batches(pending)) {
      send(batch);
    }
  }

  private PutEventsRequestEntry entryOf(Event event) {
    return PutEventsRequestEntry.builder()
        .eventBusName(bus)
        .source(event.source())
        .detailType(event.type())
        .detail(EventCodec.toJson(event))
        .time(event.time())
        .build();
  }

  /** Splits entries into requests within the count and size limits, keeping their order. */
  private List<List<Pending>> batches(List<Pending> entries) {
    List<List<Pending>> batches = new ArrayList<>();
    List<Pending> current = new ArrayList<>();
    long bytes = 0;
    for (Pending p : entries) {
      if (!current.isEmpty()
          && (current.size() == MAX_ENTRIES_PER_REQUEST || bytes + p.size > maxRequestBytes)) {
        batches.add(current);
        current = new ArrayList<>();
        bytes = 0;
      }
      current.add(p);
      bytes += p.size;
    }
    if (!current.isEmpty()) {
      batches.add(current);
    }
    return batches;
  }

  private void send(List<Pending> batch) {
    List<Pending> remaining = batch;
    List<String> errors = List.of();
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      PutEventsResponse response =
          client.putEvents(
              PutEventsRequest.builder()
                  .entries(remaining.stream().map(Pending::entry).toList())
                  .build());
      List<PutEventsResultEntry> results = response.entries();
      if (results.size() != remaining.size()) {
        throw new IllegalStateException(
            "EventBridge answered "
                + results.size()
                + " results for "
                + remaining.size()
                + " entries; cannot tell which events were accepted");
      }
      List<Pending> failed = new ArrayList<>();
      List<String> failures = new ArrayList<>();
      for (int i = 0; i < results.size(); i++) {
        PutEventsResultEntry result = results.get(i);
        if (result.errorCode() != null || result.eventId() == null) {
          Pending p = remaining.get(i);
          failed.add(p);
          failures.add(p.event.id() + ": " + result.errorCode() + " " + result.errorMessage());
        }
      }
      if (failed.isEmpty()) {
        return;
      }
      remaining = failed;
      errors = failures;
      log.warn(
          "EventBridge bus {} rejected {} event(s) on attempt {} of {}; first: {}",
          bus,
          failed.size(),
          attempt,
          maxAttempts,
          failures.get(0));
      if (attempt < maxAttempts) {
        pause(attempt);
      }
    }
    throw new PublishFailedException(bus, maxAttempts, errors);
  }

  private void pause(int attempt) {
    long factor = 1L << Math.min(attempt - 1, 20);
    Duration wait = initialBackoff.multipliedBy(factor);
    if (wait.compareTo(maxBackoff) > 0) {
      wait = maxBackoff;
    }
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to send events again", e);
    }
  }

  private record Pending(Event event, PutEventsRequestEntry entry, long size) {}

  /** Configures an {@link EventBridgePublisher}. */
  public static final class Builder {
    private EventBridgeClient client;
    private String bus;
    private int maxAttempts = 5;
    private Duration initialBackoff = Duration.ofMillis(100);
    private Duration maxBackoff = Duration.ofSeconds(2);
    private long maxEntryBytes = DEFAULT_MAX_BYTES;
    private long maxRequestBytes = DEFAULT_MAX_BYTES;
    private Sleeper sleeper = Sleeper.system();

    private Builder() {}

    /** The client (required). */
    public Builder client(EventBridgeClient client) {
      this.client = client;
      return this;
    }

    /** The bus name or ARN (required). */
    public Builder eventBus(String bus) {
      this.bus = bus;
      return this;
    }

    /** How often an entry is sent in all before giving up; 5 by default. */
    public Builder maxAttempts(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, not " + n);
      }
      this.maxAttempts = n;
      return this;
    }

    /** The pause before the second attempt, doubled for each one after; 100 ms by default. */
    public Builder initialBackoff(Duration d) {
      this.initialBackoff = requireNotNegative("initialBackoff", d);
      return this;
    }

    /** The longest pause between attempts; 2 s by default. */
    public Builder maxBackoff(Duration d) {
      this.maxBackoff = requireNotNegative("maxBackoff", d);
      return this;
    }

    /** The size limit of one entry in bytes; 256 KB by default. */
    public Builder maxEntryBytes(long n) {
      this.maxEntryBytes = positive("maxEntryBytes", n);
      return this;
    }

    /** The size limit of one request in bytes; 256 KB by default. */
    public Builder maxRequestBytes(long n) {
      this.maxRequestBytes = positive("maxRequestBytes", n);
      return this;
    }

    /** How to wait between attempts; the current thread sleeps by default. */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
      return this;
    }

    /** The publisher. */
    public EventBridgePublisher build() {
      if (maxRequestBytes < maxEntryBytes) {
        throw new IllegalArgumentException("maxRequestBytes must not be below maxEntryBytes");
      }
      return new EventBridgePublisher(this);
    }

    private static Duration requireNotNegative(String what, Duration d) {
      if (d == null || d.isNegative()) {
        throw new IllegalArgumentException(what + " must be zero or more");
      }
      return d;
    }

    private static long positive(String what, long n) {
      if (n < 1) {
        throw new IllegalArgumentException(what + " must be at least 1, not " + n);
      }
      return n;
    }
  }
}

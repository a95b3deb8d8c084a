package dev.triggerflow.aws.scheduler;

import dev.triggerflow.event.Event;
import dev.triggerflow.event.EventCodec;
import dev.triggerflow.spi.Clock;
import dev.triggerflow.spi.EventPublisher;
import dev.triggerflow.spi.TimerScheduler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;

/**
 * Durable timers as EventBridge Scheduler one-time schedules: at the timer's time the schedule puts
 * the timer's event on the bus (the CloudEvent as detail, its type as detail type), then deletes
 * itself. Schedule names derive from the timer id, so scheduling a timer twice finds the first
 * schedule and leaves it; the flexible time window is off.
 *
 * <p>A timer whose time has come already (or comes within a second) is not scheduled: its event is
 * published at once, since the scheduler may refuse a time in the past.
 */
public final class SchedulerTimers implements TimerScheduler {
  private static final Logger log = LoggerFactory.getLogger(SchedulerTimers.class);

  private static final Pattern VALID_NAME = Pattern.compile("[0-9A-Za-z_.-]{1,64}");
  private static final DateTimeFormatter AT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final Duration DUE = Duration.ofSeconds(1);

  private final Supplier<SchedulerClient> client;
  private final String group;
  private final String roleArn;
  private final String busArn;
  private final EventPublisher publisher;
  private final Clock clock;

  /**
   * Timers in schedule group {@code group}, whose schedules assume {@code roleArn} to put events on
   * the bus {@code busArn}; due timers go straight to {@code publisher}.
   */
  public SchedulerTimers(
      Supplier<SchedulerClient> client,
      String group,
      String roleArn,
      String busArn,
      EventPublisher publisher,
      Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.group = Objects.requireNonNull(group, "group");
    this.roleArn = Objects.requireNonNull(roleArn, "roleArn");
    this.busArn = Objects.requireNonNull(busArn, "busArn");
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void schedule(String timerId, Instant fireAt, Event event) {
    if (!fireAt.isAfter(clock.now().plus(DUE))) {
      log.debug("timer {} is due; publishing its event now", timerId);
      publisher.publish(List.of(event));
      return;
    }
    String name = scheduleName(timerId);
    try {
      client
          .get()
          .createSchedule(
              r ->
                  r.name(name)
                      .groupName(group)
                      .scheduleExpression("at(" + AT.format(roundUp(fireAt)) + ")")
                      .scheduleExpressionTimezone("UTC")
                      .flexibleTimeWindow(w -> w.mode(FlexibleTimeWindowMode.OFF))
                      .actionAfterCompletion(ActionAfterCompletion.DELETE)
                      .description("Triggerflow timer " + timerId)
                      .target(
                          t ->
                              t.arn(busArn)
                                  .roleArn(roleArn)
                                  .input(EventCodec.toJson(event))
                                  .eventBridgeParameters(
                                      p -> p.source(event.source()).detailType(event.type()))));
    } catch (ConflictException e) {
      log.debug("timer {} was scheduled already as {}", timerId, name);
    }
  }

  @Override
  public void cancel(String timerId) {
    try {
      client.get().deleteSchedule(r -> r.name(scheduleName(timerId)).groupName(group));
    } catch (ResourceNotFoundException e) {
      log.debug("timer {} had no schedule (fired, or never scheduled)", timerId);
    }
  }

  /** Schedules fire on whole seconds; rounding up never fires a timer early. */
  private static Instant roundUp(Instant t) {
    Instant whole = t.truncatedTo(ChronoUnit.SECONDS);
    return whole.equals(t) ? t : whole.plusSeconds(1);
  }

  /**
   * The schedule name of a timer: the timer id when it is a valid name, otherwise a readable prefix
   * and a hash of the id, so that long run ids still give distinct, stable names.
   */
  static String scheduleName(String timerId) {
    if (VALID_NAME.matcher(timerId).matches()) {
      return timerId;
    }
    String readable = timerId.replaceAll("[^0-9A-Za-z_.-]", "-");
    String prefix = readable.substring(0, Math.min(30, readable.length()));
    return prefix + "-" + sha256(timerId).substring(0, 32);
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * The ARN of an event bus: {@code bus} itself if it is an ARN, otherwise the bus of that name in
   * the account and region of {@code knownArn} (any ARN of the same deployment).
   *
   * @throws IllegalArgumentException if neither gives an ARN
   */
  public static String busArn(String bus, String knownArn) {
    if (bus.startsWith("arn:")) {
      return bus;
    }
    String[] parts = knownArn == null ? new String[0] : knownArn.split(":", 6);
    if (parts.length < 6 || !"arn".equals(parts[0]) || parts[3].isEmpty() || parts[4].isEmpty()) {
      throw new IllegalArgumentException(
          "cannot tell the ARN of event bus '"
              + bus
              + "': give the bus as an ARN, or the orchestrator function as an ARN");
    }
    return "arn:" + parts[1] + ":events:" + parts[3] + ":" + parts[4] + ":event-bus/" + bus;
  }
}

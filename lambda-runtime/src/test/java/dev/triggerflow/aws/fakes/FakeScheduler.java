package dev.triggerflow.aws.fakes;

import dev.triggerflow.json.Json;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.DeleteScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.DeleteScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;
import software.amazon.awssdk.services.scheduler.model.ValidationException;

/**
 * EventBridge Scheduler at the SDK level, for one-time schedules whose target is the fake bus.
 * {@code CreateSchedule} keeps the request; a second schedule of the same name in the same group is
 * refused with {@code ConflictException}, as the service does. {@code DeleteSchedule} removes one,
 * or answers {@code ResourceNotFoundException}. Time does not pass by itself: {@link #fireDue}
 * fires every schedule whose {@code at()} time has come, which puts its input on the bus with the
 * target's source and detail type and, with {@code ActionAfterCompletion.DELETE}, deletes it.
 */
public final class FakeScheduler implements SchedulerClient {
  private static final Pattern AT =
      Pattern.compile("at\\((\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d)\\)");

  private final ApiCalls calls;
  private final FakeEventBridge bus;
  private final Map<String, CreateScheduleRequest> schedules = new ConcurrentHashMap<>();
  private final List<CreateScheduleRequest> fired = new ArrayList<>();

  /** A scheduler whose schedules target {@code bus}. */
  public FakeScheduler(ApiCalls calls, FakeEventBridge bus) {
    this.calls = calls;
    this.bus = bus;
  }

  @Override
  public CreateScheduleResponse createSchedule(CreateScheduleRequest request) {
    calls.count("scheduler", "CreateSchedule");
    at(request);
    if (request.target() == null || !bus.isThisBus(request.target().arn())) {
      throw validation("the target must be the bus " + bus.arn());
    }
    if (schedules.putIfAbsent(key(request.groupName(), request.name()), request) != null) {
      throw ConflictException.builder()
          .statusCode(409)
          .message("Schedule " + request.name() + " already exists.")
          .awsErrorDetails(details("ConflictException", "Schedule already exists."))
          .build();
    }
    return CreateScheduleResponse.builder()
        .scheduleArn(
            "arn:aws:scheduler:us-east-1:123456789012:schedule/"
                + request.groupName()
                + "/"
                + request.name())
        .build();
  }

  @Override
  public DeleteScheduleResponse deleteSchedule(DeleteScheduleRequest request) {
    calls.count("scheduler", "DeleteSchedule");
    if (schedules.remove(key(request.groupName(), request.name())) == null) {
      throw ResourceNotFoundException.builder()
          .statusCode(404)
          .message("Schedule " + request.name() + " does not exist.")
          .awsErrorDetails(details("ResourceNotFoundException", "Schedule does not exist."))
          .build();
    }
    return DeleteScheduleResponse.builder().build();
  }

  /**
   * Fires every schedule due at {@code now}, earliest first: its input goes on the bus, and it is
   * deleted if it asks to be.
   *
   * @return how many fired
   */
  public synchronized int fireDue(Instant now) {
    List<CreateScheduleRequest> due =
        schedules.values().stream()
            .filter(r -> !at(r).isAfter(now))
            .sorted(Comparator.comparing(FakeScheduler::at))
            .toList();
    for (CreateScheduleRequest r : due) {
      var target = r.target();
      bus.putFromService(
          "scheduler",
          target.eventBridgeParameters().source(),
          target.eventBridgeParameters().detailType(),
          Json.parse(target.input()),
          at(r),
          List.of(
              "arn:aws:scheduler:us-east-1:123456789012:schedule/"
                  + r.groupName()
                  + "/"
                  + r.name()));
      fired.add(r);
      if (r.actionAfterCompletion() == ActionAfterCompletion.DELETE) {
        schedules.remove(key(r.groupName(), r.name()));
      }
    }
    return due.size();
  }

  /** The schedules that exist now. */
  public List<CreateScheduleRequest> schedules() {
    return List.copyOf(schedules.values());
  }

  /** The schedules that have fired. */
  public synchronized List<CreateScheduleRequest> fired() {
    return List.copyOf(fired);
  }

  /** When a one-time schedule fires; only {@code at()} expressions are supported. */
  public static Instant at(CreateScheduleRequest r) {
    Matcher m = AT.matcher(Objects.toString(r.scheduleExpression(), ""));
    if (!m.matches()) {
      throw validation("only one-time at() expressions are supported: " + r.scheduleExpression());
    }
    String zone = r.scheduleExpressionTimezone() == null ? "UTC" : r.scheduleExpressionTimezone();
    return LocalDateTime.parse(m.group(1), DateTimeFormatter.ISO_LOCAL_DATE_TIME)
        .atZone(ZoneId.of(zone))
        .toInstant();
  }

  private static String key(String group, String name) {
    return (group == null ? "default" : group) + "/" + name;
  }

  private static ValidationException validation(String message) {
    return ValidationException.builder()
        .statusCode(400)
        .message(message)
        .awsErrorDetails(details("ValidationException", message))
        .build();
  }

  private static AwsErrorDetails details(String code, String message) {
    return AwsErrorDetails.builder()
        .errorCode(code)
        .errorMessage(message)
        .serviceName("Scheduler")
        .build();
  }

  @Override
  public String serviceName() {
    return SERVICE_NAME;
  }

  @Override
  public void close() {}
}

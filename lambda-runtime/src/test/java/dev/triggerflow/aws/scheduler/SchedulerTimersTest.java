package dev.triggerflow.aws.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triggerflow.aws.fakes.Events;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.event.Event;
import dev.triggerflow.event.EventCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.scheduler.SchedulerClient;
import software.amazon.awssdk.services.scheduler.model.ActionAfterCompletion;
import software.amazon.awssdk.services.scheduler.model.ConflictException;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.CreateScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.DeleteScheduleRequest;
import software.amazon.awssdk.services.scheduler.model.DeleteScheduleResponse;
import software.amazon.awssdk.services.scheduler.model.FlexibleTimeWindowMode;
import software.amazon.awssdk.services.scheduler.model.ResourceNotFoundException;

class SchedulerTimersTest {
  private static final String BUS_ARN = "arn:aws:events:us-east-1:123456789012:event-bus/tf";

  private final FakeScheduler scheduler = new FakeScheduler();
  private final List<Event> published = new ArrayList<>();

  private SchedulerTimers timers() {
    return new SchedulerTimers(
        () -> scheduler,
        "tf-timers",
        "arn:aws:iam::1:role/tf",
        BUS_ARN,
        published::addAll,
        () -> Events.T0);
  }

  private static Event timerEvent(Instant at) {
    return EngineEvents.timerFired("run-1", 4, 1, EngineEvents.groupSubject("run-1", 4), at);
  }

  @Test
  void schedule_createsAOneTimeScheduleThatPutsTheEventOnTheBusAndDeletesItself() {
    Instant at = Events.T0.plus(Duration.ofMinutes(10)).plusMillis(300);
    Event event = timerEvent(at);

    timers().schedule("run-1-c4-a1", at, event);

    CreateScheduleRequest r = scheduler.created.get(0);
    assertThat(r.name()).isEqualTo("run-1-c4-a1");
    assertThat(r.groupName()).isEqualTo("tf-timers");
    assertThat(r.scheduleExpression()).isEqualTo("at(2026-01-01T00:10:01)");
    assertThat(r.scheduleExpressionTimezone()).isEqualTo("UTC");
    assertThat(r.flexibleTimeWindow().mode()).isEqualTo(FlexibleTimeWindowMode.OFF);
    assertThat(r.actionAfterCompletion()).isEqualTo(ActionAfterCompletion.DELETE);
    assertThat(r.target().arn()).isEqualTo(BUS_ARN);
    assertThat(r.target().eventBridgeParameters().detailType()).isEqualTo(EngineEvents.TIMER_FIRED);
    assertThat(r.target().eventBridgeParameters().source()).isEqualTo(EngineEvents.SOURCE);
    assertThat(EventCodec.fromJson(r.target().input())).isEqualTo(event);
    assertThat(published).isEmpty();
  }

  @Test
  void schedule_sameTimerTwice_keepsTheFirstSchedule() {
    Instant at = Events.T0.plus(Duration.ofMinutes(10));
    timers().schedule("run-1-c4-a1", at, timerEvent(at));

    timers().schedule("run-1-c4-a1", at, timerEvent(at));

    assertThat(scheduler.names).containsExactly("run-1-c4-a1");
  }

  @Test
  void schedule_timerAlreadyDue_publishesItsEventAtOnce() {
    Event event = timerEvent(Events.T0);

    timers().schedule("run-1-c4-a1", Events.T0.minusSeconds(5), event);

    assertThat(published).containsExactly(event);
    assertThat(scheduler.created).isEmpty();
  }

  @Test
  void cancel_removesTheScheduleAndIgnoresOneThatIsGone() {
    Instant at = Events.T0.plus(Duration.ofMinutes(10));
    timers().schedule("run-1-c4-a1", at, timerEvent(at));

    timers().cancel("run-1-c4-a1");
    timers().cancel("run-1-c4-a1");

    assertThat(scheduler.names).isEmpty();
  }

  @Test
  void scheduleName_longOrOddTimerIds_giveStableValidDistinctNames() {
    String longId = "r".repeat(120) + "-c1-a1";
    String otherLongId = "r".repeat(120) + "-c2-a1";

    String name = SchedulerTimers.scheduleName(longId);

    assertThat(name).matches("[0-9A-Za-z_.-]{1,64}");
    assertThat(SchedulerTimers.scheduleName(longId)).isEqualTo(name);
    assertThat(SchedulerTimers.scheduleName(otherLongId)).isNotEqualTo(name);
    assertThat(SchedulerTimers.scheduleName("a/b")).matches("[0-9A-Za-z_.-]{1,64}");
  }

  @Test
  void busArn_fromANameAndAnotherArnOfTheDeployment() {
    assertThat(
            SchedulerTimers.busArn(
                "tf-bus", "arn:aws:lambda:eu-west-1:123456789012:function:tf-orchestrator:live"))
        .isEqualTo("arn:aws:events:eu-west-1:123456789012:event-bus/tf-bus");
    assertThat(SchedulerTimers.busArn(BUS_ARN, null)).isEqualTo(BUS_ARN);
    assertThatThrownBy(() -> SchedulerTimers.busArn("tf-bus", "tf-orchestrator"))
        .hasMessageContaining("give the bus as an ARN");
  }

  /** EventBridge Scheduler's create and delete, with its conflict and not-found errors. */
  private static final class FakeScheduler implements SchedulerClient {
    final List<CreateScheduleRequest> created = new ArrayList<>();
    final Set<String> names = new HashSet<>();

    @Override
    public CreateScheduleResponse createSchedule(CreateScheduleRequest request) {
      if (!names.add(request.name())) {
        throw ConflictException.builder().statusCode(409).message("exists").build();
      }
      created.add(request);
      return CreateScheduleResponse.builder().scheduleArn("arn:" + request.name()).build();
    }

    @Override
    public DeleteScheduleResponse deleteSchedule(DeleteScheduleRequest request) {
      if (!names.remove(request.name())) {
        throw ResourceNotFoundException.builder().statusCode(404).message("gone").build();
      }
      return DeleteScheduleResponse.builder().build();
    }

    @Override
    public String serviceName() {
      return SERVICE_NAME;
    }

    @Override
    public void close() {}
  }
}

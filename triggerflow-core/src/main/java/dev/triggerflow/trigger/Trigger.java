package dev.triggerflow.trigger;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.api.Names;
import dev.triggerflow.event.Event;
import dev.triggerflow.json.Json;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A trigger in Triggerflow's event-condition-action model, as it is stored.
 *
 * <p>It is activated by events with one of its {@code subjects} and, when {@code types} is not
 * empty, one of its types. Each distinct activation event is passed to the {@code condition}; when
 * that returns true the {@code action} runs. The {@code context} persists across events. A
 * transient trigger fires once: it then stops matching new events, and its record stays, inactive,
 * until the run ends, so that a late duplicate is recognised and dropped rather than taken for an
 * unknown event.
 *
 * @param runId the run (scope) the trigger belongs to
 * @param id the trigger's id, unique within the run
 * @param subjects activation subjects
 * @param types activation types; empty matches any type
 * @param condition the registered name of the condition
 * @param conditionParams the condition's parameters
 * @param action the registered name of the action
 * @param actionParams the action's parameters
 * @param context the persistent context
 * @param isTransient whether the trigger fires only once
 * @param seen the events already counted, so duplicates never count twice
 * @param fired whether a transient trigger has fired
 * @param firedBy the id of the event that last made the trigger fire, or null
 * @param actionDone whether the action of the last firing completed
 * @param version the optimistic-concurrency version, incremented by every update
 * @param createdAt when the trigger was created
 * @param firedAt when the trigger last fired, or null
 */
public record Trigger(
    String runId,
    String id,
    Set<String> subjects,
    Set<String> types,
    String condition,
    JsonNode conditionParams,
    String action,
    JsonNode actionParams,
    ObjectNode context,
    boolean isTransient,
    SeenEvents seen,
    boolean fired,
    String firedBy,
    boolean actionDone,
    long version,
    Instant createdAt,
    Instant firedAt) {

  /** A trigger that has not fired yet, or whose firing time is not known. */
  public Trigger(
      String runId,
      String id,
      Set<String> subjects,
      Set<String> types,
      String condition,
      JsonNode conditionParams,
      String action,
      JsonNode actionParams,
      ObjectNode context,
      boolean isTransient,
      SeenEvents seen,
      boolean fired,
      String firedBy,
      boolean actionDone,
      long version,
      Instant createdAt) {
    this(
        runId,
        id,
        subjects,
        types,
        condition,
        conditionParams,
        action,
        actionParams,
        context,
        isTransient,
        seen,
        fired,
        firedBy,
        actionDone,
        version,
        createdAt,
        null);
  }

  public Trigger {
    Names.requireValid("run id", runId);
    Names.requireValid("trigger id", id);
    if (subjects == null || subjects.isEmpty()) {
      throw new IllegalArgumentException("trigger '" + id + "' needs at least one subject");
    }
    subjects = Set.copyOf(subjects);
    types = types == null ? Set.of() : Set.copyOf(types);
    Names.requireValid("condition name", condition);
    Names.requireValid("action name", action);
    conditionParams = conditionParams == null ? NullNode.getInstance() : conditionParams;
    actionParams = actionParams == null ? NullNode.getInstance() : actionParams;
    context = context == null ? Json.mapper().createObjectNode() : context;
    seen = seen == null ? SeenEvents.empty() : seen;
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** A new, active trigger. */
  public static Trigger create(
      String runId,
      String id,
      Set<String> subjects,
      Set<String> types,
      String condition,
      JsonNode conditionParams,
      String action,
      JsonNode actionParams,
      boolean isTransient,
      SeenEvents seen,
      Instant createdAt) {
    return new Trigger(
        runId,
        id,
        subjects,
        types,
        condition,
        conditionParams,
        action,
        actionParams,
        null,
        isTransient,
        seen,
        false,
        null,
        false,
        0,
        createdAt);
  }

  /** Whether an event activates this trigger by subject and type. */
  public boolean activatedBy(Event event) {
    return subjects.contains(event.subject()) && (types.isEmpty() || types.contains(event.type()));
  }

  /** Whether the trigger still takes new events. */
  @JsonIgnore
  public boolean isActive() {
    return !fired;
  }

  /** This trigger after an evaluation at {@code now}. */
  Trigger evaluated(
      ObjectNode newContext, SeenEvents newSeen, boolean fire, String eventId, Instant now) {
    return new Trigger(
        runId,
        id,
        subjects,
        types,
        condition,
        conditionParams,
        action,
        actionParams,
        newContext,
        isTransient,
        newSeen,
        fired || (fire && isTransient),
        fire ? eventId : firedBy,
        fire ? false : actionDone,
        version + 1,
        createdAt,
        fire ? now : firedAt);
  }

  /** This trigger with its action marked done. */
  Trigger withActionDone() {
    return new Trigger(
        runId,
        id,
        subjects,
        types,
        condition,
        conditionParams,
        action,
        actionParams,
        context,
        isTransient,
        seen,
        fired,
        firedBy,
        true,
        version + 1,
        createdAt,
        firedAt);
  }
}

package dev.triggerflow.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What a condition sees of its trigger: its parameters and its mutable, persistent context. */
public interface TriggerContext {

  /** The run (trigger scope) the trigger belongs to. */
  String runId();

  /** The trigger's id. */
  String triggerId();

  /** The condition's parameters, fixed when the trigger was created. */
  JsonNode params();

  /** The persistent context; changes are saved when the evaluation is. */
  ObjectNode state();
}

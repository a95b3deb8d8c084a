package dev.triggerflow.aws.handler;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triggerflow.aws.config.LambdaEngine;
import dev.triggerflow.aws.metrics.EngineMetrics;
import dev.triggerflow.json.Json;
import dev.triggerflow.trigger.TriggerProcessor.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The trigger function, the target of the engine's EventBridge rule. It takes what EventBridge
 * delivers, one event in its envelope, and also a JSON array of events (envelopes or bare
 * CloudEvents), and passes each to the trigger processor.
 *
 * <p>Besides engine events it takes the Lambda Destinations records of task functions (the results
 * of foreign tasks, and the failures of task functions that crashed), which a second rule sends
 * here; the trigger processor turns them into task results.
 *
 * <p>An event that cannot be processed, because it is not JSON, lacks attributes, or names a run or
 * call that does not exist, is logged with the reason and stored as a dead letter; the invocation
 * still succeeds, since delivering it again cannot help. A store or action failure is different: it
 * may pass, so the invocation fails after the remaining events of the batch are processed, and the
 * delivery is retried. Processing is idempotent (events carry deterministic ids) so events that
 * succeeded the first time are recognised as duplicates.
 *
 * <p>The response counts the events by outcome, for logs and tests.
 */
public final class TriggerHandler implements RequestStreamHandler {
  private static final Logger log = LoggerFactory.getLogger(TriggerHandler.class);

  private final LambdaEngine engine;

  /** The constructor the Lambda runtime uses: the container's engine, from the environment. */
  public TriggerHandler() {
    this(LambdaEngine.shared());
  }

  /** A handler on a given engine. Builds the parts it uses now, in the function's init phase. */
  public TriggerHandler(LambdaEngine engine) {
    this.engine = Objects.requireNonNull(engine, "engine");
    engine.triggerProcessor();
  }

  @Override
  public void handleRequest(InputStream input, OutputStream output, Context context)
      throws IOException {
    HandlerIo.putRequestId(context);
    // The trigger processor records into the invocation as native runs start and finish.
    EngineMetrics.Invocation metrics = engine.metrics().begin();
    try {
      String text = HandlerIo.readText(input);
      Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
      List<RuntimeException> failures = new ArrayList<>();
      for (JsonNode item : items(text)) {
        try {
          counts.merge(processOne(item == null ? text : item.toString(), item), 1, Integer::sum);
        } catch (RuntimeException e) {
          failures.add(e);
        }
      }
      if (!failures.isEmpty()) {
        RuntimeException first = failures.get(0);
        failures.subList(1, failures.size()).forEach(first::addSuppressed);
        throw first;
      }
      HandlerIo.write(output, summary(counts));
    } finally {
      metrics.close();
      MDC.remove(HandlerIo.REQUEST_ID);
    }
  }

  /** The events of a delivery; a single null when the delivery is not JSON at all. */
  private static List<JsonNode> items(String text) {
    JsonNode root;
    try {
      root = Json.parse(text);
    } catch (RuntimeException e) {
      List<JsonNode> unreadable = new ArrayList<>();
      unreadable.add(null);
      return unreadable;
    }
    List<JsonNode> items = new ArrayList<>();
    if (root != null && root.isArray()) {
      root.forEach(items::add);
    } else {
      items.add(root);
    }
    return items;
  }

  /**
   * Hands one event to the processor, which reads engine events, their EventBridge envelopes and
   * Lambda Destinations records, and dead-letters what it cannot read. The event's run and call go
   * into the logging context first, when they can be read.
   *
   * @param item the event as parsed, or null when it is not JSON
   */
  private Outcome processOne(String text, JsonNode item) {
    if (item != null) {
      LogContext.putEvent(item);
    }
    try {
      return engine.triggerProcessor().processJson(text);
    } catch (RuntimeException e) {
      log.error("processing an event failed; the delivery will be retried", e);
      throw e;
    } finally {
      LogContext.clearEvent();
    }
  }

  private static ObjectNode summary(Map<Outcome, Integer> counts) {
    ObjectNode node = Json.mapper().createObjectNode();
    for (Outcome o : Outcome.values()) {
      node.put(o.name().toLowerCase(java.util.Locale.ROOT), counts.getOrDefault(o, 0));
    }
    return node;
  }
}

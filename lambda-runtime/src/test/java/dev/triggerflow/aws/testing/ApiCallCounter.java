package dev.triggerflow.aws.testing;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the API calls an SDK client makes, by operation name ({@code PutItem}, {@code Query},
 * ...). Register it on a client's override configuration; each attempt the SDK makes is counted
 * once, retries included, because each is billed and each takes a round trip.
 */
public final class ApiCallCounter implements ExecutionInterceptor {
  private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    calls.computeIfAbsent(operation, o -> new LongAdder()).increment();
  }

  /** The calls made since the last reset, by operation, in name order. */
  public Map<String, Long> counts() {
    Map<String, Long> counts = new TreeMap<>();
    calls.forEach((operation, n) -> counts.put(operation, n.sum()));
    counts.values().removeIf(n -> n == 0);
    return counts;
  }

  /** The calls of one operation since the last reset. */
  public long count(String operation) {
    LongAdder n = calls.get(operation);
    return n == null ? 0 : n.sum();
  }

  /** All calls since the last reset. */
  public long total() {
    return calls.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Forgets the calls counted so far. */
  public void reset() {
    calls.clear();
  }
}

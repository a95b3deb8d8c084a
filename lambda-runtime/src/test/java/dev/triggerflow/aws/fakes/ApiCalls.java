package dev.triggerflow.aws.fakes;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts AWS API calls by service and operation, as {@code service:Operation}. */
public final class ApiCalls {
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  /** Counts one call. */
  public void count(String service, String operation) {
    counts.computeIfAbsent(service + ":" + operation, k -> new LongAdder()).increment();
  }

  /** The counts so far, sorted by key. */
  public Map<String, Long> snapshot() {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** The calls made between two snapshots. */
  public static Map<String, Long> between(Map<String, Long> before, Map<String, Long> after) {
    Map<String, Long> out = new TreeMap<>();
    after.forEach(
        (k, v) -> {
          long d = v - before.getOrDefault(k, 0L);
          if (d != 0) {
            out.put(k, d);
          }
        });
    return out;
  }

  /** The sum of all counts. */
  public static long total(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }
}

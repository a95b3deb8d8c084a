package dev.triggerflow.trigger;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.triggerflow.event.Event;
import java.util.Base64;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The events a trigger has already counted. Results of the calls of one call group are kept as one
 * bit per call, so a join over a map of 100,000 calls keeps 12.5 KB; any other event is kept by id.
 * The structure is immutable: {@link #with} returns a new one.
 */
public final class SeenEvents {
  private static final SeenEvents EMPTY = new SeenEvents(0, 0, new BitSet(), Set.of());

  private final int firstCall;
  private final int callCount;
  private final BitSet calls;
  private final Set<String> ids;

  private SeenEvents(int firstCall, int callCount, BitSet calls, Set<String> ids) {
    this.firstCall = firstCall;
    this.callCount = callCount;
    this.calls = calls;
    this.ids = ids;
  }

  /** Nothing seen, and events are kept by id. */
  public static SeenEvents empty() {
    return EMPTY;
  }

  /** Nothing seen; results of calls {@code first .. first+count-1} are kept as bits. */
  public static SeenEvents forCalls(int first, int count) {
    return new SeenEvents(first, count, new BitSet(count), Set.of());
  }

  @JsonCreator
  static SeenEvents fromJson(
      @JsonProperty("firstCall") int firstCall,
      @JsonProperty("callCount") int callCount,
      @JsonProperty("calls") String calls,
      @JsonProperty("ids") List<String> ids) {
    BitSet bits = calls == null ? new BitSet() : BitSet.valueOf(Base64.getDecoder().decode(calls));
    return new SeenEvents(
        firstCall, callCount, bits, ids == null ? Set.of() : Set.copyOf(new TreeSet<>(ids)));
  }

  @JsonProperty("firstCall")
  int firstCall() {
    return firstCall;
  }

  @JsonProperty("callCount")
  int callCount() {
    return callCount;
  }

  @JsonProperty("calls")
  String callsBase64() {
    return Base64.getEncoder().encodeToString(calls.toByteArray());
  }

  @JsonProperty("ids")
  List<String> idList() {
    return List.copyOf(new TreeSet<>(ids));
  }

  private int bitOf(Event event) {
    if (callCount == 0) {
      return -1;
    }
    Integer call = event.callId().orElse(null);
    if (call == null || call < firstCall || call >= firstCall + callCount) {
      return -1;
    }
    return call - firstCall;
  }

  /**
   * Whether this set can count the event: a set that keeps one bit per call of a group takes only
   * events of the group's calls; any other set takes any event.
   */
  public boolean accepts(Event event) {
    return callCount == 0 || bitOf(event) >= 0;
  }

  /** The calls this set keeps as bits, for error messages: "calls 5 to 9". */
  public String describeCalls() {
    return callCount == 0
        ? "any event"
        : "calls " + firstCall + " to " + (firstCall + callCount - 1);
  }

  /** Whether the event (or another result of the same call) was counted already. */
  public boolean contains(Event event) {
    int bit = bitOf(event);
    return bit >= 0 ? calls.get(bit) : ids.contains(event.id());
  }

  /** These seen events plus one more. */
  public SeenEvents with(Event event) {
    int bit = bitOf(event);
    if (bit >= 0) {
      BitSet copy = (BitSet) calls.clone();
      copy.set(bit);
      return new SeenEvents(firstCall, callCount, copy, ids);
    }
    Set<String> more = new TreeSet<>(ids);
    more.add(event.id());
    return new SeenEvents(firstCall, callCount, calls, Set.copyOf(more));
  }

  /** How many events have been counted. */
  public int size() {
    return calls.cardinality() + ids.size();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SeenEvents s
        && firstCall == s.firstCall
        && callCount == s.callCount
        && calls.equals(s.calls)
        && ids.equals(s.ids);
  }

  @Override
  public int hashCode() {
    return calls.hashCode() * 31 + ids.hashCode();
  }
}

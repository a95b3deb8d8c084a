package dev.triggerflow.aws.e2e;

import dev.triggerflow.aws.fakes.ApiCalls;
import dev.triggerflow.aws.fakes.Testbed;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** The API calls of each step of a run, measured between quiet points, and printed. */
final class StepMeter {
  private final Testbed aws;
  private final Map<String, Map<String, Long>> steps = new LinkedHashMap<>();
  private Map<String, Long> mark;

  StepMeter(Testbed aws) {
    this.aws = aws;
    this.mark = aws.apiCalls();
  }

  /** Ends a step: the calls since the previous one. */
  void step(String name) {
    Map<String, Long> now = aws.apiCalls();
    steps.put(name, ApiCalls.between(mark, now));
    mark = now;
  }

  Map<String, Map<String, Long>> steps() {
    return steps;
  }

  /** Every step's calls added up. */
  Map<String, Long> total() {
    Map<String, Long> total = new TreeMap<>();
    steps.values().forEach(calls -> calls.forEach((op, n) -> total.merge(op, n, Long::sum)));
    return total;
  }

  /** Prints the steps and the total. */
  void print(String workflow) {
    StringBuilder text = new StringBuilder("API calls of " + workflow + ", per step:\n");
    steps.forEach(
        (step, calls) ->
            text.append(String.format("  %-45s %3d  %s%n", step, ApiCalls.total(calls), calls)));
    Map<String, Long> total = total();
    text.append(String.format("  %-45s %3d  %s%n", "total", ApiCalls.total(total), total));
    System.out.println(text);
  }
}

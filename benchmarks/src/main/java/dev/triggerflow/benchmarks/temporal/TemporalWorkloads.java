package dev.triggerflow.benchmarks.temporal;

import dev.triggerflow.benchmarks.StepClock;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The two workloads on Temporal's Java test environment: the in-memory test service, one worker
 * with default options, and workflows that call a no-op activity, the way a Temporal user writes
 * and tests them. The worker keeps each workflow cached between workflow tasks, so Temporal does
 * not replay from the top between steps; that is part of what is compared.
 */
public final class TemporalWorkloads implements AutoCloseable {
  private static final String TASK_QUEUE = "triggerflow-benchmarks";
  private static final ActivityOptions ACTIVITY =
      ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build();

  private final StepClock clock = new StepClock();
  private final AtomicLong runs = new AtomicLong();
  private final TestWorkflowEnvironment env;
  private final WorkflowClient client;

  /** The no-op activity: returns its input, the step number. */
  @ActivityInterface
  public interface NoOpActivity {
    /** Returns {@code step}. */
    @ActivityMethod
    int apply(int step);
  }

  /** {@code n} activity calls, each waiting for the previous one. */
  @WorkflowInterface
  public interface SequentialWorkflow {
    /** Runs the calls and returns how many returned what they were given. */
    @WorkflowMethod
    int run(int n);
  }

  /** {@code n} activity calls started together, then awaited together. */
  @WorkflowInterface
  public interface MapWorkflow {
    /** Runs the calls and returns how many results arrived. */
    @WorkflowMethod
    int run(int n);
  }

  /** The sequential workflow. */
  public static final class SequentialWorkflowImpl implements SequentialWorkflow {
    private final NoOpActivity noop = Workflow.newActivityStub(NoOpActivity.class, ACTIVITY);

    @Override
    public int run(int n) {
      int done = 0;
      for (int i = 1; i <= n; i++) {
        done += noop.apply(i) == i ? 1 : 0;
      }
      return done;
    }
  }

  /** The map workflow. */
  public static final class MapWorkflowImpl implements MapWorkflow {
    private final NoOpActivity noop = Workflow.newActivityStub(NoOpActivity.class, ACTIVITY);

    @Override
    public int run(int n) {
      List<Promise<Integer>> results = new ArrayList<>(n);
      for (int i = 1; i <= n; i++) {
        results.add(Async.function(noop::apply, i));
      }
      Promise.allOf(results).get();
      return results.size();
    }
  }

  /** Stamps the step clock with the step number, then returns it. */
  private static final class NoOpActivityImpl implements NoOpActivity {
    private final StepClock clock;

    NoOpActivityImpl(StepClock clock) {
      this.clock = clock;
    }

    @Override
    public int apply(int step) {
      clock.stamp(step);
      return step;
    }
  }

  /** Starts a test environment with one worker for both workflows. */
  public TemporalWorkloads() {
    this.env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(TASK_QUEUE);
    worker.registerWorkflowImplementationTypes(SequentialWorkflowImpl.class, MapWorkflowImpl.class);
    worker.registerActivitiesImplementations(new NoOpActivityImpl(clock));
    env.start();
    this.client = env.getWorkflowClient();
  }

  /**
   * What one run took.
   *
   * @param nanos from the start request to the result
   * @param workflowTasks how many workflow tasks ran the workflow's code: Temporal's wakes
   * @param stepCosts for a sequential run, the cost of each step asked for, in nanoseconds
   */
  public record Outcome(long nanos, int workflowTasks, List<Double> stepCosts) {}

  /** Runs the sequential workflow of {@code n} calls. */
  public Outcome sequential(int n, int... stepsAt) {
    String id = "sequential-" + runs.incrementAndGet();
    SequentialWorkflow workflow = client.newWorkflowStub(SequentialWorkflow.class, options(id));
    clock.reset(n);
    long start = System.nanoTime();
    int done = workflow.run(n);
    long nanos = System.nanoTime() - start;
    clock.finish(n);
    require(done == n, id, done, n);
    List<Double> costs = new ArrayList<>();
    for (int k : stepsAt) {
      costs.add(k <= n ? clock.stepCost(k, n) : 0.0);
    }
    return new Outcome(nanos, workflowTasks(id), costs);
  }

  /** Runs the map workflow of {@code n} calls. */
  public Outcome map(int n) {
    String id = "map-" + runs.incrementAndGet();
    MapWorkflow workflow = client.newWorkflowStub(MapWorkflow.class, options(id));
    clock.reset(n);
    long start = System.nanoTime();
    int done = workflow.run(n);
    long nanos = System.nanoTime() - start;
    require(done == n, id, done, n);
    return new Outcome(nanos, workflowTasks(id), List.of());
  }

  private static WorkflowOptions options(String id) {
    return WorkflowOptions.newBuilder().setTaskQueue(TASK_QUEUE).setWorkflowId(id).build();
  }

  private static void require(boolean ok, String id, int done, int n) {
    if (!ok) {
      throw new IllegalStateException("workflow " + id + " returned " + done + ", not " + n);
    }
  }

  private int workflowTasks(String workflowId) {
    return (int)
        client.fetchHistory(workflowId).getEvents().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
            .count();
  }

  @Override
  public void close() {
    env.close();
  }
}

package dev.triggerflow.cdk;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.util.Locale;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.lambda.Architecture;

/**
 * The CDK app that deploys the examples: the {@code sequence} and {@code pi} workflows and the
 * {@code my_function} and {@code monte_carlo} tasks, in one stack named {@value #STACK_NAME}. The
 * stack is environment-agnostic (no account or region, no lookups), so it synthesises offline and
 * deploys to whatever account and region the deploying credentials name.
 *
 * <p>Context ({@code -c key=value}): {@value #CODE_PATH_CONTEXT} overrides the path of the
 * deployable jar, which must hold the Lambda runtime and the examples; {@value #SNAP_START_CONTEXT}
 * ({@code true} or {@code false}) and {@value #ARCHITECTURE_CONTEXT} ({@code arm64} or {@code
 * x86_64}) adapt the functions to emulators such as LocalStack.
 */
public final class ExamplesApp {
  /** The stack's name and construct id. */
  public static final String STACK_NAME = "TriggerflowExamples";

  /** The context key that overrides the deployable jar's path. */
  public static final String CODE_PATH_CONTEXT = "triggerflow:codePath";

  /** The context key that turns SnapStart off (it is on by default). */
  public static final String SNAP_START_CONTEXT = "triggerflow:snapStart";

  /** The context key that picks the functions' architecture (arm64 by default). */
  public static final String ARCHITECTURE_CONTEXT = "triggerflow:architecture";

  /** The examples' registry provider. */
  public static final String REGISTRY_PROVIDER = "dev.triggerflow.examples.ExamplesRegistry";

  private ExamplesApp() {}

  /** Synthesises the examples stack, checked by the AWS Solutions rules of cdk-nag. */
  public static void main(String[] args) {
    App app = new App();
    createStack(app, context(app, CODE_PATH_CONTEXT, TriggerflowEngineProps.DEFAULT_CODE_PATH));
    // Findings are errors and warnings on the stack, so `cdk synth` reports them (and fails on
    // errors) on every synth, not only in the tests.
    Aspects.of(app).add(new AwsSolutionsChecks());
    app.synth();
  }

  /**
   * Defines the examples stack in the app, with the deployable jar at the given path and the
   * SnapStart and architecture context of the app.
   *
   * @throws IllegalArgumentException when a context value is not one of the allowed ones
   */
  public static Stack createStack(App app, String codePath) {
    Stack stack =
        new Stack(
            app,
            STACK_NAME,
            StackProps.builder()
                .description("Triggerflow examples: the sequence and pi workflows")
                .build());
    TriggerflowEngine engine =
        new TriggerflowEngine(
            stack,
            "Engine",
            TriggerflowEngineProps.builder()
                .registryProvider(REGISTRY_PROVIDER)
                .codePath(codePath)
                .snapStart(snapStart(app))
                .architecture(architecture(app))
                // An example deployment: deleting the stack deletes its data too.
                .removalPolicy(RemovalPolicy.DESTROY)
                .build());
    engine.addTask(
        "MyFunction",
        TaskFunctionProps.builder()
            .tasks("my_function")
            // Adds a number and returns: the smallest size a JVM starts comfortably in.
            .memorySize(512)
            .timeout(Duration.seconds(30))
            .build());
    engine.addTask(
        "MonteCarlo",
        TaskFunctionProps.builder()
            .tasks("monte_carlo")
            // CPU-bound sampling: 1769 MB is where Lambda allots one full vCPU.
            .memorySize(1769)
            .timeout(Duration.minutes(5))
            .build());
    return stack;
  }

  private static boolean snapStart(App app) {
    String value = context(app, SNAP_START_CONTEXT, "true").toLowerCase(Locale.ROOT);
    if (!value.equals("true") && !value.equals("false")) {
      throw new IllegalArgumentException(
          SNAP_START_CONTEXT + " must be true or false; got " + value);
    }
    return Boolean.parseBoolean(value);
  }

  private static Architecture architecture(App app) {
    String value = context(app, ARCHITECTURE_CONTEXT, "arm64");
    if (value.equals(Architecture.ARM_64.getName())) {
      return Architecture.ARM_64;
    }
    if (value.equals(Architecture.X86_64.getName())) {
      return Architecture.X86_64;
    }
    throw new IllegalArgumentException(
        ARCHITECTURE_CONTEXT + " must be arm64 or x86_64; got " + value);
  }

  private static String context(App app, String key, String fallback) {
    Object value = app.getNode().tryGetContext(key);
    return value == null ? fallback : value.toString();
  }
}

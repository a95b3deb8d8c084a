package dev.triggerflow.cdk;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app that deploys the examples: the {@code sequence} and {@code pi} workflows and the
 * {@code my_function} and {@code monte_carlo} tasks, in one stack named {@value #STACK_NAME}. The
 * stack is environment-agnostic (no account or region, no lookups), so it synthesises offline and
 * deploys to whatever account and region the deploying credentials name.
 *
 * <p>Context: {@value #CODE_PATH_CONTEXT} overrides the path of the deployable jar, which must hold
 * the Lambda runtime and the examples.
 */
public final class ExamplesApp {
  /** The stack's name and construct id. */
  public static final String STACK_NAME = "TriggerflowExamples";

  /** The context key that overrides the deployable jar's path. */
  public static final String CODE_PATH_CONTEXT = "triggerflow:codePath";

  /** The examples' registry provider. */
  public static final String REGISTRY_PROVIDER = "dev.triggerflow.examples.ExamplesRegistry";

  private ExamplesApp() {}

  /** Synthesises the examples stack, checked by the AWS Solutions rules of cdk-nag. */
  public static void main(String[] args) {
    App app = new App();
    Object codePath = app.getNode().tryGetContext(CODE_PATH_CONTEXT);
    createStack(
        app, codePath == null ? TriggerflowEngineProps.DEFAULT_CODE_PATH : codePath.toString());
    // Findings are errors and warnings on the stack, so `cdk synth` reports them (and fails on
    // errors) on every synth, not only in the tests.
    Aspects.of(app).add(new AwsSolutionsChecks());
    app.synth();
  }

  /** Defines the examples stack in the app, with the deployable jar at the given path. */
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
}

package dev.triggerflow.cdk;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.IRole;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.EventInvokeConfigOptions;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IDestination;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.lambda.RecursiveLoop;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * One Java function of the engine with everything it always needs: its own role (no managed
 * policies, so every permission it holds is one the engine granted on purpose), its own log group
 * with a retention, the settings every engine function shares, and, with SnapStart, a published
 * version behind an alias that is the only thing the rest of the engine invokes.
 */
final class EngineFunction extends Construct {
  /** The alias every caller invokes when SnapStart is on. */
  static final String ALIAS = "live";

  /** Every engine function's runtime. */
  static final Runtime RUNTIME = Runtime.JAVA_21;

  /**
   * What one engine function is.
   *
   * @param asyncInvoke how Lambda handles the function's asynchronous invocations, or null for a
   *     function that is only invoked synchronously (by an event source mapping, which has retries
   *     and an on-failure destination of its own)
   * @param functionName a fixed name, or null to let CloudFormation name the function
   */
  record Spec(
      String description,
      String handler,
      Code code,
      int memorySize,
      Duration timeout,
      Architecture architecture,
      boolean snapStart,
      Map<String, String> environment,
      RetentionDays logRetention,
      RemovalPolicy removalPolicy,
      AsyncInvoke asyncInvoke,
      String functionName) {}

  /** How Lambda retries a function's failed asynchronous invocations, and where it parks them. */
  record AsyncInvoke(int retryAttempts, Duration maxEventAge, IDestination onFailure) {}

  private final Map<String, String> environment;
  private final Role role;
  private final LogGroup logGroup;
  private final Function function;
  private final IFunction target;

  EngineFunction(Construct scope, String id, Spec spec) {
    super(scope, id);
    environment = Map.copyOf(spec.environment());

    role =
        Role.Builder.create(this, "Role")
            .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
            .description(spec.description())
            .build();

    // An explicit log group instead of Lambda's implicit one: the retention is part of the
    // template, and the role can be limited to this one group rather than creating groups.
    logGroup =
        LogGroup.Builder.create(this, "Logs")
            .retention(spec.logRetention())
            .removalPolicy(spec.removalPolicy())
            .build();
    role.addToPrincipalPolicy(
        PolicyStatement.Builder.create()
            .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
            .resources(List.of(logGroup.getLogGroupArn()))
            .build());

    Function.Builder builder =
        Function.Builder.create(this, "Function")
            .description(spec.description())
            .runtime(RUNTIME)
            .architecture(spec.architecture())
            .handler(spec.handler())
            .code(spec.code())
            .memorySize(spec.memorySize())
            .timeout(spec.timeout())
            .role(role)
            .logGroup(logGroup)
            .environment(spec.environment())
            // Every workflow is a chain of Lambda-to-Lambda hops (task, event, trigger,
            // orchestrator, task...). Lambda's loop detection would stop that chain after about
            // sixteen hops and end every longer workflow, so it is switched off deliberately.
            .recursiveLoop(RecursiveLoop.ALLOW);
    if (spec.functionName() != null) {
      builder.functionName(spec.functionName());
    }
    if (spec.snapStart()) {
      // The JVM's start-up (class loading, Jackson, the AWS SDK clients) is most of a cold
      // start; SnapStart restores an initialised snapshot instead. It applies only to published
      // versions, hence the alias below.
      builder.snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS);
    }
    function = builder.build();

    if (spec.snapStart()) {
      // CDK warns that SnapStart needs a published version; the alias below publishes one.
      Annotations.of(function)
          .acknowledgeWarning(
              "@aws-cdk/aws-lambda:snapStartRequirePublish",
              "the engine publishes a version on every change and invokes it through an alias");
      target =
          Alias.Builder.create(this, "Alias")
              .aliasName(ALIAS)
              .version(function.getCurrentVersion())
              .build();
    } else {
      target = function;
    }

    // A function invoked asynchronously has Lambda retry a failed invocation and then hand it to
    // the on-failure destination, so no wake or task is lost silently.
    if (spec.asyncInvoke() != null) {
      target.configureAsyncInvoke(
          EventInvokeConfigOptions.builder()
              .retryAttempts(spec.asyncInvoke().retryAttempts())
              .maxEventAge(spec.asyncInvoke().maxEventAge())
              .onFailure(spec.asyncInvoke().onFailure())
              .build());
    }
  }

  /** The variables the function was created with. */
  Map<String, String> environment() {
    return environment;
  }

  /** The execution role. */
  IRole role() {
    return role;
  }

  /** The log group. */
  LogGroup logGroup() {
    return logGroup;
  }

  /** The function itself, for its configuration. */
  Function function() {
    return function;
  }

  /** What callers invoke: the alias with SnapStart, the function without. */
  IFunction target() {
    return target;
  }

  /** Adds one statement to the execution role. */
  void allow(PolicyStatement statement) {
    role.addToPrincipalPolicy(statement);
  }
}

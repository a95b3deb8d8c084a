package dev.triggerflow.cdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triggerflow.deployment.AwsContract;
import dev.triggerflow.event.LambdaDestinations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.IStringProducer;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.RetentionDays;

/** The engine's settings, task wiring and validations, beyond the defaults. */
class EngineOptionsTest {

  // ----- props validation -----

  @Test
  void props_withoutRegistryProvider_areRejected() {
    assertThatThrownBy(() -> TriggerflowEngineProps.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("registryProvider");
  }

  @Test
  void props_withARegistryProviderThatIsNotAClassName_areRejected() {
    for (String bad : List.of("Registry", "com.example.", "com example.Registry", "1com.Reg")) {
      assertThatThrownBy(() -> TriggerflowEngineProps.builder().registryProvider(bad).build())
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("fully qualified name");
    }
  }

  @Test
  void props_outOfRange_areRejected_namingTheSetting() {
    assertRejected(b -> b.orchestratorMemorySize(64), "orchestratorMemorySize");
    assertRejected(b -> b.triggerMemorySize(20000), "triggerMemorySize");
    assertRejected(b -> b.orchestratorTimeout(Duration.minutes(16)), "orchestratorTimeout");
    assertRejected(b -> b.triggerTimeout(Duration.millis(500)), "triggerTimeout");
    assertRejected(b -> b.retention(Duration.hours(36)), "retention");
    assertRejected(
        b -> b.retention(Duration.days(30)).payloadExpiration(Duration.days(7)),
        "payloadExpiration");
    assertRejected(b -> b.payloadThresholdBytes(0), "payloadThresholdBytes");
    assertRejected(b -> b.payloadThresholdBytes(300 * 1024), "payloadThresholdBytes");
    assertRejected(b -> b.ruleRetryAttempts(186), "ruleRetryAttempts");
    assertRejected(b -> b.ruleMaxEventAge(Duration.hours(25)), "ruleMaxEventAge");
    assertRejected(b -> b.asyncRetryAttempts(3), "asyncRetryAttempts");
    assertRejected(b -> b.asyncMaxEventAge(Duration.seconds(30)), "asyncMaxEventAge");
  }

  @Test
  void orchestratorTimeout_reachingTheLease_isRejected_namingTheLease() {
    TriggerflowEngineProps.Builder builder =
        TriggerflowEngineProps.builder()
            .registryProvider(TestStacks.REGISTRY)
            .orchestratorTimeout(Duration.seconds(51));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "orchestratorTimeout must be at most 50 seconds, short of the run lease (60 seconds),"
                + " so that a wake ends before another may take its run; got 51 seconds");
  }

  @Test
  void triggerTimeout_reachingTheActionGrace_isRejected_namingTheGrace() {
    TriggerflowEngineProps.Builder builder =
        TriggerflowEngineProps.builder()
            .registryProvider(TestStacks.REGISTRY)
            .triggerTimeout(Duration.seconds(30));

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("triggerTimeout must be at most 25 seconds")
        .hasMessageContaining("action grace (30 seconds)");
  }

  @Test
  void timeoutDefaults_endBeforeTheLeaseAndTheGrace() {
    TriggerflowEngineProps props =
        TriggerflowEngineProps.builder().registryProvider(TestStacks.REGISTRY).build();

    assertThat(props.orchestratorTimeout().toSeconds().intValue())
        .isEqualTo(45)
        .isLessThan(AwsContract.ORCHESTRATOR_LEASE_SECONDS);
    assertThat(props.triggerTimeout().toSeconds().intValue())
        .isEqualTo(20)
        .isLessThan(AwsContract.TRIGGER_ACTION_GRACE_SECONDS);
  }

  @Test
  void timeoutLimits_areTheContractsLeaseAndGrace_lessTheirMargins() {
    assertThat(TriggerflowEngineProps.MAX_ORCHESTRATOR_TIMEOUT_SECONDS)
        .isEqualTo(AwsContract.ORCHESTRATOR_LEASE_SECONDS - 10);
    assertThat(TriggerflowEngineProps.MAX_TRIGGER_TIMEOUT_SECONDS)
        .isEqualTo(AwsContract.TRIGGER_ACTION_GRACE_SECONDS - 5);
  }

  @Test
  void props_atTheLimits_areAccepted() {
    TriggerflowEngineProps props =
        TriggerflowEngineProps.builder()
            .registryProvider(TestStacks.REGISTRY)
            .orchestratorMemorySize(10240)
            .triggerMemorySize(128)
            .orchestratorTimeout(Duration.seconds(50))
            .triggerTimeout(Duration.seconds(25))
            .retention(Duration.days(1))
            .payloadExpiration(Duration.days(1))
            .payloadThresholdBytes(256 * 1024)
            .ruleRetryAttempts(0)
            .ruleMaxEventAge(Duration.minutes(1))
            .asyncRetryAttempts(0)
            .asyncMaxEventAge(Duration.hours(6))
            .build();

    assertThat(props.orchestratorMemorySize()).isEqualTo(10240);
  }

  @Test
  void engine_withoutTheDeployableJar_failsNamingThePathAndTheFix() {
    assertThatThrownBy(() -> TestStacks.engine(p -> p.codePath("no/such/runtime.jar")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no/such/runtime.jar")
        .hasMessageContaining("./mvnw -pl lambda-runtime -am package");
  }

  @Test
  void aSecondEngineInTheSameStack_isRejected() {
    assertThatThrownBy(
            () ->
                TestStacks.engine(
                    p -> {},
                    e ->
                        new TriggerflowEngine(
                            Stack.of(e),
                            "Second",
                            TriggerflowEngineProps.builder()
                                .registryProvider(TestStacks.REGISTRY)
                                .codePath(TestStacks.PLACEHOLDER_CODE)
                                .build())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most one Triggerflow engine")
        .hasMessageContaining("Test/Engine");
  }

  @Test
  void taskProps_areValidated() {
    assertThatThrownBy(() -> TaskFunctionProps.builder().build())
        .hasMessageContaining("at least one task");
    assertThatThrownBy(() -> TaskFunctionProps.builder().tasks("a", "b", "a").build())
        .hasMessageContaining("repeat");
    assertThatThrownBy(() -> TaskFunctionProps.builder().tasks("a=b").build())
        .hasMessageContaining("task name");
    assertThatThrownBy(() -> TaskFunctionProps.builder().tasks("a,b").build())
        .hasMessageContaining("task name");
    assertThatThrownBy(() -> TaskFunctionProps.builder().tasks("a").memorySize(100).build())
        .hasMessageContaining("memorySize");
    assertThatThrownBy(() -> TaskFunctionProps.builder().tasks("a").retryAttempts(3).build())
        .hasMessageContaining("retryAttempts");
  }

  // ----- settings reach the template -----

  @Test
  void settings_reachTheTemplate() {
    List<TriggerflowEngine> engines = new ArrayList<>();
    Stack stack =
        TestStacks.engine(
            p ->
                p.architecture(Architecture.X86_64)
                    .orchestratorMemorySize(2048)
                    .triggerTimeout(Duration.seconds(25))
                    .logRetention(RetentionDays.ONE_WEEK)
                    .retention(Duration.days(7))
                    .payloadExpiration(Duration.days(14))
                    .payloadThresholdBytes(100_000)
                    .removalPolicy(RemovalPolicy.DESTROY)
                    .ruleRetryAttempts(10)
                    .ruleMaxEventAge(Duration.hours(2))
                    .asyncRetryAttempts(1),
            engines::add);
    Template template = Template.fromStack(stack);
    Map<String, Object> json = template.toJSON();
    String runExpiry = Cfn.logicalId(engines.get(0).getRunExpiryFunction());

    template.hasResourceProperties(
        "AWS::Lambda::Function",
        Map.of(
            "Handler",
            AwsContract.ORCHESTRATOR_HANDLER,
            "MemorySize",
            2048,
            "Architectures",
            List.of("x86_64")));
    template.hasResourceProperties(
        "AWS::Lambda::Function", Map.of("Handler", AwsContract.TRIGGER_HANDLER, "Timeout", 25));
    template.hasResourceProperties(
        "AWS::Lambda::Function",
        Map.of(
            "Handler",
            AwsContract.RUN_EXPIRY_HANDLER,
            "Architectures",
            List.of("x86_64"),
            "Environment",
            Map.of("Variables", Match.objectLike(Map.of(AwsContract.ENV_RETENTION_DAYS, "7")))));
    template.allResourcesProperties("AWS::Logs::LogGroup", Map.of("RetentionInDays", 7));
    Cfn.resources(json, "AWS::Lambda::Function")
        .forEach(
            (id, fn) -> {
              Map<String, Object> env = Cfn.map(Cfn.at(Cfn.props(fn), "Environment", "Variables"));
              // The run expiry function deletes items and never reads or writes a payload.
              assertThat(env.get(AwsContract.ENV_PAYLOAD_THRESHOLD_BYTES))
                  .as(id)
                  .isEqualTo(id.equals(runExpiry) ? null : "100000");
            });
    template.hasResourceProperties(
        "AWS::Lambda::Function",
        Map.of(
            "Handler",
            AwsContract.ORCHESTRATOR_HANDLER,
            "Environment",
            Map.of("Variables", Match.objectLike(Map.of(AwsContract.ENV_RETENTION_DAYS, "7")))));
    template.allResourcesProperties(
        "AWS::Lambda::EventInvokeConfig", Map.of("MaximumRetryAttempts", 1));
    Cfn.resources(json, "AWS::Events::Rule")
        .forEach(
            (id, rule) ->
                assertThat(Cfn.at(Cfn.list(Cfn.props(rule).get("Targets")).get(0), "RetryPolicy"))
                    .as(id)
                    .isEqualTo(
                        Map.of("MaximumRetryAttempts", 10, "MaximumEventAgeInSeconds", 7200)));
    Cfn.resources(json, "AWS::S3::Bucket")
        .forEach(
            (id, bucket) ->
                assertThat(
                        Cfn.at(
                            Cfn.list(Cfn.at(Cfn.props(bucket), "LifecycleConfiguration", "Rules"))
                                .get(0),
                            "ExpirationInDays"))
                    .as(id)
                    .isEqualTo(14));
    for (String type :
        List.of(
            "AWS::DynamoDB::Table",
            "AWS::S3::Bucket",
            "AWS::SQS::Queue",
            "AWS::Logs::LogGroup",
            "AWS::Scheduler::ScheduleGroup")) {
      Cfn.resources(json, type)
          .forEach((id, r) -> assertThat(r.get("DeletionPolicy")).as(id).isEqualTo("Delete"));
    }
  }

  @Test
  void statefulResources_areRetainedByDefault() {
    Map<String, Object> json = TestStacks.json(TestStacks.engine(p -> {}));

    for (String type :
        List.of(
            "AWS::DynamoDB::Table", "AWS::S3::Bucket", "AWS::SQS::Queue", "AWS::Logs::LogGroup")) {
      Cfn.resources(json, type)
          .forEach((id, r) -> assertThat(r.get("DeletionPolicy")).as(id).isEqualTo("Retain"));
    }
  }

  @Test
  void withoutSnapStart_functionsAreInvokedDirectly_withoutVersionsOrAliases() {
    List<TriggerflowEngine> engines = new ArrayList<>();
    Stack stack =
        TestStacks.engine(
            p -> p.snapStart(false),
            e -> {
              engines.add(e);
              e.addTask("Task", TaskFunctionProps.builder().tasks("t").build());
            });
    Map<String, Object> json = TestStacks.json(stack);
    TriggerflowEngine engine = engines.get(0);
    Map<String, Object> orchestrator =
        Cfn.props(Cfn.resource(json, Cfn.logicalId(engine.orchestratorFunction().function())));

    assertThat(Cfn.resources(json, "AWS::Lambda::Alias")).isEmpty();
    assertThat(Cfn.resources(json, "AWS::Lambda::Version")).isEmpty();
    Cfn.resources(json, "AWS::Lambda::Function")
        .forEach((id, fn) -> assertThat(Cfn.props(fn).get("SnapStart")).as(id).isNull());
    Cfn.resources(json, "AWS::Lambda::EventInvokeConfig")
        .forEach((id, c) -> assertThat(Cfn.props(c).get("Qualifier")).as(id).isEqualTo("$LATEST"));
    assertThat(
            Cfn.render(
                Cfn.at(
                    orchestrator,
                    "Environment",
                    "Variables",
                    AwsContract.ENV_ORCHESTRATOR_FUNCTION)))
        .endsWith(":function:" + orchestrator.get("FunctionName"));
    assertThat(engine.getOrchestrator()).isSameAs(engine.orchestratorFunction().function());
  }

  // ----- tasks -----

  @Test
  void defaultTaskFunction_isNamedInTheEnvironmentOfTheOrchestratorAndTheTrigger() {
    List<TaskFunction> added = new ArrayList<>();
    List<TriggerflowEngine> engines = new ArrayList<>();
    Stack stack =
        TestStacks.engine(
            p -> {},
            e -> {
              engines.add(e);
              added.add(
                  e.addTask(
                      "Default",
                      TaskFunctionProps.builder().tasks("a").defaultFunction(true).build()));
            });
    Map<String, Object> json = TestStacks.json(stack);

    for (EngineFunction fn : taskStarters(engines.get(0))) {
      assertThat(Cfn.render(env(json, fn).get(AwsContract.ENV_DEFAULT_TASK_FUNCTION)))
          .as(fn.getNode().getId())
          .isEqualTo("<" + Cfn.logicalId(added.get(0).getInvokeTarget()) + ">[:6]:live");
    }
  }

  @Test
  void withoutTasks_noFunctionHasATaskMap() {
    Map<String, Object> json = TestStacks.json(TestStacks.engine(p -> {}));

    Cfn.resources(json, "AWS::Lambda::Function")
        .forEach(
            (id, fn) ->
                assertThat(Cfn.map(Cfn.at(Cfn.props(fn), "Environment", "Variables")))
                    .as(id)
                    .doesNotContainKeys(
                        AwsContract.ENV_TASK_FUNCTIONS, AwsContract.ENV_DEFAULT_TASK_FUNCTION));
  }

  @Test
  void aTask_mappedTwice_isRejected() {
    assertThatThrownBy(
            () ->
                TestStacks.engine(
                    p -> {},
                    e -> {
                      e.addTask("A", TaskFunctionProps.builder().tasks("t").build());
                      e.addTask("B", TaskFunctionProps.builder().tasks("u", "t").build());
                    }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'t' is already mapped");
  }

  @Test
  void aSecondDefaultTaskFunction_isRejected() {
    assertThatThrownBy(
            () ->
                TestStacks.engine(
                    p -> {},
                    e -> {
                      e.addTask(
                          "A",
                          TaskFunctionProps.builder().tasks("a").defaultFunction(true).build());
                      e.addTask(
                          "B",
                          TaskFunctionProps.builder().tasks("b").defaultFunction(true).build());
                    }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only one task function can be the default");
  }

  @Test
  void aTaskMapTooLargeForTheEnvironment_failsSynth() {
    Stack stack =
        TestStacks.engine(
            p -> {},
            e -> {
              for (int i = 0; i < 40; i++) {
                e.addTask("T" + i, TaskFunctionProps.builder().tasks("task_number_" + i).build());
              }
            });

    assertThatThrownBy(() -> Template.fromStack(stack))
        .hasMessageContaining("the orchestrator's environment may exceed Lambda's 4 KB")
        .hasMessageContaining("the trigger function's environment may exceed Lambda's 4 KB")
        .hasMessageContaining("with a task map of 40 tasks");
  }

  @Test
  void foreignTasks_countTowardTheEnvironmentOfEachTaskStarter_twiceOver() {
    List<TriggerflowEngine> engines = new ArrayList<>();
    TestStacks.engine(p -> {}, engines::add);
    TriggerflowEngine engine = engines.get(0);
    TaskRoutingEnvironment routing = engine.taskRouting();
    Function orchestrator = engine.orchestratorFunction().function();
    Function trigger = engine.triggerFunction().function();
    int orchestratorBefore = routing.estimatedBytes(orchestrator);
    int triggerBefore = routing.estimatedBytes(trigger);

    routing.mapForeignTask("py_task", "arn:aws:lambda:eu-west-1:123456789012:function:f");

    // The task map (its name, the task and the function's ARN) and the list of foreign tasks.
    int added =
        AwsContract.ENV_TASK_FUNCTIONS.length()
            + "py_task=".length()
            + TaskRoutingEnvironment.FUNCTION_ARN
            + 1
            + AwsContract.ENV_FOREIGN_TASKS.length()
            + "py_task,".length();
    assertThat(routing.estimatedBytes(orchestrator) - orchestratorBefore).isEqualTo(added);
    assertThat(routing.estimatedBytes(trigger) - triggerBefore).isEqualTo(added);
  }

  @Test
  void taskStarterEnvironments_withoutTasks_areEstimatedWellBelowTheLimit() {
    List<TriggerflowEngine> engines = new ArrayList<>();
    TestStacks.engine(p -> {}, engines::add);
    TriggerflowEngine engine = engines.get(0);

    int orchestrator =
        engine.taskRouting().estimatedBytes(engine.orchestratorFunction().function());
    int trigger = engine.taskRouting().estimatedBytes(engine.triggerFunction().function());

    // Every name and value each starts with, deploy-time values at their estimate.
    assertThat(orchestrator).isBetween(1200, 1700);
    assertThat(trigger).isBetween(700, 1200).isLessThan(orchestrator);
  }

  @Test
  void taskRouting_withADeployTimeValueWithoutAnEstimate_fails() {
    String deployTime = Lazy.uncachedString((IStringProducer) ctx -> "x");
    TaskRoutingEnvironment routing = new TaskRoutingEnvironment();

    assertThatThrownBy(
            () -> routing.addStarter("x", null, Map.of("SOME_ARN", deployTime), Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no size estimate for SOME_ARN");
  }

  @Test
  void foreignTask_reportsThroughItsDestinations_toTheBus_andARuleHandsResultsToTheTrigger() {
    List<TriggerflowEngine> engines = new ArrayList<>();
    List<Function> foreign = new ArrayList<>();
    Stack stack =
        TestStacks.engine(
            p -> {},
            e -> {
              engines.add(e);
              Function fn = LeastPrivilegeTest.foreignFunction(e);
              foreign.add(fn);
              e.addForeignTask("py_task", fn);
            });
    Map<String, Object> json = TestStacks.json(stack);
    TriggerflowEngine engine = engines.get(0);
    String bus = "<" + Cfn.logicalId(engine.getEventBus()) + ".Arn>";
    String fn = Cfn.logicalId(foreign.get(0));

    Map<String, Object> config =
        Cfn.resources(json, "AWS::Lambda::EventInvokeConfig").values().stream()
            .filter(c -> Cfn.render(Cfn.props(c).get("FunctionName")).equals("<" + fn + ">"))
            .findFirst()
            .orElseThrow();
    assertThat(
            Cfn.render(Cfn.at(Cfn.props(config), "DestinationConfig", "OnSuccess", "Destination")))
        .isEqualTo(bus);
    assertThat(
            Cfn.render(Cfn.at(Cfn.props(config), "DestinationConfig", "OnFailure", "Destination")))
        .isEqualTo(bus);
    assertThat(Cfn.props(config).get("MaximumRetryAttempts")).isEqualTo(0);
    Map<String, Object> rule =
        Cfn.resource(json, Cfn.logicalId(engine.getLambdaDestinationsRule()));
    assertThat(Cfn.props(rule).get("EventPattern"))
        .isEqualTo(TriggerflowEngine.parsePattern(LambdaDestinations.RULE_PATTERN));
    Object target = Cfn.list(Cfn.props(rule).get("Targets")).get(0);
    assertThat(Cfn.render(Cfn.at(target, "Arn")))
        .isEqualTo("<" + Cfn.logicalId(engine.getTrigger()) + ">");
    assertThat(Cfn.at(target, "DeadLetterConfig")).isNotNull();
    assertThat(Cfn.at(target, "RetryPolicy")).isNotNull();
  }

  @Test
  void foreignTask_isMappedAndListedAsForeign_forTheOrchestratorAndTheTrigger() {
    List<TriggerflowEngine> engines = new ArrayList<>();
    List<Function> foreign = new ArrayList<>();
    Stack stack =
        TestStacks.engine(
            p -> {},
            e -> {
              engines.add(e);
              foreign.add(LeastPrivilegeTest.foreignFunction(e));
              e.addForeignTask("py_task", foreign.get(0));
            });
    Map<String, Object> json = TestStacks.json(stack);
    String fn = Cfn.logicalId(foreign.get(0));

    for (EngineFunction starter : taskStarters(engines.get(0))) {
      Map<String, Object> env = env(json, starter);

      // The runtime requires a foreign task to have its own entry in the task map.
      assertThat(Cfn.render(env.get(AwsContract.ENV_TASK_FUNCTIONS)))
          .as(starter.getNode().getId())
          .isEqualTo("py_task=<" + fn + ".Arn>");
      assertThat(env.get(AwsContract.ENV_FOREIGN_TASKS))
          .as(starter.getNode().getId())
          .isEqualTo("py_task");
    }
  }

  @Test
  void foreignTasks_areListedForTheOrchestratorAndTheTrigger_andMappedBesideJavaTasks() {
    List<TriggerflowEngine> engines = new ArrayList<>();
    List<String> functions = new ArrayList<>();
    Stack stack =
        TestStacks.engine(
            p -> {},
            e -> {
              engines.add(e);
              e.addTask("Java", TaskFunctionProps.builder().tasks("java_task").build());
              for (String name : List.of("py_a", "py_b")) {
                Function fn = LeastPrivilegeTest.foreignFunction(e, name);
                functions.add(Cfn.logicalId(fn));
                e.addForeignTask(name, fn);
              }
            });
    Map<String, Object> json = TestStacks.json(stack);

    for (EngineFunction starter : taskStarters(engines.get(0))) {
      Map<String, Object> env = env(json, starter);

      assertThat(env.get(AwsContract.ENV_FOREIGN_TASKS))
          .as(starter.getNode().getId())
          .isEqualTo("py_a,py_b");
      assertThat(Cfn.render(env.get(AwsContract.ENV_TASK_FUNCTIONS)))
          .as(starter.getNode().getId())
          .startsWith("java_task=")
          .endsWith(",py_a=<" + functions.get(0) + ".Arn>,py_b=<" + functions.get(1) + ".Arn>");
    }
    assertThat(Cfn.resources(json, "AWS::Events::Rule")).hasSize(2);
  }

  @Test
  void taskFunction_retryAttempts_reachItsAsyncConfiguration() {
    List<TaskFunction> added = new ArrayList<>();
    Stack stack =
        TestStacks.engine(
            p -> {},
            e ->
                added.add(
                    e.addTask(
                        "Once", TaskFunctionProps.builder().tasks("t").retryAttempts(0).build())));
    Map<String, Object> json = TestStacks.json(stack);
    String fn = Cfn.logicalId(added.get(0).getFunction());

    Map<String, Object> config =
        Cfn.resources(json, "AWS::Lambda::EventInvokeConfig").values().stream()
            .map(Cfn::props)
            .filter(p -> Cfn.render(p.get("FunctionName")).equals("<" + fn + ">"))
            .findFirst()
            .orElseThrow();
    assertThat(config.get("MaximumRetryAttempts")).isEqualTo(0);
    assertThat(TaskFunctionProps.builder().tasks("t").build().retryAttempts()).isEqualTo(1);
  }

  @Test
  void foreignTask_withoutAKnownRole_isRejected() {
    assertThatThrownBy(
            () ->
                TestStacks.engine(
                    p -> {},
                    e -> {
                      IFunction imported =
                          Function.fromFunctionArn(
                              e, "Imported", "arn:aws:lambda:eu-west-1:123456789012:function:f");
                      e.addForeignTask("f", imported);
                    }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("role of foreign task 'f' is unknown");
  }

  @Test
  void withoutForeignTasks_noFunctionListsAny() {
    Map<String, Object> json = TestStacks.json(TestStacks.engine(p -> {}));

    Cfn.resources(json, "AWS::Lambda::Function")
        .forEach(
            (id, fn) ->
                assertThat(Cfn.map(Cfn.at(Cfn.props(fn), "Environment", "Variables")))
                    .as(id)
                    .doesNotContainKey(AwsContract.ENV_FOREIGN_TASKS));
  }

  /** The functions that start tasks: the orchestrator, and the trigger for native workflows. */
  private static List<EngineFunction> taskStarters(TriggerflowEngine engine) {
    return List.of(engine.orchestratorFunction(), engine.triggerFunction());
  }

  private static Map<String, Object> env(Map<String, Object> json, EngineFunction fn) {
    return Cfn.map(
        Cfn.at(
            Cfn.props(Cfn.resource(json, Cfn.logicalId(fn.function()))),
            "Environment",
            "Variables"));
  }

  private static void assertRejected(
      Consumer<TriggerflowEngineProps.Builder> change, String setting) {
    TriggerflowEngineProps.Builder builder =
        TriggerflowEngineProps.builder().registryProvider(TestStacks.REGISTRY);
    change.accept(builder);

    assertThatThrownBy(builder::build)
        .as(setting)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(setting);
  }
}

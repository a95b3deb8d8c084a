package dev.triggerflow.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triggerflow.deployment.AwsContract;
import dev.triggerflow.event.EngineEvents;
import dev.triggerflow.event.LambdaDestinations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Function;
import software.constructs.IConstruct;

class TriggerflowEngineTest {
  private static Stack stack;
  private static TriggerflowEngine engine;
  private static Template template;
  private static Map<String, Object> json;

  @BeforeAll
  static void synth() {
    stack = TestStacks.examples();
    engine = (TriggerflowEngine) stack.getNode().findChild("Engine");
    template = Template.fromStack(stack);
    json = template.toJSON();
  }

  // ----- event bus and rule -----

  @Test
  void bus_isTheEnginesOwn() {
    template.resourceCountIs("AWS::Events::EventBus", 1);
  }

  @Test
  void engineRule_usesTheSharedPatternVerbatim() {
    Map<String, Object> rule = Cfn.resource(json, Cfn.logicalId(engine.getEngineRule()));

    assertThat(Cfn.props(rule).get("EventPattern"))
        .isEqualTo(TriggerflowEngine.parsePattern(EngineEvents.RULE_PATTERN));
    assertThat(Cfn.render(Cfn.props(rule).get("EventBusName")))
        .isEqualTo(ref(engine.getEventBus()));
  }

  @Test
  void engineRule_targetsTheTriggerAlias_withRetryPolicyAndDeadLetterQueue() {
    Map<String, Object> rule = Cfn.resource(json, Cfn.logicalId(engine.getEngineRule()));
    List<Object> targets = Cfn.list(Cfn.props(rule).get("Targets"));

    assertThat(targets).hasSize(1);
    Object target = targets.get(0);
    assertThat(Cfn.render(Cfn.at(target, "Arn"))).isEqualTo(ref(engine.getTrigger()));
    assertThat(Cfn.at(target, "RetryPolicy", "MaximumRetryAttempts")).isEqualTo(185);
    assertThat(Cfn.at(target, "RetryPolicy", "MaximumEventAgeInSeconds")).isEqualTo(86400);
    assertThat(Cfn.render(Cfn.at(target, "DeadLetterConfig", "Arn")))
        .isEqualTo(arn(engine.getRuleDeadLetterQueue()));
  }

  @Test
  void engineRule_mayInvokeTheTriggerAlias() {
    assertMayInvokeTheTrigger(engine.getEngineRule());
  }

  @Test
  void lambdaDestinationsRule_usesCoresPatternVerbatim_onTheEnginesBus() {
    Map<String, Object> rule =
        Cfn.resource(json, Cfn.logicalId(engine.getLambdaDestinationsRule()));

    assertThat(Cfn.props(rule).get("EventPattern"))
        .isEqualTo(TriggerflowEngine.parsePattern(LambdaDestinations.RULE_PATTERN));
    assertThat(Cfn.render(Cfn.props(rule).get("EventBusName")))
        .isEqualTo(ref(engine.getEventBus()));
  }

  @Test
  void lambdaDestinationsRule_existsWithJavaTasksAlone_andHandsRecordsToTheTriggerAlias() {
    Map<String, Object> rule =
        Cfn.resource(json, Cfn.logicalId(engine.getLambdaDestinationsRule()));
    List<Object> targets = Cfn.list(Cfn.props(rule).get("Targets"));

    assertThat(Cfn.resources(json, "AWS::Events::Rule")).hasSize(2);
    assertThat(targets).hasSize(1);
    assertThat(Cfn.render(Cfn.at(targets.get(0), "Arn"))).isEqualTo(ref(engine.getTrigger()));
    assertThat(Cfn.at(targets.get(0), "RetryPolicy", "MaximumRetryAttempts")).isEqualTo(185);
    assertThat(Cfn.render(Cfn.at(targets.get(0), "DeadLetterConfig", "Arn")))
        .isEqualTo(arn(engine.getRuleDeadLetterQueue()));
    assertMayInvokeTheTrigger(engine.getLambdaDestinationsRule());
  }

  @Test
  void ruleDeadLetterQueue_isEncrypted_tlsOnly_andWritableByTheRuleOnly() {
    Map<String, Object> queue = Cfn.resource(json, Cfn.logicalId(engine.getRuleDeadLetterQueue()));
    Map<String, Object> policy = queuePolicyOf(engine.getRuleDeadLetterQueue());

    assertThat(Cfn.props(queue).get("SqsManagedSseEnabled")).isEqualTo(true);
    assertThat(Cfn.props(queue).get("MessageRetentionPeriod")).isEqualTo(14 * 24 * 3600);
    assertDeniesInsecureTransport(policy);
    assertThat(statements(policy))
        .anySatisfy(
            s -> {
              assertThat(s.get("Effect")).isEqualTo("Allow");
              assertThat(Cfn.at(s, "Principal", "Service")).isEqualTo("events.amazonaws.com");
              assertThat(s.get("Action")).isEqualTo("sqs:SendMessage");
              assertThat(Cfn.render(Cfn.at(s, "Condition", "ArnEquals", "aws:SourceArn")))
                  .isEqualTo(arn(engine.getEngineRule()));
            });
  }

  @Test
  void failedInvocationsQueue_isEncryptedAndTlsOnly() {
    Map<String, Object> queue =
        Cfn.resource(json, Cfn.logicalId(engine.getFailedInvocationsQueue()));

    assertThat(Cfn.props(queue).get("SqsManagedSseEnabled")).isEqualTo(true);
    assertDeniesInsecureTransport(queuePolicyOf(engine.getFailedInvocationsQueue()));
  }

  // ----- tables -----

  @Test
  void tables_areOnDemand_withTtl_pitr_andStatedEncryption() {
    Map<String, Map<String, Object>> tables = Cfn.resources(json, "AWS::DynamoDB::Table");

    assertThat(tables).hasSize(4);
    tables.forEach(
        (id, table) -> {
          Map<String, Object> p = Cfn.props(table);
          assertThat(p.get("BillingMode")).as(id).isEqualTo("PAY_PER_REQUEST");
          assertThat(p.get("TimeToLiveSpecification"))
              .as(id)
              .isEqualTo(Map.of("AttributeName", AwsContract.TTL_ATTRIBUTE, "Enabled", true));
          assertThat(Cfn.at(p, "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"))
              .as(id)
              .isEqualTo(true);
          assertThat(Cfn.at(p, "SSESpecification", "SSEEnabled")).as(id).isEqualTo(true);
        });
  }

  @Test
  void runsTable_streamsTheKeysOfChangedRuns_andNoOtherTableHasAStream() {
    String runs = Cfn.logicalId(engine.getRunsTable());

    Cfn.resources(json, "AWS::DynamoDB::Table")
        .forEach(
            (id, table) -> {
              Object stream = Cfn.props(table).get("StreamSpecification");
              if (id.equals(runs)) {
                assertThat(stream).isEqualTo(Map.of("StreamViewType", "KEYS_ONLY"));
              } else {
                assertThat(stream).as(id).isNull();
              }
            });
  }

  @Test
  void runsTable_isKeyedByRun_withTheByWorkflowIndex() {
    Map<String, Object> p = Cfn.props(Cfn.resource(json, Cfn.logicalId(engine.getRunsTable())));

    assertThat(p.get("KeySchema"))
        .isEqualTo(List.of(Map.of("AttributeName", AwsContract.PARTITION_KEY, "KeyType", "HASH")));
    List<Object> indexes = Cfn.list(p.get("GlobalSecondaryIndexes"));
    assertThat(indexes).hasSize(1);
    assertThat(Cfn.at(indexes.get(0), "IndexName")).isEqualTo(AwsContract.RUNS_BY_WORKFLOW_INDEX);
    assertThat(Cfn.at(indexes.get(0), "KeySchema"))
        .isEqualTo(
            List.of(
                Map.of(
                    "AttributeName", AwsContract.RUNS_BY_WORKFLOW_PARTITION_KEY, "KeyType", "HASH"),
                Map.of(
                    "AttributeName", AwsContract.RUNS_BY_WORKFLOW_SORT_KEY, "KeyType", "RANGE")));
    assertThat(Cfn.list(p.get("AttributeDefinitions")))
        .allSatisfy(a -> assertThat(Cfn.at(a, "AttributeType")).isEqualTo("S"));
  }

  @Test
  void historyTriggersAndDeadLetterTables_haveThePartitionAndSortKeys() {
    for (IConstruct table :
        List.of(engine.getHistoryTable(), engine.getTriggersTable(), engine.getDeadLetterTable())) {
      Map<String, Object> p = Cfn.props(Cfn.resource(json, Cfn.logicalId(table)));

      assertThat(p.get("KeySchema"))
          .as(table.getNode().getPath())
          .isEqualTo(
              List.of(
                  Map.of("AttributeName", AwsContract.PARTITION_KEY, "KeyType", "HASH"),
                  Map.of("AttributeName", AwsContract.SORT_KEY, "KeyType", "RANGE")));
      assertThat(p.get("GlobalSecondaryIndexes")).isNull();
    }
  }

  // ----- functions -----

  @Test
  void everyFunction_isJava21_allowsRecursiveLoops_andUsesSnapStart_butRunExpiry() {
    Map<String, Map<String, Object>> functions = Cfn.resources(json, "AWS::Lambda::Function");
    String runExpiry = Cfn.logicalId(engine.getRunExpiryFunction());

    assertThat(functions).hasSize(5).containsKey(runExpiry);
    functions.forEach(
        (id, fn) -> {
          Map<String, Object> p = Cfn.props(fn);
          assertThat(p.get("Runtime")).as(id).isEqualTo("java21");
          assertThat(p.get("RecursiveLoop")).as(id).isEqualTo("Allow");
          assertThat(p.get("Architectures")).as(id).isEqualTo(List.of("arm64"));
          if (id.equals(runExpiry)) {
            assertThat(p.get("SnapStart")).as(id).isNull();
          } else {
            assertThat(p.get("SnapStart")).as(id).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
          }
        });
  }

  @Test
  void functions_runTheContractsHandlers_withTheChosenMemoryAndTimeouts() {
    assertFunction(
        engine.orchestratorFunction().function(), AwsContract.ORCHESTRATOR_HANDLER, 1024, 45);
    assertFunction(engine.triggerFunction().function(), AwsContract.TRIGGER_HANDLER, 512, 20);
    assertFunction(engine.runExpiryFunction().function(), AwsContract.RUN_EXPIRY_HANDLER, 512, 300);
    assertFunction(
        engine.getTaskFunctions().get(0).getFunction(), AwsContract.TASK_HANDLER, 512, 30);
    assertFunction(
        engine.getTaskFunctions().get(1).getFunction(), AwsContract.TASK_HANDLER, 1769, 300);
  }

  @Test
  void everyFunction_logsToItsOwnLogGroup_keptOneMonth() {
    Map<String, Map<String, Object>> groups = Cfn.resources(json, "AWS::Logs::LogGroup");
    Map<String, Map<String, Object>> functions = Cfn.resources(json, "AWS::Lambda::Function");

    assertThat(groups).hasSize(functions.size());
    groups.forEach(
        (id, group) -> assertThat(Cfn.props(group).get("RetentionInDays")).as(id).isEqualTo(30));
    List<String> used = new ArrayList<>();
    functions.forEach(
        (id, fn) -> used.add(Cfn.render(Cfn.at(Cfn.props(fn), "LoggingConfig", "LogGroup"))));
    assertThat(used)
        .containsExactlyInAnyOrderElementsOf(
            groups.keySet().stream().map(g -> "<" + g + ">").toList());
  }

  @Test
  void everyFunctionButRunExpiry_isInvokedThroughItsLiveAlias_onAPublishedVersion() {
    Map<String, Map<String, Object>> aliases = Cfn.resources(json, "AWS::Lambda::Alias");

    assertThat(aliases).hasSize(4);
    assertThat(Cfn.resources(json, "AWS::Lambda::Version")).hasSize(4);
    aliases.forEach(
        (id, alias) -> {
          assertThat(Cfn.props(alias).get("Name")).as(id).isEqualTo("live");
          assertThat(Cfn.at(Cfn.props(alias), "FunctionVersion", "Fn::GetAtt")).as(id).isNotNull();
        });
  }

  @Test
  void everyFunctionButRunExpiry_configuresAsyncInvocationsOfItsLiveAlias() {
    Map<String, Map<String, Object>> configs =
        Cfn.resources(json, "AWS::Lambda::EventInvokeConfig");

    assertThat(configs).hasSize(4);
    configs.forEach(
        (id, config) -> {
          Map<String, Object> p = Cfn.props(config);
          assertThat(p.get("MaximumEventAgeInSeconds")).as(id).isEqualTo(6 * 3600);
          // The alias name: the eighth field of the alias's ARN.
          assertThat(Cfn.render(p.get("Qualifier")))
              .as(id)
              .matches("<[A-Za-z0-9]+Alias[A-Z0-9]+>\\[:7]");
        });
  }

  @Test
  void orchestratorAndTrigger_retryAsyncInvocationsTwice_thenParkThemInTheFailedInvocationsQueue() {
    for (EngineFunction fn : List.of(engine.orchestratorFunction(), engine.triggerFunction())) {
      Map<String, Object> p = invokeConfigOf(fn.function());

      assertThat(p.get("MaximumRetryAttempts")).as(fn.getNode().getId()).isEqualTo(2);
      assertThat(Cfn.render(Cfn.at(p, "DestinationConfig", "OnFailure", "Destination")))
          .as(fn.getNode().getId())
          .isEqualTo(arn(engine.getFailedInvocationsQueue()));
      assertThat(Cfn.at(p, "DestinationConfig", "OnSuccess")).isNull();
    }
  }

  @Test
  void taskFunctions_retryOnce_thenReportTheFailureToTheBus_soThatTheCallFails() {
    for (TaskFunction task : engine.getTaskFunctions()) {
      Map<String, Object> p = invokeConfigOf(task.getFunction());

      assertThat(p.get("MaximumRetryAttempts")).as(task.getTasks().toString()).isEqualTo(1);
      assertThat(Cfn.render(Cfn.at(p, "DestinationConfig", "OnFailure", "Destination")))
          .as(task.getTasks().toString())
          .isEqualTo(arn(engine.getEventBus()));
      // The handler publishes a task's result itself; a success record would only repeat it.
      assertThat(Cfn.at(p, "DestinationConfig", "OnSuccess")).isNull();
    }
  }

  @Test
  void runExpiry_isInvokedByTheRunsStreamAlone_withoutAliasVersionOrAsyncConfiguration() {
    Function fn = engine.runExpiryFunction().function();

    assertThat(engine.getRunExpiryFunction()).isSameAs(fn);
    assertThat(engine.runExpiryFunction().target()).isSameAs(fn);
    for (String type :
        List.of("AWS::Lambda::Alias", "AWS::Lambda::Version", "AWS::Lambda::EventInvokeConfig")) {
      Cfn.resources(json, type)
          .forEach(
              (id, r) ->
                  assertThat(Cfn.render(Cfn.props(r).get("FunctionName")))
                      .as(id)
                      .isNotEqualTo(ref(fn)));
    }
    assertThat(Cfn.resources(json, "AWS::Lambda::Permission").values())
        .noneMatch(p -> Cfn.render(Cfn.props(p).get("FunctionName")).equals(ref(fn)));
  }

  @Test
  void runExpiry_takesOnlyDeletionsFromTheRunsStream_reportingFailedRecords() {
    Map<String, Object> p = Cfn.props(Cfn.only(json, "AWS::Lambda::EventSourceMapping"));

    assertThat(Cfn.render(p.get("FunctionName")))
        .isEqualTo(ref(engine.runExpiryFunction().function()));
    assertThat(Cfn.render(p.get("EventSourceArn")))
        .isEqualTo("<" + Cfn.logicalId(engine.getRunsTable()) + ".StreamArn>");
    assertThat(p.get("StartingPosition")).isEqualTo("TRIM_HORIZON");
    assertThat(p.get("BatchSize")).isEqualTo(20);
    assertThat(p.get("FunctionResponseTypes")).isEqualTo(List.of("ReportBatchItemFailures"));
    List<Object> filters = Cfn.list(Cfn.at(p, "FilterCriteria", "Filters"));
    assertThat(filters).hasSize(1);
    assertThat(TriggerflowEngine.parsePattern(String.valueOf(Cfn.at(filters.get(0), "Pattern"))))
        .isEqualTo(Map.of("eventName", List.of("REMOVE")));
  }

  @Test
  void runExpiry_retriesAFailingBatchHalvingIt_thenParksItInTheFailedInvocationsQueue() {
    Map<String, Object> p = Cfn.props(Cfn.only(json, "AWS::Lambda::EventSourceMapping"));

    assertThat(p.get("BisectBatchOnFunctionError")).isEqualTo(true);
    assertThat(p.get("MaximumRetryAttempts")).isEqualTo(10);
    // Well within the 24 hours a DynamoDB stream keeps a record, so that the parked batch can
    // still be read from the stream.
    assertThat(p.get("MaximumRecordAgeInSeconds")).isEqualTo(6 * 3600);
    assertThat(Cfn.render(Cfn.at(p, "DestinationConfig", "OnFailure", "Destination")))
        .isEqualTo(arn(engine.getFailedInvocationsQueue()));
  }

  @Test
  void runExpiry_environment_namesTheTablesAndTheRetentionOnly() {
    Map<String, Object> env = env(functionProps(engine.runExpiryFunction().function()));

    assertThat(env)
        .containsOnlyKeys(
            AwsContract.ENV_RUNS_TABLE,
            AwsContract.ENV_HISTORY_TABLE,
            AwsContract.ENV_TRIGGERS_TABLE,
            AwsContract.ENV_DEAD_LETTER_TABLE,
            AwsContract.ENV_RETENTION_DAYS);
    assertThat(Cfn.render(env.get(AwsContract.ENV_RUNS_TABLE)))
        .isEqualTo(ref(engine.getRunsTable()));
    assertThat(Cfn.render(env.get(AwsContract.ENV_HISTORY_TABLE)))
        .isEqualTo(ref(engine.getHistoryTable()));
    assertThat(Cfn.render(env.get(AwsContract.ENV_TRIGGERS_TABLE)))
        .isEqualTo(ref(engine.getTriggersTable()));
    assertThat(Cfn.render(env.get(AwsContract.ENV_DEAD_LETTER_TABLE)))
        .isEqualTo(ref(engine.getDeadLetterTable()));
    assertThat(env.get(AwsContract.ENV_RETENTION_DAYS)).isEqualTo("30");
  }

  @Test
  void orchestrator_hasAStableName_derivedFromTheStack_thatItInvokesThroughItsAlias() {
    Map<String, Object> p = functionProps(engine.orchestratorFunction().function());
    String name = String.valueOf(p.get("FunctionName"));

    assertThat(name).startsWith("TriggerflowExamples-Engine-").endsWith("-orchestrator");
    assertThat(name.length()).isLessThanOrEqualTo(64);
    assertThat(name).matches("[A-Za-z0-9_-]+");
    assertThat(Cfn.render(env(p).get(AwsContract.ENV_ORCHESTRATOR_FUNCTION)))
        .isEqualTo(
            "arn:<AWS::Partition>:lambda:<AWS::Region>:<AWS::AccountId>:function:"
                + name
                + ":live");
  }

  @Test
  void orchestrator_environment_namesEveryResourceItUses() {
    Map<String, Object> env = env(functionProps(engine.orchestratorFunction().function()));

    assertThat(env)
        .containsOnlyKeys(
            AwsContract.ENV_REGISTRY_PROVIDER,
            AwsContract.ENV_EVENT_BUS,
            AwsContract.ENV_PAYLOAD_BUCKET,
            AwsContract.ENV_RUNS_TABLE,
            AwsContract.ENV_HISTORY_TABLE,
            AwsContract.ENV_TRIGGERS_TABLE,
            AwsContract.ENV_DEAD_LETTER_TABLE,
            AwsContract.ENV_ORCHESTRATOR_FUNCTION,
            AwsContract.ENV_SCHEDULER_GROUP,
            AwsContract.ENV_SCHEDULER_ROLE_ARN,
            AwsContract.ENV_EVENT_BUS_ARN,
            AwsContract.ENV_RETENTION_DAYS,
            AwsContract.ENV_TASK_FUNCTIONS,
            TriggerflowEngine.ENV_JAVA_TOOL_OPTIONS);
    assertThat(env.get(AwsContract.ENV_REGISTRY_PROVIDER)).isEqualTo(ExamplesApp.REGISTRY_PROVIDER);
    assertThat(Cfn.render(env.get(AwsContract.ENV_EVENT_BUS))).isEqualTo(ref(engine.getEventBus()));
    assertThat(Cfn.render(env.get(AwsContract.ENV_PAYLOAD_BUCKET)))
        .isEqualTo(ref(engine.getPayloadBucket()));
    assertThat(Cfn.render(env.get(AwsContract.ENV_RUNS_TABLE)))
        .isEqualTo(ref(engine.getRunsTable()));
    assertThat(Cfn.render(env.get(AwsContract.ENV_HISTORY_TABLE)))
        .isEqualTo(ref(engine.getHistoryTable()));
    assertThat(Cfn.render(env.get(AwsContract.ENV_TRIGGERS_TABLE)))
        .isEqualTo(ref(engine.getTriggersTable()));
    assertThat(Cfn.render(env.get(AwsContract.ENV_DEAD_LETTER_TABLE)))
        .isEqualTo(ref(engine.getDeadLetterTable()));
    assertThat(Cfn.render(env.get(AwsContract.ENV_EVENT_BUS_ARN)))
        .isEqualTo(arn(engine.getEventBus()));
    assertThat(env.get(AwsContract.ENV_SCHEDULER_GROUP))
        .isEqualTo(engine.getTimerGroup().getScheduleGroupName());
    assertThat(Cfn.render(env.get(AwsContract.ENV_SCHEDULER_ROLE_ARN)))
        .isEqualTo(arn(engine.getSchedulerRole()));
    assertThat(env.get(AwsContract.ENV_RETENTION_DAYS)).isEqualTo("30");
  }

  @Test
  void orchestratorAndTrigger_taskMap_mapsEachExampleTaskToItsFunctionsAlias() {
    for (EngineFunction fn : List.of(engine.orchestratorFunction(), engine.triggerFunction())) {
      Map<String, Object> env = env(functionProps(fn.function()));
      String taskMap = Cfn.render(env.get(AwsContract.ENV_TASK_FUNCTIONS));

      // The function name (the seventh field of the alias's ARN), qualified with the alias.
      assertThat(taskMap)
          .as(fn.getNode().getId())
          .isEqualTo(
              "my_function="
                  + ref(engine.getTaskFunctions().get(0).getInvokeTarget())
                  + "[:6]:live,monte_carlo="
                  + ref(engine.getTaskFunctions().get(1).getInvokeTarget())
                  + "[:6]:live");
    }
  }

  @Test
  void orchestratorAndTrigger_keepAConnectionPerTaskInvocationOfABatch_taskFunctionsDoNot() {
    for (EngineFunction fn : List.of(engine.orchestratorFunction(), engine.triggerFunction())) {
      Map<String, Object> env = env(functionProps(fn.function()));

      assertThat(env.get(TriggerflowEngine.ENV_JAVA_TOOL_OPTIONS))
          .as(fn.getNode().getId())
          .isEqualTo("-Dhttp.maxConnections=16");
    }
    for (TaskFunction task : engine.getTaskFunctions()) {
      assertThat(env(functionProps(task.getFunction())))
          .as(task.getTasks().toString())
          .doesNotContainKey(TriggerflowEngine.ENV_JAVA_TOOL_OPTIONS);
    }
  }

  @Test
  void trigger_environment_namesEveryResourceItUses() {
    Map<String, Object> env = env(functionProps(engine.triggerFunction().function()));

    assertThat(env)
        .containsOnlyKeys(
            AwsContract.ENV_REGISTRY_PROVIDER,
            AwsContract.ENV_EVENT_BUS,
            AwsContract.ENV_PAYLOAD_BUCKET,
            AwsContract.ENV_RUNS_TABLE,
            AwsContract.ENV_TRIGGERS_TABLE,
            AwsContract.ENV_DEAD_LETTER_TABLE,
            AwsContract.ENV_ORCHESTRATOR_FUNCTION,
            AwsContract.ENV_RETENTION_DAYS,
            AwsContract.ENV_TASK_FUNCTIONS,
            TriggerflowEngine.ENV_JAVA_TOOL_OPTIONS);
    assertThat(Cfn.render(env.get(AwsContract.ENV_ORCHESTRATOR_FUNCTION)))
        .isEqualTo(ref(engine.getOrchestrator()));
    assertThat(Cfn.render(env.get(AwsContract.ENV_DEAD_LETTER_TABLE)))
        .isEqualTo(ref(engine.getDeadLetterTable()));
  }

  @Test
  void taskFunctions_environment_namesTheBusBucketAndRegistryOnly() {
    for (TaskFunction task : engine.getTaskFunctions()) {
      Map<String, Object> env = env(functionProps(task.getFunction()));

      assertThat(env)
          .containsOnlyKeys(
              AwsContract.ENV_REGISTRY_PROVIDER,
              AwsContract.ENV_EVENT_BUS,
              AwsContract.ENV_PAYLOAD_BUCKET);
    }
  }

  // ----- payload bucket -----

  @Test
  void payloadBucket_isEncrypted_private_tlsOnly_andExpiresPayloads() {
    Map<String, Object> p = Cfn.props(Cfn.resource(json, Cfn.logicalId(engine.getPayloadBucket())));

    assertThat(
            Cfn.at(
                Cfn.list(Cfn.at(p, "BucketEncryption", "ServerSideEncryptionConfiguration")).get(0),
                "ServerSideEncryptionByDefault",
                "SSEAlgorithm"))
        .isEqualTo("AES256");
    assertThat(p.get("PublicAccessBlockConfiguration"))
        .isEqualTo(
            Map.of(
                "BlockPublicAcls", true,
                "BlockPublicPolicy", true,
                "IgnorePublicAcls", true,
                "RestrictPublicBuckets", true));
    Object rule = Cfn.list(Cfn.at(p, "LifecycleConfiguration", "Rules")).get(0);
    assertThat(Cfn.at(rule, "ExpirationInDays")).isEqualTo(90);
    assertThat(Cfn.at(rule, "AbortIncompleteMultipartUpload", "DaysAfterInitiation")).isEqualTo(1);
    assertThat(Cfn.at(rule, "Status")).isEqualTo("Enabled");
    assertDeniesInsecureTransport(bucketPolicyOf(engine.getPayloadBucket()));
  }

  @Test
  void payloadBucket_logsAccess_toTheAccessLogBucket_whichOnlyTheLoggingServiceMayWrite() {
    Map<String, Object> p = Cfn.props(Cfn.resource(json, Cfn.logicalId(engine.getPayloadBucket())));
    Map<String, Object> logPolicy = bucketPolicyOf(engine.getAccessLogBucket());

    assertThat(Cfn.render(Cfn.at(p, "LoggingConfiguration", "DestinationBucketName")))
        .isEqualTo(ref(engine.getAccessLogBucket()));
    assertThat(Cfn.at(p, "LoggingConfiguration", "LogFilePrefix")).isEqualTo("payloads/");
    assertDeniesInsecureTransport(logPolicy);
    assertThat(statements(logPolicy))
        .anySatisfy(
            s -> {
              assertThat(Cfn.at(s, "Principal", "Service")).isEqualTo("logging.s3.amazonaws.com");
              assertThat(s.get("Action")).isEqualTo("s3:PutObject");
              assertThat(Cfn.render(Cfn.at(s, "Condition", "ArnLike", "aws:SourceArn")))
                  .isEqualTo(arn(engine.getPayloadBucket()));
              assertThat(Cfn.render(Cfn.at(s, "Condition", "StringEquals", "aws:SourceAccount")))
                  .isEqualTo("<AWS::AccountId>");
            });
  }

  // ----- timers and outputs -----

  @Test
  void timers_haveTheirOwnScheduleGroup() {
    template.resourceCountIs("AWS::Scheduler::ScheduleGroup", 1);
    template.hasResourceProperties(
        "AWS::Scheduler::ScheduleGroup",
        Map.of("Name", engine.getTimerGroup().getScheduleGroupName()));
  }

  @Test
  void outputs_carryTheContractsNames() {
    Map<String, Object> outputs = Cfn.map(json.get("Outputs"));

    assertThat(outputs)
        .containsOnlyKeys(
            AwsContract.OUTPUT_EVENT_BUS,
            AwsContract.OUTPUT_RUNS_TABLE,
            AwsContract.OUTPUT_HISTORY_TABLE,
            AwsContract.OUTPUT_TRIGGERS_TABLE,
            AwsContract.OUTPUT_DEAD_LETTER_TABLE,
            AwsContract.OUTPUT_ORCHESTRATOR_FUNCTION,
            AwsContract.OUTPUT_PAYLOAD_BUCKET);
    assertThat(Cfn.render(Cfn.at(outputs, AwsContract.OUTPUT_EVENT_BUS, "Value")))
        .isEqualTo(ref(engine.getEventBus()));
    assertThat(Cfn.render(Cfn.at(outputs, AwsContract.OUTPUT_RUNS_TABLE, "Value")))
        .isEqualTo(ref(engine.getRunsTable()));
    assertThat(Cfn.render(Cfn.at(outputs, AwsContract.OUTPUT_HISTORY_TABLE, "Value")))
        .isEqualTo(ref(engine.getHistoryTable()));
    assertThat(Cfn.render(Cfn.at(outputs, AwsContract.OUTPUT_TRIGGERS_TABLE, "Value")))
        .isEqualTo(ref(engine.getTriggersTable()));
    assertThat(Cfn.render(Cfn.at(outputs, AwsContract.OUTPUT_DEAD_LETTER_TABLE, "Value")))
        .isEqualTo(ref(engine.getDeadLetterTable()));
    assertThat(Cfn.render(Cfn.at(outputs, AwsContract.OUTPUT_ORCHESTRATOR_FUNCTION, "Value")))
        .isEqualTo(ref(engine.getOrchestrator()));
    assertThat(Cfn.render(Cfn.at(outputs, AwsContract.OUTPUT_PAYLOAD_BUCKET, "Value")))
        .isEqualTo(ref(engine.getPayloadBucket()));
  }

  // ----- helpers -----

  private static void assertMayInvokeTheTrigger(IConstruct rule) {
    template.hasResourceProperties(
        "AWS::Lambda::Permission",
        Map.of(
            "Action",
            "lambda:InvokeFunction",
            "Principal",
            "events.amazonaws.com",
            "FunctionName",
            Map.of("Ref", Cfn.logicalId(engine.getTrigger())),
            "SourceArn",
            Map.of("Fn::GetAtt", List.of(Cfn.logicalId(rule), "Arn"))));
  }

  private static Map<String, Object> invokeConfigOf(Function fn) {
    return Cfn.resources(json, "AWS::Lambda::EventInvokeConfig").values().stream()
        .map(Cfn::props)
        .filter(p -> Cfn.render(p.get("FunctionName")).equals(ref(fn)))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no EventInvokeConfig for " + fn.getNode().getPath()));
  }

  private static void assertFunction(Function fn, String handler, int memory, int timeout) {
    Map<String, Object> p = functionProps(fn);

    assertThat(p.get("Handler")).as(fn.getNode().getPath()).isEqualTo(handler);
    assertThat(p.get("MemorySize")).as(fn.getNode().getPath()).isEqualTo(memory);
    assertThat(p.get("Timeout")).as(fn.getNode().getPath()).isEqualTo(timeout);
  }

  static Map<String, Object> functionProps(Function fn) {
    return Cfn.props(Cfn.resource(json, Cfn.logicalId(fn)));
  }

  static Map<String, Object> env(Map<String, Object> functionProps) {
    return Cfn.map(Cfn.at(functionProps, "Environment", "Variables"));
  }

  private static Map<String, Object> queuePolicyOf(IConstruct queue) {
    return policyOf("AWS::SQS::QueuePolicy", "Queues", Cfn.logicalId(queue));
  }

  private static Map<String, Object> bucketPolicyOf(IConstruct bucket) {
    return policyOf("AWS::S3::BucketPolicy", "Bucket", Cfn.logicalId(bucket));
  }

  private static Map<String, Object> policyOf(String type, String property, String target) {
    return Cfn.resources(json, type).values().stream()
        .filter(
            r ->
                Cfn.list(Cfn.props(r).get(property)).stream()
                    .anyMatch(t -> Cfn.render(t).equals("<" + target + ">")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type + " for " + target));
  }

  private static List<Map<String, Object>> statements(Map<String, Object> policy) {
    return Cfn.list(Cfn.at(Cfn.props(policy), "PolicyDocument", "Statement")).stream()
        .map(Cfn::map)
        .toList();
  }

  private static void assertDeniesInsecureTransport(Map<String, Object> policy) {
    assertThat(statements(policy))
        .anySatisfy(
            s -> {
              assertThat(s.get("Effect")).isEqualTo("Deny");
              assertThat(Cfn.at(s, "Condition", "Bool", "aws:SecureTransport")).isEqualTo("false");
            });
  }

  private static String ref(IConstruct construct) {
    return "<" + Cfn.logicalId(construct) + ">";
  }

  private static String arn(IConstruct construct) {
    return "<" + Cfn.logicalId(construct) + ".Arn>";
  }
}

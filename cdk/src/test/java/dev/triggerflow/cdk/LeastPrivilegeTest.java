package dev.triggerflow.cdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.iam.StarPrincipal;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.IConstruct;

class LeastPrivilegeTest {
  /**
   * The actions that may be granted on the {@code "*"} resource, each with the reason AWS requires
   * it. Every other action the engine uses (DynamoDB items and stream reads, Lambda invoke,
   * EventBridge PutEvents, S3 objects, Scheduler schedules, iam:PassRole, CloudWatch Logs streams,
   * SQS SendMessage) supports resource-level permissions, so its grants name their resources.
   */
  static final Map<String, String> STAR_RESOURCE_ALLOW_LIST =
      Map.of(
          "dynamodb:ListStreams",
          "The action has no resource-level permissions, and Lambda requires it of the role of a"
              + " function that an event source mapping on a DynamoDB stream invokes (the run"
              + " expiry function). The stream reads themselves are granted on the runs table's"
              + " stream alone.");

  private static final String PARTITION_REGION_ACCOUNT =
      "arn:<AWS::Partition>:%s:<AWS::Region>:<AWS::AccountId>:";

  private static Stack examples;
  private static TriggerflowEngine engine;
  private static Map<String, Object> template;

  @BeforeAll
  static void synth() {
    examples = TestStacks.examples();
    engine = (TriggerflowEngine) examples.getNode().findChild("Engine");
    template = TestStacks.json(examples);
  }

  @Test
  void examplesStack_grantsNoWildcardActionAndNoStarResource() {
    assertThat(IamStatements.all(template)).hasSizeGreaterThan(10);

    assertThat(LeastPrivilege.violations(template, STAR_RESOURCE_ALLOW_LIST)).isEmpty();
  }

  @Test
  void engineWithForeignTask_grantsNoWildcardActionAndNoStarResource() {
    Stack stack =
        TestStacks.engine(
            p -> p.snapStart(false), e -> e.addForeignTask("py_task", foreignFunction(e)));

    Map<String, Object> json = TestStacks.json(stack);

    assertThat(LeastPrivilege.violations(json, STAR_RESOURCE_ALLOW_LIST)).isEmpty();
  }

  @Test
  void checker_reportsWildcardActionsStarResourcesNotActionAndOpenPrincipals() {
    Stack stack = new Stack(new App(), "Bad");
    Role role =
        Role.Builder.create(stack, "Role")
            .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
            .build();
    role.addToPrincipalPolicy(
        PolicyStatement.Builder.create()
            .actions(List.of("s3:Get*"))
            .resources(List.of("arn:aws:s3:::b/*"))
            .build());
    role.addToPrincipalPolicy(
        PolicyStatement.Builder.create()
            .actions(List.of("dynamodb:GetItem"))
            .resources(List.of("*"))
            .build());
    role.addToPrincipalPolicy(
        PolicyStatement.Builder.create()
            .actions(List.of("*"))
            .resources(List.of("arn:aws:s3:::c"))
            .build());
    role.addToPrincipalPolicy(
        PolicyStatement.Builder.create()
            .notActions(List.of("iam:*"))
            .resources(List.of("arn:aws:s3:::b"))
            .build());
    Queue queue = new Queue(stack, "Queue");
    queue.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .principals(List.of(new StarPrincipal()))
            .actions(List.of("sqs:SendMessage"))
            .resources(List.of(queue.getQueueArn()))
            .build());

    List<String> violations =
        LeastPrivilege.violations(TestStacks.json(stack), STAR_RESOURCE_ALLOW_LIST);

    assertThat(violations)
        .anyMatch(v -> v.contains("wildcard action s3:Get*"))
        .anyMatch(v -> v.contains("dynamodb:GetItem on the \"*\" resource"))
        .anyMatch(v -> v.contains("wildcard action *"))
        .anyMatch(v -> v.contains("NotAction"))
        .anyMatch(v -> v.contains("allows any principal"));
    assertThat(LeastPrivilege.violations(TestStacks.json(stack), Map.of("dynamodb:GetItem", "x")))
        .noneMatch(v -> v.contains("on the \"*\" resource"));
  }

  @Test
  void orchestrator_isGrantedExactlyWhatItUses() {
    EngineFunction fn = engine.orchestratorFunction();
    String functionName =
        String.valueOf(
            Cfn.props(Cfn.resource(template, Cfn.logicalId(fn.function()))).get("FunctionName"));
    Set<String> expected = new TreeSet<>(common(fn));
    expected.add("sqs:SendMessage on " + arn(engine.getFailedInvocationsQueue()));
    expected.addAll(
        items(engine.getRunsTable(), engine.getHistoryTable(), engine.getTriggersTable()));
    expected.add("dynamodb:PutItem on " + arn(engine.getDeadLetterTable()));
    expected.add(
        "lambda:InvokeFunction on "
            + PARTITION_REGION_ACCOUNT.formatted("lambda")
            + "function:"
            + functionName
            + ":live");
    for (TaskFunction task : engine.getTaskFunctions()) {
      expected.add("lambda:InvokeFunction on " + ref(task.getInvokeTarget()));
    }
    expected.add("s3:GetObject on " + objects());
    expected.add("s3:PutObject on " + objects());
    String schedules =
        PARTITION_REGION_ACCOUNT.formatted("scheduler")
            + "schedule/"
            + engine.getTimerGroup().getScheduleGroupName()
            + "/*";
    expected.add("scheduler:CreateSchedule on " + schedules);
    expected.add("scheduler:DeleteSchedule on " + schedules);
    expected.add("iam:PassRole on " + arn(engine.getSchedulerRole()));

    assertThat(IamStatements.grantsOf(template, Cfn.logicalId(fn.role())))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void orchestrator_mayPassTheSchedulerRoleOnlyToScheduler() {
    String role = Cfn.logicalId(engine.orchestratorFunction().role());

    List<IamStatements.Statement> passRole =
        IamStatements.all(template).stream()
            .filter(s -> s.roles().contains(role) && s.actions().contains("iam:PassRole"))
            .toList();

    assertThat(passRole).hasSize(1);
    assertThat(Cfn.at(passRole.get(0).body(), "Condition", "StringEquals", "iam:PassedToService"))
        .isEqualTo("scheduler.amazonaws.com");
  }

  @Test
  void trigger_isGrantedExactlyWhatItUses() {
    EngineFunction fn = engine.triggerFunction();
    Set<String> expected = new TreeSet<>(common(fn));
    expected.add("sqs:SendMessage on " + arn(engine.getFailedInvocationsQueue()));
    expected.addAll(
        items(engine.getRunsTable(), engine.getTriggersTable(), engine.getDeadLetterTable()));
    expected.add("lambda:InvokeFunction on " + ref(engine.getOrchestrator()));
    // It starts the tasks of native workflows.
    for (TaskFunction task : engine.getTaskFunctions()) {
      expected.add("lambda:InvokeFunction on " + ref(task.getInvokeTarget()));
    }
    expected.add("s3:GetObject on " + objects());

    assertThat(IamStatements.grantsOf(template, Cfn.logicalId(fn.role())))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void runExpiry_isGrantedExactlyWhatItUses() {
    EngineFunction fn = engine.runExpiryFunction();
    Set<String> expected = new TreeSet<>();
    String logs = "<" + Cfn.logicalId(fn.logGroup()) + ".Arn>";
    expected.add("logs:CreateLogStream on " + logs);
    expected.add("logs:PutLogEvents on " + logs);
    // Whether the run has come back, before its items are purged.
    expected.add("dynamodb:GetItem on " + arn(engine.getRunsTable()));
    for (IConstruct table : List.of(engine.getHistoryTable(), engine.getTriggersTable())) {
      expected.add("dynamodb:Query on " + arn(table));
      expected.add("dynamodb:BatchWriteItem on " + arn(table));
      expected.add("dynamodb:DeleteItem on " + arn(table));
    }
    // A stream record it cannot read becomes a dead letter.
    expected.add("dynamodb:PutItem on " + arn(engine.getDeadLetterTable()));
    // What Lambda's event source mapping reads on its behalf, and where it parks a failed batch.
    String stream = "<" + Cfn.logicalId(engine.getRunsTable()) + ".StreamArn>";
    expected.add("dynamodb:DescribeStream on " + stream);
    expected.add("dynamodb:GetShardIterator on " + stream);
    expected.add("dynamodb:GetRecords on " + stream);
    expected.add("dynamodb:ListStreams on *");
    expected.add("sqs:SendMessage on " + arn(engine.getFailedInvocationsQueue()));

    assertThat(IamStatements.grantsOf(template, Cfn.logicalId(fn.role())))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void theStarResource_isGrantedOnlyForTheAllowListedActions_andOnlyToRunExpiry() {
    String runExpiry = Cfn.logicalId(engine.runExpiryFunction().role());

    List<IamStatements.Statement> onStar =
        IamStatements.all(template).stream()
            .filter(s -> "Allow".equals(s.effect()) && s.resources().contains("*"))
            .toList();

    assertThat(onStar).hasSize(1);
    assertThat(onStar.get(0).roles()).containsExactly(runExpiry);
    assertThat(onStar.get(0).actions()).containsExactly("dynamodb:ListStreams");
    assertThat(onStar.get(0).resources()).containsExactly("*");
    assertThat(STAR_RESOURCE_ALLOW_LIST).containsOnlyKeys("dynamodb:ListStreams");
  }

  @Test
  void taskFunctions_areGrantedExactlyWhatTheyUse() {
    assertThat(engine.getTaskFunctions()).hasSize(2);
    for (TaskFunction task : engine.getTaskFunctions()) {
      Set<String> expected = new TreeSet<>();
      String logs = "<" + Cfn.logicalId(task.getFunction().getLogGroup()) + ".Arn>";
      expected.add("logs:CreateLogStream on " + logs);
      expected.add("logs:PutLogEvents on " + logs);
      // Publishing results, and Lambda delivering the failure record of an invocation that could
      // not report: both are PutEvents on the bus, and there is no queue to send to.
      expected.add("events:PutEvents on " + arn(engine.getEventBus()));
      expected.add("s3:GetObject on " + objects());
      expected.add("s3:PutObject on " + objects());

      assertThat(IamStatements.grantsOf(template, Cfn.logicalId(task.getRole())))
          .as(task.getTasks().toString())
          .containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void schedulerRole_mayOnlyPutEventsOnTheBus_andOnlySchedulesOfTheGroupMayAssumeIt() {
    String role = Cfn.logicalId(engine.getSchedulerRole());

    assertThat(IamStatements.grantsOf(template, role))
        .containsExactly("events:PutEvents on " + arn(engine.getEventBus()));
    IamStatements.Statement trust =
        IamStatements.all(template).stream()
            .filter(s -> s.kind() == IamStatements.Kind.TRUST && s.source().equals(role))
            .findFirst()
            .orElseThrow();
    assertThat(Cfn.at(trust.body(), "Principal", "Service")).isEqualTo("scheduler.amazonaws.com");
    assertThat(Cfn.render(Cfn.at(trust.body(), "Condition", "StringEquals", "aws:SourceAccount")))
        .isEqualTo("<AWS::AccountId>");
    assertThat(Cfn.render(Cfn.at(trust.body(), "Condition", "ArnEquals", "aws:SourceArn")))
        .isEqualTo(arn(engine.getTimerGroup()));
  }

  @Test
  void engineRoles_haveNoManagedPolicies() {
    Cfn.resources(template, "AWS::IAM::Role")
        .forEach(
            (id, role) -> assertThat(Cfn.props(role).get("ManagedPolicyArns")).as(id).isNull());
  }

  @Test
  void foreignTask_mayBeInvokedByTheOrchestratorAndTheTrigger_andMayReportToTheBus() {
    List<Function> foreign = new ArrayList<>();
    List<TriggerflowEngine> engines = new ArrayList<>();
    Stack stack =
        TestStacks.engine(
            p -> {},
            e -> {
              engines.add(e);
              Function fn = foreignFunction(e);
              foreign.add(fn);
              e.addForeignTask("py_task", fn);
            });
    Map<String, Object> json = TestStacks.json(stack);
    TriggerflowEngine e = engines.get(0);

    assertThat(IamStatements.grantsOf(json, Cfn.logicalId(e.orchestratorFunction().role())))
        .contains("lambda:InvokeFunction on " + arn(foreign.get(0)));
    assertThat(IamStatements.grantsOf(json, Cfn.logicalId(e.triggerFunction().role())))
        .filteredOn(grant -> grant.startsWith("lambda:InvokeFunction"))
        .containsExactlyInAnyOrder(
            "lambda:InvokeFunction on " + ref(e.getOrchestrator()),
            "lambda:InvokeFunction on " + arn(foreign.get(0)));
    assertThat(IamStatements.grantsOf(json, Cfn.logicalId(foreign.get(0).getRole())))
        .containsExactly("events:PutEvents on " + arn(e.getEventBus()));
  }

  /** A function in another language, with the AWS managed basic-execution policy. */
  static Function foreignFunction(TriggerflowEngine scope) {
    return foreignFunction(scope, "PythonTask");
  }

  /** A function in another language, with the given construct id. */
  static Function foreignFunction(TriggerflowEngine scope, String id) {
    return Function.Builder.create(Stack.of(scope), id)
        .runtime(Runtime.PYTHON_3_13)
        .handler("index.handler")
        .code(Code.fromInline("def handler(event, context):\n    return event\n"))
        .build();
  }

  private static Set<String> common(EngineFunction fn) {
    Set<String> grants = new TreeSet<>();
    String logs = "<" + Cfn.logicalId(fn.logGroup()) + ".Arn>";
    grants.add("logs:CreateLogStream on " + logs);
    grants.add("logs:PutLogEvents on " + logs);
    grants.add("events:PutEvents on " + arn(engine.getEventBus()));
    return grants;
  }

  private static List<String> items(IConstruct... tables) {
    List<String> grants = new ArrayList<>();
    for (String action : TriggerflowEngine.TABLE_ITEM_ACTIONS) {
      for (IConstruct table : tables) {
        grants.add(action + " on " + arn(table));
      }
    }
    return grants;
  }

  private static String objects() {
    return arn(engine.getPayloadBucket()) + "/*";
  }

  private static String arn(IConstruct construct) {
    return "<" + Cfn.logicalId(construct) + ".Arn>";
  }

  private static String ref(IConstruct construct) {
    return "<" + Cfn.logicalId(construct) + ">";
  }
}

package dev.triggerflow.cli;

import dev.triggerflow.client.ClientException;
import dev.triggerflow.json.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The root command: global options and the subcommands. */
@Command(
    name = "triggerflow",
    mixinStandardHelpOptions = true,
    version = "triggerflow 0.1.0",
    description =
        "Runs and inspects workflows as code, on the embedded runtime or on an AWS deployment.",
    subcommands = {
      RunCommand.class,
      StartCommand.class,
      ResultCommand.class,
      ListCommand.class,
      StatusCommand.class,
      HistoryCommand.class,
      ResumeCommand.class,
      SignalCommand.class,
      TerminateCommand.class,
      DeadLettersCommand.class,
      CommandLine.HelpCommand.class
    })
public final class TriggerflowCommand implements Runnable {

  @Option(
      names = "--dir",
      defaultValue = ".triggerflow",
      description =
          "Where the embedded runtime stores runs (default: ${DEFAULT-VALUE} in the working"
              + " directory).")
  Path dir;

  /** Where commands act. */
  enum TargetKind {
    local,
    aws
  }

  @Option(
      names = "--target",
      defaultValue = "local",
      description =
          "local: the embedded runtime (default); aws: a deployment, found by --stack, with"
              + " credentials and region from the standard AWS chain.")
  TargetKind target;

  @Option(names = "--stack", description = "The CloudFormation stack of the AWS deployment.")
  String stack;

  @Option(names = "--region", description = "The AWS region (default: from the AWS chain).")
  String region;

  /** Opens targets; tests replace it. */
  TargetFactory targets = TargetFactory.DEFAULT;

  /** Opens the target the options name. */
  interface TargetFactory {
    /** The factory of the real targets. */
    TargetFactory DEFAULT =
        root ->
            root.target == TargetKind.aws
                ? AwsTarget.open(root.stack, root.region)
                : LocalTarget.open(root.dir);

    Target open(TriggerflowCommand root);
  }

  Target openTarget() {
    return targets.open(this);
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The command line with the CLI's error handling: user mistakes print a message, no trace. */
  static CommandLine commandLine() {
    return commandLine(TargetFactory.DEFAULT);
  }

  /** The command line, opening targets with {@code targets}. */
  static CommandLine commandLine(TargetFactory targets) {
    TriggerflowCommand root = new TriggerflowCommand();
    root.targets = targets;
    CommandLine cl = new CommandLine(root);
    cl.setExecutionExceptionHandler(TriggerflowCommand::handle);
    cl.setExitCodeExceptionMapper(e -> ExitCodes.USAGE);
    return cl;
  }

  private static int handle(Exception e, CommandLine cl, CommandLine.ParseResult parseResult) {
    PrintWriter err = cl.getErr();
    if (e instanceof ClientException
        || e instanceof Json.JsonMappingFailure
        || e instanceof IllegalArgumentException) {
      err.println("error: " + e.getMessage());
      err.flush();
      return ExitCodes.USAGE;
    }
    if (e instanceof software.amazon.awssdk.core.exception.SdkClientException sdk) {
      err.println("error: " + AwsTarget.explain(sdk));
      err.flush();
      return ExitCodes.INTERNAL;
    }
    if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException aws) {
      err.println(
          "error: AWS refused a request: "
              + aws.awsErrorDetails().errorMessage()
              + " ("
              + aws.awsErrorDetails().errorCode()
              + ")");
      err.flush();
      return ExitCodes.INTERNAL;
    }
    if (e instanceof StoreBusyException) {
      err.println("error: " + e.getMessage());
      err.flush();
      return ExitCodes.INTERNAL;
    }
    err.println("internal error: " + e);
    e.printStackTrace(err);
    err.flush();
    return ExitCodes.INTERNAL;
  }
}

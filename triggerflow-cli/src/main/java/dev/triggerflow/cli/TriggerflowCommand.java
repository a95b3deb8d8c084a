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
    description = "Runs and inspects workflows as code on the embedded runtime.",
    subcommands = {
      RunCommand.class,
      StartCommand.class,
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
      description = "Where runs are stored (default: ${DEFAULT-VALUE} in the working directory).")
  Path dir;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The command line with the CLI's error handling: user mistakes print a message, no trace. */
  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new TriggerflowCommand());
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

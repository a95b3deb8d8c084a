package dev.triggerflow.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** The {@code triggerflow} command. */
public final class Main {
  private Main() {}

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code. */
  public static int run(String... args) {
    return TriggerflowCommand.commandLine().execute(args);
  }

  /** Runs the command line with the given output streams and returns its exit code. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    return run(TriggerflowCommand.TargetFactory.DEFAULT, out, err, args);
  }

  /** Runs the command line against targets opened by {@code targets}. */
  static int run(
      TriggerflowCommand.TargetFactory targets, PrintWriter out, PrintWriter err, String... args) {
    CommandLine cl = TriggerflowCommand.commandLine(targets);
    cl.setOut(out);
    cl.setErr(err);
    return cl.execute(args);
  }
}

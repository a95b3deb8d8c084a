package dev.triggerflow.cli;

/** The exit codes of the CLI, for scripts. */
public final class ExitCodes {
  /** The command did what was asked; for {@code run}, the run completed. */
  public static final int OK = 0;

  /** The run finished, but not with a result: it failed or was terminated. */
  public static final int RUN_NOT_COMPLETED = 1;

  /** A mistake in the request: unknown workflow or run, malformed input or options. */
  public static final int USAGE = 2;

  /** The run did not finish within the timeout; it goes on and can be resumed. */
  public static final int TIMEOUT = 3;

  /** Something went wrong inside the engine or its storage. */
  public static final int INTERNAL = 4;

  private ExitCodes() {}
}

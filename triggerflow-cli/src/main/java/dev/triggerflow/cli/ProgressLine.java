package dev.triggerflow.cli;

import java.io.Console;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows a run's progress on stderr, so that stdout keeps only the result. On a terminal it is one
 * line redrawn in place at most ten times a second. Elsewhere (a pipe, a file, a CI log) carriage
 * returns would pile up, so it prints a plain line when the state changed, at most once a second
 * and not before the run has gone on for a second, and always the final state: a short run prints
 * one line.
 */
final class ProgressLine {

  /** How progress is shown. */
  enum Mode {
    /** One line redrawn in place. */
    LIVE,
    /** A line per change of state, at most once a second, and the final state. */
    LINES,
    /** Nothing. */
    NONE;

    /**
     * The mode a {@code --progress} value names; {@code auto} is live on a terminal.
     *
     * @throws IllegalArgumentException for any other value
     */
    static Mode parse(String value, boolean terminal) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "auto" -> terminal ? LIVE : LINES;
        case "live" -> LIVE;
        case "lines" -> LINES;
        case "none" -> NONE;
        default ->
            throw new IllegalArgumentException(
                "--progress is '" + value + "'; it takes auto, live, lines or none");
      };
    }
  }

  static final long LIVE_INTERVAL = Duration.ofMillis(100).toNanos();
  static final long LINES_INTERVAL = Duration.ofSeconds(1).toNanos();

  private final PrintWriter err;
  private final Mode mode;
  private final LongSupplier nanoTime;
  private final int width;
  private final long startedAt;
  private long shownAt;
  private boolean shown;
  private String lastState = "";
  private int drawn;

  /**
   * A progress display that starts its clock now.
   *
   * @param width the terminal's width in columns; a live line longer than that would wrap, and a
   *     carriage return would then redraw only its last part
   */
  ProgressLine(PrintWriter err, Mode mode, LongSupplier nanoTime, int width) {
    this.err = err;
    this.mode = mode;
    this.nanoTime = nanoTime;
    this.width = Math.max(20, width);
    this.startedAt = nanoTime.getAsLong();
  }

  /**
   * Whether stdin and stdout are a terminal. Java 17's {@code System.console()} says so by being
   * there at all; from Java 22 on it is always there, and its {@code isTerminal()} says so.
   */
  // The null test is the answer only before Java 22, and it is used only there.
  @SuppressWarnings("SystemConsoleNull")
  static boolean onTerminal() {
    Console console = System.console();
    if (Runtime.version().feature() < 22) {
      return console != null;
    }
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /** The terminal's width from {@code COLUMNS}, which shells set, or 80. */
  static int terminalWidth() {
    try {
      return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80").trim());
    } catch (NumberFormatException e) {
      return 80;
    }
  }

  /** Shows a new read of the run, if it is time to. */
  void update(RunProgress.Snapshot s) {
    long now = nanoTime.getAsLong();
    if (mode == Mode.LIVE && (!shown || now - shownAt >= LIVE_INTERVAL)) {
      draw(s, now);
    } else if (mode == Mode.LINES
        && now - startedAt >= LINES_INTERVAL
        && (!shown || now - shownAt >= LINES_INTERVAL)
        && !s.describe().equals(lastState)) {
      print(s, now);
    }
  }

  /** Shows the final state and ends the line. */
  void finish(RunProgress.Snapshot s) {
    long now = nanoTime.getAsLong();
    if (mode == Mode.LIVE) {
      draw(s, now);
      err.println();
      err.flush();
    } else if (mode == Mode.LINES) {
      print(s, now);
    }
  }

  /** The line for a read: the time first, so that a cut line keeps what matters most. */
  String line(RunProgress.Snapshot s, long now) {
    double seconds = (now - startedAt) / 1e9;
    return String.format(Locale.ROOT, "[%6.1fs] ", seconds) + s.describe();
  }

  private void draw(RunProgress.Snapshot s, long now) {
    String text = line(s, now);
    if (text.length() > width - 1) {
      text = text.substring(0, width - 1);
    }
    // Spaces cover what is left of a longer line drawn before.
    String pad = " ".repeat(Math.max(0, drawn - text.length()));
    err.print("\r" + text + pad);
    err.flush();
    drawn = text.length();
    shown = true;
    shownAt = now;
  }

  private void print(RunProgress.Snapshot s, long now) {
    err.println(line(s, now));
    err.flush();
    lastState = s.describe();
    shown = true;
    shownAt = now;
  }
}

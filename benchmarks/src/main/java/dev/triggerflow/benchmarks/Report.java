package dev.triggerflow.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the tables go: printed as soon as each is measured, so a long run shows its progress, and
 * collected for the optional Markdown file.
 */
public final class Report {
  private final PrintStream out;
  private final StringBuilder markdown = new StringBuilder();

  /** A report that prints to {@code out}. */
  public Report(PrintStream out) {
    this.out = out;
  }

  /** Adds a heading or a paragraph. */
  public void text(String text) {
    out.println(text);
    out.println();
    out.flush();
    markdown.append(text).append("\n\n");
  }

  /** Adds a table. */
  public void table(Table table) {
    String rendered = table.render();
    out.println(rendered);
    out.flush();
    markdown.append(rendered).append('\n');
  }

  /** A progress line: printed, not kept in the Markdown file. */
  public void progress(String line) {
    out.println("  .. " + line);
    out.flush();
  }

  /** Writes everything reported so far to {@code file}. */
  public void writeTo(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, markdown.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write the report to " + file, e);
    }
  }
}

package dev.triggerflow.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One table of figures, rendered as a Markdown table with padded columns so that it reads the same
 * in a terminal and in RESULTS.md.
 */
public final class Table {
  private final String title;
  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  /** An empty table. */
  public Table(String title, String... headers) {
    this.title = title;
    this.headers = List.of(headers);
  }

  /** Adds a row; cells are written with {@link String#valueOf}, missing cells are left blank. */
  public Table row(Object... cells) {
    if (cells.length > headers.size()) {
      throw new IllegalArgumentException(
          "a row of " + cells.length + " cells in a table of " + headers.size() + " columns");
    }
    List<String> row = new ArrayList<>();
    for (Object cell : cells) {
      row.add(String.valueOf(cell));
    }
    while (row.size() < headers.size()) {
      row.add("");
    }
    rows.add(row);
    return this;
  }

  /** Adds a line printed under the table: how to read it, what it leaves out. */
  public Table note(String note) {
    notes.add(note);
    return this;
  }

  /** The table as Markdown, title first and notes after. */
  public String render() {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("### ").append(title).append("\n\n");
    line(out, headers, widths);
    String[] rule = new String[widths.length];
    for (int i = 0; i < widths.length; i++) {
      rule[i] = "-".repeat(Math.max(3, widths[i]));
    }
    line(out, Arrays.asList(rule), widths);
    for (List<String> row : rows) {
      line(out, row, widths);
    }
    if (!notes.isEmpty()) {
      out.append('\n');
      for (String note : notes) {
        out.append(note).append('\n');
      }
    }
    return out.toString();
  }

  private static void line(StringBuilder out, List<String> cells, int[] widths) {
    out.append('|');
    for (int i = 0; i < widths.length; i++) {
      String cell = cells.get(i);
      out.append(' ').append(cell).append(" ".repeat(Math.max(0, widths[i] - cell.length())));
      out.append(" |");
    }
    out.append('\n');
  }
}

package dev.multitask.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** A plain-text table: a header, a rule, rows; columns padded to their widest cell. */
final class Table {
  private static final String INDENT = "  ";
  private static final String GAP = "  ";

  private final List<String> headers;
  private final List<List<String>> rows = new ArrayList<>();
  private final Set<Integer> rightAligned = new HashSet<>();

  Table(String... headers) {
    this.headers = List.of(headers);
  }

  /** Aligns the given columns (0-based) to the right, as numbers are. */
  Table alignRight(int... columns) {
    for (int c : columns) {
      rightAligned.add(c);
    }
    return this;
  }

  /**
   * Adds a row.
   *
   * @throws IllegalArgumentException if the row has not one cell per header
   */
  Table row(String... cells) {
    if (cells.length != headers.size()) {
      throw new IllegalArgumentException(
          "row has "
              + cells.length
              + " cells, table has "
              + headers.size()
              + " columns: "
              + List.of(cells));
    }
    rows.add(List.of(cells));
    return this;
  }

  void print(PrintWriter out) {
    int[] widths = new int[headers.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = headers.get(c).length();
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    out.println(line(headers, widths));
    List<String> rule = new ArrayList<>();
    for (int w : widths) {
      rule.add("-".repeat(w));
    }
    out.println(line(rule, widths));
    for (List<String> row : rows) {
      out.println(line(row, widths));
    }
  }

  private String line(List<String> cells, int[] widths) {
    StringBuilder sb = new StringBuilder(INDENT);
    for (int c = 0; c < cells.size(); c++) {
      String cell = cells.get(c);
      String pad = " ".repeat(widths[c] - cell.length());
      sb.append(c == 0 ? "" : GAP).append(rightAligned.contains(c) ? pad + cell : cell + pad);
    }
    return sb.toString().stripTrailing();
  }
}

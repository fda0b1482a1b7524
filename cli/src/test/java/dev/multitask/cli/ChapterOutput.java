package dev.multitask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a run of the tour printed, read the way the tour tests read it: lines found by pattern,
 * numbers taken out of a line, the rows of a table. Each lookup asserts what it relies on (one
 * matching line, a match in the line, a table under its title) and puts the whole output in the
 * failure message.
 *
 * @param run the tour's run, {@code tour} or {@code tour --chapter NAME}
 */
record ChapterOutput(CliRun run) {
  /** The index of the only line matching {@code regex} (found anywhere in the line). */
  int lineIndex(String regex) {
    List<Integer> found = indexesOf(regex);
    assertEquals(1, found.size(), "one line matching /" + regex + "/ in\n" + run.out());
    return found.getFirst();
  }

  /** The indexes of all lines matching {@code regex} (found anywhere in the line), in order. */
  List<Integer> indexesOf(String regex) {
    List<String> lines = run.outLines();
    Pattern p = Pattern.compile(regex);
    List<Integer> found = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (p.matcher(lines.get(i)).find()) {
        found.add(i);
      }
    }
    return found;
  }

  /** Every group of the first match of {@code regex} in line {@code line}, as a whole number. */
  long[] numbers(int line, String regex) {
    Matcher m = Pattern.compile(regex).matcher(run.outLines().get(line));
    assertTrue(m.find(), run.outLines().get(line));
    long[] values = new long[m.groupCount()];
    for (int g = 0; g < values.length; g++) {
      values[g] = Long.parseLong(m.group(g + 1));
    }
    return values;
  }

  /** The first group of the first match of {@code regex} in line {@code line}, as a decimal. */
  double decimal(int line, String regex) {
    Matcher m = Pattern.compile(regex).matcher(run.outLines().get(line));
    assertTrue(m.find(), run.outLines().get(line));
    return Double.parseDouble(m.group(1));
  }

  /**
   * The rows of the table under the first line starting with {@code title}, cells split on 2+
   * spaces. The table is the one {@link Table} prints: a header, a rule of dashes, indented rows.
   */
  List<List<String>> table(String title) {
    assertEquals(Main.OK, run.exitCode(), "the tour failed: " + run);
    List<String> lines = run.outLines();
    int at = 0;
    while (at < lines.size() && !lines.get(at).startsWith(title)) {
      at++;
    }
    assertTrue(at + 2 < lines.size(), "no table '" + title + "' in\n" + run.out());
    // a one-character first column makes a rule like "-  -----"
    assertTrue(lines.get(at + 2).trim().matches("[- ]+"), "a header and a rule under " + title);
    List<List<String>> rows = new ArrayList<>();
    // rows are indented; the pools experiment's chart follows its table after a line "  time, ..."
    for (int i = at + 3;
        i < lines.size() && lines.get(i).startsWith("  ") && !lines.get(i).startsWith("  time,");
        i++) {
      rows.add(List.of(lines.get(i).trim().split(" {2,}")));
    }
    return rows;
  }

  /** A time cell such as {@code "1.25 s"}, in seconds. */
  static double seconds(String cell) {
    return Double.parseDouble(cell.replace(" s", ""));
  }
}

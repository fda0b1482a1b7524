package dev.multitask.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A schedule's CPU timeline as a textbook Gantt chart for the terminal: one box per segment with
 * the job's name, the times under the boundaries, the MLFQ level under the name. Idle time is drawn
 * with dots, a context switch with slashes. Long timelines are scaled down and wrapped.
 *
 * <pre>
 *   +------------------------------------------------+------+------+
 *   |                       P1                       |  P2  |  P3  |
 *   +------------------------------------------------+------+------+
 *   0                                                24     27     30
 * </pre>
 *
 * <p>With colour, each job's box gets a background colour of its own (ANSI escapes); without, the
 * chart is plain text. {@link #useColour()} says whether to use colour on standard output: only on
 * a terminal, and not when {@code NO_COLOR} is set to a non-empty value (https://no-color.org).
 * Stateless; any thread may call it.
 */
public final class GanttChart {
  /** The width, in columns, a chart fits in unless told otherwise. */
  public static final int DEFAULT_WIDTH = 100;

  /** The narrowest width accepted. */
  public static final int MIN_WIDTH = 30;

  private static final String INDENT = "  ";
  private static final int MAX_CELLS_PER_UNIT = 3;
  private static final String RESET = "\u001b[0m";

  /** Background colours with a readable foreground, one per job in input order, repeating. */
  private static final List<String> COLOURS =
      List.of(
          "\u001b[97;44m",
          "\u001b[30;43m",
          "\u001b[97;45m",
          "\u001b[30;42m",
          "\u001b[97;41m",
          "\u001b[30;46m",
          "\u001b[30;47m",
          "\u001b[97;100m");

  private GanttChart() {}

  /**
   * Whether a chart written to standard output should be in colour: standard output is a terminal
   * and {@code NO_COLOR} is unset or empty.
   *
   * @return true to use colour
   */
  public static boolean useColour() {
    java.io.Console console = System.console();
    return useColour(System.getenv(), console != null && console.isTerminal());
  }

  /**
   * Whether to use colour, given the environment and whether the output is a terminal.
   *
   * @param environment the environment variables
   * @param terminal whether the output is a terminal
   * @return true if {@code terminal} and {@code NO_COLOR} is unset or empty
   */
  public static boolean useColour(Map<String, String> environment, boolean terminal) {
    String noColour = environment.get("NO_COLOR");
    return terminal && (noColour == null || noColour.isEmpty());
  }

  /**
   * The chart in {@link #DEFAULT_WIDTH} columns.
   *
   * @param schedule the schedule
   * @param colour whether to use ANSI colours
   * @return the chart's lines, each ending with a line break
   */
  public static String render(Schedule schedule, boolean colour) {
    return render(schedule, colour, DEFAULT_WIDTH);
  }

  /**
   * The chart in at most {@code width} columns (a box wider than that, for a long job name, still
   * gets a row of its own).
   *
   * @param schedule the schedule
   * @param colour whether to use ANSI colours
   * @param width the columns available, {@code >= MIN_WIDTH}
   * @return the chart's lines, each ending with a line break
   * @throws IllegalArgumentException if {@code width < MIN_WIDTH}
   */
  public static String render(Schedule schedule, boolean colour, int width) {
    Objects.requireNonNull(schedule, "schedule");
    if (width < MIN_WIDTH) {
      throw new IllegalArgumentException("width must be >= " + MIN_WIDTH + ": width=" + width);
    }
    List<Segment> segments = schedule.timeline();
    boolean levels = schedule.config().algorithm() == Algorithm.MLFQ;
    long end = segments.getLast().end();
    int room = width - INDENT.length() - 1;
    double perUnit = (double) Math.max(1, room - segments.size()) / end;
    double cells = perUnit >= 1 ? Math.min(MAX_CELLS_PER_UNIT, Math.floor(perUnit)) : perUnit;
    int[] widths = widths(segments, cells, levels);
    // the boxes' minimum widths (names, times) may overflow the row: shrink the scale a little
    for (int tries = 0; tries < 40 && total(widths) > room; tries++) {
      cells = cells > 1 ? cells - 1 : cells * 0.9;
      widths = widths(segments, cells, levels);
    }
    StringBuilder out = new StringBuilder();
    int from = 0;
    while (from < segments.size()) {
      int to = from;
      int used = 1;
      while (to < segments.size() && (to == from || used + widths[to] + 1 <= room)) {
        used += widths[to] + 1;
        to++;
      }
      row(out, schedule, segments.subList(from, to), widths, from, colour, levels);
      from = to;
    }
    legend(out, segments, levels);
    return out.toString();
  }

  private static void row(
      StringBuilder out,
      Schedule schedule,
      List<Segment> row,
      int[] widths,
      int first,
      boolean colour,
      boolean levels) {
    StringBuilder border = new StringBuilder(INDENT).append('+');
    StringBuilder names = new StringBuilder(INDENT).append('|');
    StringBuilder levelLine = new StringBuilder(INDENT).append('|');
    StringBuilder axis = new StringBuilder(INDENT);
    for (int i = 0; i < row.size(); i++) {
      Segment s = row.get(i);
      int w = widths[first + i];
      border.append("-".repeat(w)).append('+');
      char fill =
          switch (s.kind()) {
            case RUN -> ' ';
            case IDLE -> '.';
            case SWITCH -> '/';
          };
      String cell = centre(label(s), w, fill);
      String lev = centre(levels && s.kind() == Segment.Kind.RUN ? levelLabel(s) : "", w, fill);
      if (colour && s.kind() == Segment.Kind.RUN) {
        String c = colourOf(schedule, s.job());
        cell = c + cell + RESET;
        lev = c + lev + RESET;
      }
      names.append(cell).append('|');
      levelLine.append(lev).append('|');
      pad(axis, INDENT.length() + positionOf(widths, first, i));
      axis.append(s.start());
    }
    pad(axis, INDENT.length() + positionOf(widths, first, row.size()));
    axis.append(row.getLast().end());
    out.append(border).append('\n').append(names).append('\n');
    if (levels) {
      out.append(levelLine).append('\n');
    }
    out.append(border).append('\n').append(axis).append('\n');
  }

  /**
   * Each box's width: its time at {@code cells} columns a unit, but room for its name and start.
   */
  private static int[] widths(List<Segment> segments, double cells, boolean levels) {
    int[] widths = new int[segments.size()];
    for (int i = 0; i < widths.length; i++) {
      Segment s = segments.get(i);
      int w = (int) Math.max(1, Math.round(s.length() * cells));
      w = Math.max(w, label(s).length());
      w = Math.max(w, digits(s.start()) + 1);
      if (levels && s.kind() == Segment.Kind.RUN) {
        w = Math.max(w, levelLabel(s).length());
      }
      widths[i] = w;
    }
    return widths;
  }

  /** The columns all boxes take on one row, borders included. */
  private static int total(int[] widths) {
    int sum = 1;
    for (int w : widths) {
      sum += w + 1;
    }
    return sum;
  }

  private static void legend(StringBuilder out, List<Segment> segments, boolean levels) {
    List<String> keys = new ArrayList<>();
    if (segments.stream().anyMatch(s -> s.kind() == Segment.Kind.IDLE)) {
      keys.add("... idle");
    }
    if (segments.stream().anyMatch(s -> s.kind() == Segment.Kind.SWITCH)) {
      keys.add("/// context switch");
    }
    if (levels) {
      keys.add("qN MLFQ level (q0 highest)");
    }
    if (!keys.isEmpty()) {
      out.append(INDENT).append(String.join("   ", keys)).append('\n');
    }
  }

  /**
   * The column of the boundary before segment {@code i} of the row that starts at {@code first}.
   */
  private static int positionOf(int[] widths, int first, int i) {
    int at = 0;
    for (int k = 0; k < i; k++) {
      at += widths[first + k] + 1;
    }
    return at;
  }

  private static void pad(StringBuilder line, int column) {
    while (line.length() < column) {
      line.append(' ');
    }
  }

  private static String label(Segment s) {
    return s.kind() == Segment.Kind.RUN ? s.job() : "";
  }

  private static String levelLabel(Segment s) {
    return "q" + s.level();
  }

  private static String centre(String text, int width, char fill) {
    int left = (width - text.length()) / 2;
    return String.valueOf(fill).repeat(left)
        + text
        + String.valueOf(fill).repeat(width - text.length() - left);
  }

  private static int digits(long value) {
    return Long.toString(value).length();
  }

  /** The colour of a job: by its place in the job set, so a job keeps its colour in every chart. */
  private static String colourOf(Schedule schedule, String job) {
    List<Job> jobs = schedule.jobs().jobs();
    for (int i = 0; i < jobs.size(); i++) {
      if (jobs.get(i).name().equals(job)) {
        return COLOURS.get(i % COLOURS.size());
      }
    }
    return COLOURS.getFirst();
  }
}

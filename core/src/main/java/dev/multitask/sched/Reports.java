package dev.multitask.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Plain-text reports of schedules: the job set, each job's times, the averages (the lines scripts
 * read), and a comparison of algorithms. Tables are indented two spaces, columns padded to their
 * widest cell, numbers aligned right. Stateless; any thread may call it.
 */
public final class Reports {
  private Reports() {}

  /**
   * The job set as a table: name, arrival, bursts, priority.
   *
   * @param jobs the jobs
   * @return the table's lines, each ending with a line break
   */
  public static String jobSet(JobSet jobs) {
    Objects.requireNonNull(jobs, "jobs");
    TextTable t = new TextTable("job", "arrival", "bursts (CPU/I-O/...)", "priority").alignLeft(2);
    for (Job j : jobs.jobs()) {
      t.row(j.name(), Long.toString(j.arrival()), j.burstText(), Integer.toString(j.priority()));
    }
    return t.toString();
  }

  /**
   * Each job's times: arrival, CPU, I/O, first run, completion, turnaround, waiting, response.
   *
   * @param schedule the schedule
   * @return the table's lines, each ending with a line break
   */
  public static String jobTable(Schedule schedule) {
    Objects.requireNonNull(schedule, "schedule");
    TextTable t =
        new TextTable(
            "job",
            "arrival",
            "CPU",
            "I/O",
            "first run",
            "completion",
            "turnaround",
            "waiting",
            "response");
    for (JobResult r : schedule.results()) {
      t.row(
          r.name(),
          Long.toString(r.arrival()),
          Long.toString(r.cpuTime()),
          Long.toString(r.ioTime()),
          Long.toString(r.firstRun()),
          Long.toString(r.completion()),
          Long.toString(r.turnaround()),
          Long.toString(r.waiting()),
          Long.toString(r.response()));
    }
    return t.toString();
  }

  /**
   * The summary lines, exactly:
   *
   * <pre>
   * average waiting time: 17.00
   * average turnaround time: 27.00
   * average response time: 17.00
   * throughput: 0.100 jobs per time unit (3 jobs in 30)
   * CPU utilisation: 100.0 %
   * context switches: 2
   * </pre>
   *
   * The first three are the ones scripts read: {@code average (waiting|turnaround|response) time:
   * X} with two decimals.
   *
   * @param schedule the schedule
   * @return the lines, each ending with a line break
   */
  public static String summary(Schedule schedule) {
    Objects.requireNonNull(schedule, "schedule");
    return "average waiting time: "
        + two(schedule.averageWaiting())
        + "\n"
        + "average turnaround time: "
        + two(schedule.averageTurnaround())
        + "\n"
        + "average response time: "
        + two(schedule.averageResponse())
        + "\n"
        + "throughput: "
        + String.format(Locale.ROOT, "%.3f", schedule.throughput())
        + " jobs per time unit ("
        + schedule.results().size()
        + " jobs in "
        + schedule.makespan()
        + ")\n"
        + "CPU utilisation: "
        + String.format(Locale.ROOT, "%.1f", 100 * schedule.cpuUtilisation())
        + " %\n"
        + "context switches: "
        + schedule.contextSwitches()
        + "\n";
  }

  /**
   * A table of schedules of one job set side by side: algorithm, the three averages, throughput,
   * CPU utilisation, context switches.
   *
   * @param schedules the schedules, such as {@link Simulator#compare}'s
   * @return the table's lines, each ending with a line break
   */
  public static String comparison(List<Schedule> schedules) {
    Objects.requireNonNull(schedules, "schedules");
    TextTable t =
        new TextTable(
            "algorithm",
            "avg waiting",
            "avg turnaround",
            "avg response",
            "throughput",
            "CPU use",
            "switches");
    for (Schedule s : schedules) {
      String name = s.config().algorithm().cliName();
      if (s.config().algorithm() == Algorithm.RR) {
        name += " (q=" + s.config().quantum() + ")";
      }
      t.row(
          name,
          two(s.averageWaiting()),
          two(s.averageTurnaround()),
          two(s.averageResponse()),
          String.format(Locale.ROOT, "%.3f", s.throughput()),
          String.format(Locale.ROOT, "%.1f %%", 100 * s.cpuUtilisation()),
          Integer.toString(s.contextSwitches()));
    }
    return t.toString();
  }

  /**
   * A number with two decimals, as the summary lines print it.
   *
   * @param value the number
   * @return such as {@code 5.67}
   */
  public static String two(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  /**
   * A header, a rule and rows; the first column left-aligned, the others right-aligned unless said.
   */
  private static final class TextTable {
    private final List<String[]> rows = new ArrayList<>();
    private final boolean[] left;

    TextTable(String... header) {
      rows.add(header);
      left = new boolean[header.length];
      left[0] = true;
    }

    TextTable alignLeft(int column) {
      left[column] = true;
      return this;
    }

    void row(String... cells) {
      rows.add(cells);
    }

    @Override
    public String toString() {
      int columns = rows.getFirst().length;
      int[] widths = new int[columns];
      for (String[] r : rows) {
        for (int c = 0; c < columns; c++) {
          widths[c] = Math.max(widths[c], r[c].length());
        }
      }
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < rows.size(); i++) {
        line(out, rows.get(i), widths, left);
        if (i == 0) {
          String[] rule = new String[columns];
          for (int c = 0; c < columns; c++) {
            rule[c] = "-".repeat(widths[c]);
          }
          line(out, rule, widths, left);
        }
      }
      return out.toString();
    }

    private static void line(StringBuilder out, String[] cells, int[] widths, boolean[] left) {
      StringBuilder l = new StringBuilder("  ");
      for (int c = 0; c < cells.length; c++) {
        String pad = " ".repeat(widths[c] - cells[c].length());
        l.append(c == 0 ? "" : "  ").append(left[c] ? cells[c] + pad : pad + cells[c]);
      }
      out.append(l.toString().stripTrailing()).append('\n');
    }
  }
}

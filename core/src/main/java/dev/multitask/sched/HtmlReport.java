package dev.multitask.sched;

import java.util.List;
import java.util.Objects;

/**
 * Schedules as one self-contained HTML page (inline style and SVG; nothing fetched from the
 * network, no script): the job set, a comparison table when there are several schedules, then each
 * schedule's chart ({@link SvgChart}), its per-job table and its averages. Opens in any browser
 * from a file. Stateless; any thread may call it.
 */
public final class HtmlReport {
  private static final String STYLE =
      """
      body { font-family: sans-serif; margin: 2em; color: #222; }
      table { border-collapse: collapse; margin: 0.5em 0 1em; }
      th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; }
      td.n { text-align: right; font-variant-numeric: tabular-nums; }
      th { background: #f4f4f4; }
      section { margin-bottom: 2em; }
      svg { max-width: 100%; height: auto; }
      """;

  private HtmlReport() {}

  /**
   * A page for one schedule.
   *
   * @param schedule the schedule
   * @return the HTML text
   */
  public static String render(Schedule schedule) {
    return render(List.of(schedule));
  }

  /**
   * A page for schedules of one job set, such as {@link Simulator#compare}'s.
   *
   * @param schedules the schedules, at least one
   * @return the HTML text
   * @throws IllegalArgumentException if the list is empty
   */
  public static String render(List<Schedule> schedules) {
    Objects.requireNonNull(schedules, "schedules");
    if (schedules.isEmpty()) {
      throw new IllegalArgumentException("no schedule to report: pass at least one");
    }
    JobSet jobs = schedules.getFirst().jobs();
    StringBuilder out =
        new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .append("<title>CPU scheduling: ")
            .append(SvgChart.escape(jobs.name()))
            .append("</title>\n<style>\n")
            .append(STYLE)
            .append("</style>\n</head>\n<body>\n<h1>CPU scheduling: ")
            .append(SvgChart.escape(jobs.name()))
            .append(
                "</h1>\n<h2>Jobs</h2>\n<table class=\"jobs\">\n<tr><th>job</th><th>arrival</th>"
                    + "<th>bursts (CPU/I-O/...)</th><th>priority</th></tr>\n");
    for (Job j : jobs.jobs()) {
      out.append("<tr><td>")
          .append(SvgChart.escape(j.name()))
          .append("</td>")
          .append(n(j.arrival()))
          .append("<td class=\"n\">")
          .append(j.burstText())
          .append("</td>")
          .append(n(j.priority()))
          .append("</tr>\n");
    }
    out.append("</table>\n");
    if (schedules.size() > 1) {
      comparison(out, schedules);
    }
    for (Schedule s : schedules) {
      out.append("<section class=\"schedule\" data-algorithm=\"")
          .append(s.config().algorithm().cliName())
          .append("\">\n<h2>")
          .append(SvgChart.escape(s.config().describe()))
          .append("</h2>\n")
          .append(SvgChart.render(s));
      results(out, s);
      out.append("</section>\n");
    }
    return out.append("</body>\n</html>\n").toString();
  }

  private static void comparison(StringBuilder out, List<Schedule> schedules) {
    out.append(
        "<h2>Comparison</h2>\n"
            + "<table class=\"comparison\">\n"
            + "<tr><th>algorithm</th><th>avg waiting</th><th>avg turnaround</th><th>avg"
            + " response</th><th>throughput</th><th>CPU use</th><th>switches</th></tr>\n");
    for (Schedule s : schedules) {
      out.append("<tr><td>")
          .append(SvgChart.escape(s.config().describe()))
          .append("</td>")
          .append(d(s.averageWaiting()))
          .append(d(s.averageTurnaround()))
          .append(d(s.averageResponse()))
          .append("<td class=\"n\">")
          .append(String.format(java.util.Locale.ROOT, "%.3f", s.throughput()))
          .append("</td><td class=\"n\">")
          .append(String.format(java.util.Locale.ROOT, "%.1f %%", 100 * s.cpuUtilisation()))
          .append("</td>")
          .append(n(s.contextSwitches()))
          .append("</tr>\n");
    }
    out.append("</table>\n");
  }

  private static void results(StringBuilder out, Schedule s) {
    out.append(
        "<table class=\"results\">\n"
            + "<tr><th>job</th><th>arrival</th><th>CPU</th><th>I/O</th><th>first run</th>"
            + "<th>completion</th><th>turnaround</th><th>waiting</th><th>response</th></tr>\n");
    for (JobResult r : s.results()) {
      out.append("<tr><td>")
          .append(SvgChart.escape(r.name()))
          .append("</td>")
          .append(n(r.arrival()))
          .append(n(r.cpuTime()))
          .append(n(r.ioTime()))
          .append(n(r.firstRun()))
          .append(n(r.completion()))
          .append(n(r.turnaround()))
          .append(n(r.waiting()))
          .append(n(r.response()))
          .append("</tr>\n");
    }
    out.append("</table>\n<pre class=\"summary\">")
        .append(SvgChart.escape(Reports.summary(s)))
        .append("</pre>\n");
  }

  private static String n(long value) {
    return "<td class=\"n\">" + value + "</td>";
  }

  private static String d(double value) {
    return "<td class=\"n\">" + Reports.two(value) + "</td>";
  }
}

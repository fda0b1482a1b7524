package dev.multitask.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The renderers: the terminal Gantt chart, the text reports, SVG and HTML. */
class SchedRenderTest {
  private static final Schedule OSC_FCFS =
      Simulator.run(
          Textbook.find("silberschatz-fcfs").orElseThrow().jobs(), Config.of(Algorithm.FCFS));
  private static final Schedule IO_RR =
      Simulator.run(
          Textbook.find("io-mix").orElseThrow().jobs(),
          Config.of(Algorithm.RR).withQuantum(2).withContextSwitch(1));

  @Test
  void gantt_plain_isTheTextbookChart() {
    assertEquals(
        """
          +------------------------------------------------+------+------+
          |                       P1                       |  P2  |  P3  |
          +------------------------------------------------+------+------+
          0                                                24     27     30
        """,
        GanttChart.render(OSC_FCFS, false, 80));
  }

  @Test
  void gantt_idleAndSwitches_drawnWithTheirOwnFillAndALegend() {
    JobSet gap = JobSet.of("gap", Job.of("A", 0, 2), Job.of("B", 5, 1));
    String chart =
        GanttChart.render(
            Simulator.run(gap, Config.of(Algorithm.FCFS).withContextSwitch(1)), false);
    assertEquals(
        """
          +------+---------+---+---+
          |  A   |.........|///| B |
          +------+---------+---+---+
          0      2         5   6   7
          ... idle   /// context switch
        """,
        chart);
  }

  @Test
  void gantt_mlfq_showsTheLevelUnderEachRun() {
    Schedule s =
        Simulator.run(
            Textbook.find("ostep-mlfq").orElseThrow().jobs(),
            Config.of(Algorithm.MLFQ).withMlfq(Mlfq.of(10, 10, 10)));
    List<String> lines = GanttChart.render(s, false).lines().toList();
    assertTrue(
        lines.get(1).matches(" {2}\\| +A +\\| +A +\\| +A +\\| +B +\\| +B +\\| +A +\\|"),
        lines.get(1));
    assertTrue(
        lines.get(2).matches(" {2}\\| +q0 +\\| +q1 +\\| +q2 +\\| +q0 +\\| +q1 +\\| +q2 +\\|"),
        lines.get(2));
    assertTrue(lines.get(4).matches(" {2}0 +10 +20 +100 +110 +120 +200"), lines.get(4));
  }

  @Test
  void gantt_timesStandUnderTheBoundaries() {
    List<String> lines = GanttChart.render(IO_RR, false).lines().toList();
    String border = lines.get(0);
    String axis = lines.get(3);
    int boundary = 0;
    for (Segment seg : IO_RR.timeline()) {
      boundary = border.indexOf('+', boundary);
      assertEquals(Long.toString(seg.start()), axis.substring(boundary).split(" ")[0], axis);
      boundary++;
    }
  }

  @Test
  void gantt_colour_givesEachJobItsBackgroundAndResets() {
    String chart = GanttChart.render(OSC_FCFS, true);
    assertTrue(
        chart.contains("\u001b[97;44m")
            && chart.contains("\u001b[30;43m")
            && chart.contains("\u001b[97;45m"),
        chart);
    assertEquals(3, chart.split("\u001b\\[0m", -1).length - 1, "one reset per coloured box");
    assertFalse(GanttChart.render(OSC_FCFS, false).contains("\u001b"), "plain text has no escapes");
  }

  @Test
  void gantt_longTimeline_wrapsWithinTheWidth() {
    Job[] jobs = new Job[12];
    for (int i = 0; i < jobs.length; i++) {
      jobs[i] = Job.of("Job" + i, i, 40 + i);
    }
    Schedule s = Simulator.run(JobSet.of("long", jobs), Config.of(Algorithm.RR).withQuantum(7));
    String chart = GanttChart.render(s, false, 80);
    chart.lines().forEach(l -> assertTrue(l.length() <= 80, l.length() + ": " + l));
    assertTrue(
        chart.lines().filter(l -> l.startsWith("  |")).count() > 1, "several rows\n" + chart);
    assertTrue(chart.contains(" " + s.timeline().getLast().end()), chart);
    assertThrows(IllegalArgumentException.class, () -> GanttChart.render(s, false, 10));
  }

  @Test
  void useColour_onlyOnATerminalWithoutNoColor() {
    assertTrue(GanttChart.useColour(Map.of(), true));
    assertFalse(GanttChart.useColour(Map.of(), false));
    assertFalse(GanttChart.useColour(Map.of("NO_COLOR", "1"), true));
    assertTrue(
        GanttChart.useColour(Map.of("NO_COLOR", ""), true),
        "an empty NO_COLOR is unset (no-color.org)");
  }

  @Test
  void summary_theLinesScriptsRead() {
    assertEquals(
        """
        average waiting time: 17.00
        average turnaround time: 27.00
        average response time: 17.00
        throughput: 0.100 jobs per time unit (3 jobs in 30)
        CPU utilisation: 100.0 %
        context switches: 2
        """,
        Reports.summary(OSC_FCFS));
  }

  @Test
  void jobTable_oneRowPerJobWithItsTimes() {
    List<String> lines = Reports.jobTable(IO_RR).lines().toList();
    assertEquals(5, lines.size(), String.join("\n", lines));
    assertEquals(
        List.of(
            "job",
            "arrival",
            "CPU",
            "I/O",
            "first",
            "run",
            "completion",
            "turnaround",
            "waiting",
            "response"),
        List.of(lines.get(0).trim().split(" +")));
    JobResult a = IO_RR.result("A");
    assertEquals(
        List.of(
            "A",
            "0",
            "6",
            "3",
            "0",
            Long.toString(a.completion()),
            Long.toString(a.turnaround()),
            Long.toString(a.waiting()),
            "0"),
        List.of(lines.get(2).trim().split(" +")));
  }

  @Test
  void comparison_oneRowPerAlgorithm() {
    List<Schedule> all =
        Simulator.compare(
            Textbook.find("stallings").orElseThrow().jobs(), Config.of(Algorithm.FCFS));
    List<String> lines = Reports.comparison(all).lines().toList();
    assertEquals(2 + Algorithm.values().length, lines.size());
    assertTrue(
        lines.get(2).trim().startsWith("fcfs ")
            && lines.get(2).contains(" 4.60 ")
            && lines.get(2).contains(" 8.60 "),
        lines.get(2));
    assertTrue(lines.get(7).trim().startsWith("rr (q=4) "), lines.get(7));
    assertTrue(
        Reports.jobSet(Textbook.find("io-mix").orElseThrow().jobs())
            .contains("\n  A          0  4/3/2   "),
        Reports.jobSet(Textbook.find("io-mix").orElseThrow().jobs()));
  }

  @Test
  void svg_isWellFormedWithABarPerSegmentAndALanePerJob() {
    String svg = SvgChart.render(IO_RR);
    assertEquals("svg", XmlSyntax.check(svg));
    assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" "), svg);
    List<String> cpu = groups(svg, "cpu");
    assertEquals(1, cpu.size());
    assertEquals(IO_RR.timeline().size(), cpu.getFirst().split("<rect ", -1).length - 1);
    assertEquals(List.of("A", "B", "C"), laneJobs(svg));
    assertTrue(
        svg.contains("<title>A does I/O: " + IO_RR.result("A").io().getFirst().start() + " to "),
        svg);
    assertTrue(svg.contains("<title>context switch to B: 2 to 3</title>"), svg);
    assertTrue(
        svg.contains("<title>B waits ready: 1 to 3</title>"),
        "a switch to B is time B waits\n" + svg);
    assertSelfContained(svg);
  }

  @Test
  void svg_severalSchedules_stackedOnOneScale() {
    List<Schedule> all =
        Simulator.compare(
            Textbook.find("stallings").orElseThrow().jobs(), Config.of(Algorithm.FCFS));
    String svg = SvgChart.render(all);
    XmlSyntax.check(svg);
    assertEquals(all.size(), groups(svg, "cpu").size());
    assertEquals(all.size() * 5, laneJobs(svg).size());
    assertThrows(IllegalArgumentException.class, () -> SvgChart.render(List.of()));
  }

  @Test
  void svg_jobNames_areEscaped() {
    Schedule s =
        Simulator.run(JobSet.of("a<b>", Job.of("x&y\"<z>", 0, 2)), Config.of(Algorithm.FCFS));
    String svg = SvgChart.render(s);
    XmlSyntax.check(svg);
    assertEquals(List.of("x&y\"<z>"), laneJobs(svg));
  }

  @Test
  void html_selfContainedPageWithEverySchedule() {
    List<Schedule> all =
        Simulator.compare(Textbook.find("io-mix").orElseThrow().jobs(), Config.of(Algorithm.FCFS));
    String html = HtmlReport.render(all);
    assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"), html);
    assertTrue(html.endsWith("</body>\n</html>\n"));
    assertEquals(all.size(), html.split("<section class=\"schedule\"", -1).length - 1);
    assertEquals(all.size(), html.split("<svg ", -1).length - 1);
    assertTrue(
        html.contains("<table class=\"comparison\">"), "a comparison table for several schedules");
    assertTrue(
        html.contains("average waiting time: " + Reports.two(all.getFirst().averageWaiting())),
        html);
    assertSelfContained(html);
    assertFalse(
        HtmlReport.render(OSC_FCFS).contains("class=\"comparison\""),
        "no comparison for one schedule");
  }

  /** Nothing to fetch: no script, no link, no source, no address but the SVG namespace. */
  private static void assertSelfContained(String text) {
    assertFalse(text.contains("<script"), "no script");
    assertFalse(text.contains("href="), "no link");
    assertFalse(text.contains("src="), "no source");
    assertFalse(text.replace("http://www.w3.org/2000/svg", "").contains("http"), "no address");
    assertFalse(text.contains("url("), "no CSS fetch");
  }

  /** The content of each {@code <g class="cls">}. */
  private static List<String> groups(String svg, String cls) {
    List<String> found = new ArrayList<>();
    Matcher m =
        Pattern.compile("<g class=\"" + cls + "\"[^>]*>(.*?)</g>", Pattern.DOTALL).matcher(svg);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  /** The job of each lane, in order. */
  private static List<String> laneJobs(String svg) {
    List<String> jobs = new ArrayList<>();
    Matcher m = Pattern.compile("<g class=\"lane\" data-job=\"([^\"]*)\">").matcher(svg);
    while (m.find()) {
      jobs.add(XmlSyntax.unescape(m.group(1)));
    }
    return jobs;
  }
}

package dev.multitask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.sched.Algorithm;
import dev.multitask.sched.Textbook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code multitask sched}: exit codes, the lines scripts read, the files it writes, its errors. */
class SchedCommandTest {
  @TempDir Path dir;

  private Path jobs(String text) throws IOException {
    Path file = dir.resolve("jobs.csv");
    Files.writeString(file, text);
    return file;
  }

  /** The value of the only line {@code "<name>: X"}. */
  private static String value(CliRun run, String name) {
    List<String> lines = run.outLines().stream().filter(l -> l.startsWith(name + ": ")).toList();
    assertEquals(1, lines.size(), "one line '" + name + ": ' in\n" + run);
    String v = lines.getFirst().substring(name.length() + 2);
    assertTrue(v.matches("\\d+\\.\\d\\d"), "two decimals: " + v);
    return v;
  }

  private static void assertUsageError(CliRun run, String... fragments) {
    assertEquals(Main.USAGE, run.exitCode(), run.toString());
    assertEquals("", run.out(), run.toString());
    assertTrue(run.err().startsWith("multitask sched: "), run.toString());
    for (String f : fragments) {
      assertTrue(run.err().contains(f), "'" + f + "' in\n" + run);
    }
  }

  @Test
  void example_rr_printsChartTableAndTheAverageLines() {
    CliRun run =
        CliRun.of("sched", "--example", "silberschatz-rr", "--algorithm", "rr", "--quantum", "4");
    assertEquals(Main.OK, run.exitCode(), run.toString());
    assertEquals("5.67", value(run, "average waiting time"));
    assertEquals("15.67", value(run, "average turnaround time"));
    assertEquals("3.67", value(run, "average response time"));
    assertTrue(run.out().contains("Round robin (rr), quantum 4:\n  +--"), run.toString());
    assertTrue(
        run.out().contains("  job  arrival  CPU  I/O  first run  completion"), run.toString());
    assertTrue(
        run.out()
            .contains(
                "known answer: waiting 5.67, turnaround 15.67, response 3.67 (this run agrees)"),
        run.toString());
    assertFalse(run.out().contains("\u001b"), "no colour when the output is not a terminal");
  }

  @Test
  void example_knownAnswer_comparedWhateverTheIgnoredSettings() {
    CliRun rr = CliRun.of("sched", "--example", "io-mix", "-a", "rr", "-q", "2");
    assertTrue(
        rr.out()
            .contains(
                "known answer: waiting 4.00, turnaround 9.67, response 1.00 (this run agrees)"),
        rr.toString());
    CliRun mlfq = CliRun.of("sched", "--example", "ostep-mlfq", "-a", "mlfq", "-q", "10,10,10");
    assertTrue(
        mlfq.out()
            .contains(
                "known answer: waiting 10.00, turnaround 110.00, response 0.00 (this run agrees)"),
        mlfq.toString());
    CliRun other = CliRun.of("sched", "--example", "io-mix", "-a", "rr", "-q", "3");
    assertFalse(other.out().contains("known answer"), "no answer known for quantum 3\n" + other);
  }

  @Test
  void jobFile_srtf_readsTheCsvAndSimulates() throws IOException {
    Path file = jobs("name,arrival,burst\nP1,0,8\nP2,1,4\nP3,2,9\nP4,3,5\n");
    CliRun run = CliRun.of("sched", "-a", "srtf", file.toString());
    assertEquals(Main.OK, run.exitCode(), run.toString());
    assertEquals("6.50", value(run, "average waiting time"));
    assertEquals("13.00", value(run, "average turnaround time"));
    assertEquals("4.25", value(run, "average response time"));
    assertTrue(run.out().startsWith("Job set jobs.csv:\n"), run.toString());
  }

  @Test
  void defaultAlgorithm_isFcfs() {
    CliRun run = CliRun.of("sched", "--example", "silberschatz-fcfs");
    assertEquals(Main.OK, run.exitCode(), run.toString());
    assertTrue(run.out().contains("First come, first served (fcfs):"), run.toString());
    assertEquals("17.00", value(run, "average waiting time"));
  }

  @Test
  void mlfqOptions_quantaBoostAllotmentAndIo() throws IOException {
    Path file = jobs("name,arrival,burst\nA,0,10\nB,1,6\n");
    CliRun run = CliRun.of("sched", "-a", "mlfq", "-q", "2,4", "--boost", "8", file.toString());
    assertEquals(Main.OK, run.exitCode(), run.toString());
    assertTrue(
        run.out().contains("2 levels, quanta 2/4, allotments = quanta, boost every 8"),
        run.toString());
    assertEquals("6.50", value(run, "average waiting time")); // SchedMlfqTest's boost case
    CliRun raise =
        CliRun.of(
            "sched",
            "-a",
            "mlfq",
            "-q",
            "3",
            "--levels",
            "2",
            "--allotment",
            "3,6",
            "--after-io",
            "raise",
            "--example",
            "io-mix");
    assertEquals(Main.OK, raise.exitCode(), raise.toString());
    assertTrue(
        raise.out().contains("quanta 3/6, allotments = quanta, no boost, I/O raises the level"),
        raise.out());
  }

  @Test
  void highNumberFirst_flipsThePriorityOrder() throws IOException {
    Path file = jobs("name,arrival,burst,priority\nLow,0,2,1\nHigh,0,2,9\n");
    CliRun low = CliRun.of("sched", "-a", "priority", file.toString());
    CliRun high = CliRun.of("sched", "-a", "priority", "--high-number-first", file.toString());
    assertEquals("1.00", value(low, "average waiting time"));
    assertTrue(low.out().indexOf("| Low  |") < low.out().indexOf("| High |"), low.out());
    assertTrue(high.out().indexOf("| High |") < high.out().indexOf("| Low  |"), high.out());
  }

  @Test
  void contextSwitch_addsSwitchTimeAndCountsSwitches() {
    CliRun run =
        CliRun.of("sched", "--example", "silberschatz-rr", "-a", "rr", "--context-switch", "1");
    assertEquals(Main.OK, run.exitCode(), run.toString());
    assertEquals("7.67", value(run, "average waiting time"));
    assertTrue(run.out().contains("context switches: 3\n"), run.toString());
    assertTrue(run.out().contains("/// context switch"), run.toString());
  }

  @Test
  void compare_printsOneRowPerAlgorithmAndNoSingleAverages() {
    CliRun run = CliRun.of("sched", "--example", "stallings", "--compare", "--quantum", "1");
    assertEquals(Main.OK, run.exitCode(), run.toString());
    for (Algorithm a : Algorithm.values()) {
      assertTrue(
          run.outLines().stream().anyMatch(l -> l.startsWith("  " + a.cliName() + " ")),
          a + "\n" + run);
    }
    assertTrue(run.out().contains("  rr (q=1)  "), run.toString());
    assertTrue(
        run.outLines().stream().noneMatch(l -> l.startsWith("average waiting time:")),
        run.toString());
  }

  @Test
  void compare_withAlgorithm_isAUsageError() {
    assertUsageError(
        CliRun.of("sched", "--example", "stallings", "--compare", "-a", "rr"), "--compare");
  }

  @Test
  void svgAndHtml_writeSelfContainedFiles() throws IOException {
    Path svg = dir.resolve("chart.svg");
    Path html = dir.resolve("report.html");
    CliRun run =
        CliRun.of(
            "sched",
            "--example",
            "io-mix",
            "-a",
            "rr",
            "-q",
            "2",
            "--svg",
            svg.toString(),
            "--html",
            html.toString());
    assertEquals(Main.OK, run.exitCode(), run.toString());
    assertTrue(run.out().contains("SVG chart written to " + svg), run.toString());
    String s = Files.readString(svg);
    assertTrue(
        s.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"") && s.endsWith("</svg>\n"), s);
    assertEquals(1, s.split("<g class=\"cpu\">", -1).length - 1);
    String h = Files.readString(html);
    assertTrue(
        h.startsWith("<!DOCTYPE html>")
            && h.contains("average waiting time: 4.00")
            && !h.contains("<script"),
        h);
  }

  @Test
  void compareSvg_holdsEveryAlgorithmsChart() throws IOException {
    Path svg = dir.resolve("all.svg");
    CliRun run = CliRun.of("sched", "--example", "stallings", "--compare", "--svg", svg.toString());
    assertEquals(Main.OK, run.exitCode(), run.toString());
    assertEquals(
        Algorithm.values().length, Files.readString(svg).split("<g class=\"cpu\">", -1).length - 1);
  }

  @Test
  void listExamples_namesEveryBuiltInJobSet() {
    CliRun run = CliRun.of("sched", "--list-examples");
    assertEquals(Main.OK, run.exitCode(), run.toString());
    for (Textbook.Example e : Textbook.all()) {
      assertTrue(run.out().contains("  " + e.name() + "  "), e.name() + "\n" + run);
    }
  }

  @Test
  void unknownAlgorithm_isAUsageErrorListingTheNames() {
    assertUsageError(
        CliRun.of("sched", "--example", "stallings", "-a", "lottery"),
        "unknown algorithm 'lottery'",
        "fcfs, sjf, srtf, priority, priority-preemptive, rr, mlfq, hrrn");
  }

  @Test
  void quantumZeroOrNegative_isAUsageError() {
    assertUsageError(
        CliRun.of("sched", "--example", "stallings", "-a", "rr", "-q", "0"),
        "quantum must be > 0: --quantum=0");
    assertUsageError(
        CliRun.of("sched", "--example", "stallings", "-a", "rr", "-q", "-2"), "--quantum=-2");
    assertUsageError(
        CliRun.of("sched", "--example", "stallings", "-a", "rr", "-q", "2,4"),
        "rr takes one quantum");
    assertUsageError(
        CliRun.of("sched", "--example", "stallings", "-a", "rr", "-q", "x"), "not a whole number");
  }

  @Test
  void badMlfqOptions_areUsageErrors() {
    assertUsageError(
        CliRun.of("sched", "--example", "stallings", "-a", "mlfq", "--levels", "0"), "levels=0");
    assertUsageError(
        CliRun.of("sched", "--example", "stallings", "-a", "mlfq", "-q", "2,4", "--levels", "3"),
        "--levels=3 but --quantum gives 2 quanta");
    assertUsageError(
        CliRun.of("sched", "--example", "stallings", "-a", "mlfq", "--after-io", "sideways"),
        "--after-io is keep or raise");
    assertUsageError(
        CliRun.of("sched", "--example", "stallings", "-a", "mlfq", "--boost", "-1"),
        "boost period must be >= 0");
    assertUsageError(
        CliRun.of("sched", "--example", "stallings", "--tie-break", "coin"), "--tie-break is");
  }

  @Test
  void simulationTooLong_isAUsageErrorSayingWhatToChange() throws IOException {
    Path file = jobs("name,arrival,burst\nA,0,900000000\nB,0,900000000\n");
    assertUsageError(
        CliRun.of("sched", "-a", "rr", "-q", "1", file.toString()),
        "scheduling events",
        "use a larger quantum");
  }

  @Test
  void negativeContextSwitch_isAUsageError() {
    assertUsageError(
        CliRun.of("sched", "--example", "stallings", "--context-switch", "-1"),
        "context switch cost must be >= 0");
  }

  @Test
  void badCsvLine_isAUsageErrorNamingLineAndValue() throws IOException {
    Path file = jobs("name,arrival,burst\nA,0,3\nB,1,5/0/2\n");
    assertUsageError(
        CliRun.of("sched", file.toString()), "jobs.csv line 3: I/O burst 2 of '5/0/2' must be > 0");
    Files.writeString(file, "name,arrival,burst\nA,-4,3\n");
    assertUsageError(
        CliRun.of("sched", file.toString()), "jobs.csv line 2: arrival must be >= 0: arrival=-4");
    Files.writeString(file, "name,arrival,burst\nA,0,3\nA,1,2\n");
    assertUsageError(
        CliRun.of("sched", file.toString()), "line 3: duplicate job name 'A' (first on line 2)");
  }

  @Test
  void missingFileOrNoJobs_isAUsageError() {
    assertUsageError(CliRun.of("sched", dir.resolve("nope.csv").toString()), "no job file");
    assertUsageError(CliRun.of("sched"), "no jobs: give a JOBFILE or --example NAME");
    assertUsageError(CliRun.of("sched", "x.csv", "--example", "stallings"), "not both");
  }

  @Test
  void unknownExample_isAUsageErrorWithCloseNames() {
    assertUsageError(
        CliRun.of("sched", "--example", "silberschats-rr"),
        "no built-in job set 'silberschats-rr'",
        "did you mean: silberschatz-rr");
  }

  @Test
  void unwritableOutput_isAUsageError() {
    assertUsageError(
        CliRun.of(
            "sched", "--example", "stallings", "--svg", dir.resolve("no/such/dir.svg").toString()),
        "cannot write --svg");
  }

  @Test
  void help_listsSchedAndItsOptions() {
    CliRun main = CliRun.of("--help");
    assertTrue(main.out().contains("sched"), main.toString());
    CliRun help = CliRun.of("sched", "--help");
    assertEquals(Main.OK, help.exitCode(), help.toString());
    for (String option :
        List.of(
            "--algorithm",
            "--quantum",
            "--compare",
            "--high-number-first",
            "--context-switch",
            "--svg",
            "--html",
            "--example",
            "--list-examples")) {
      assertTrue(help.out().contains(option), option + "\n" + help);
    }
  }
}

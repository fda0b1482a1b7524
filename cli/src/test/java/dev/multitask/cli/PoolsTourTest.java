package dev.multitask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tour's pools chapter, read from the whole tour run once ({@link TourRuns}): the results and
 * pids of submit and map, the killed worker's {@link dev.multitask.pool.WorkerDiedException}, the
 * deadline, the five tasks on four workers with the trace's files, and the progress lines of the
 * long map. Times have generous bounds for a busy 2-core machine.
 */
class PoolsTourTest {
  private static final long SELF = ProcessHandle.current().pid();

  private static CliRun run;
  private static ChapterOutput output;

  @BeforeAll
  static void readTheChapter() {
    run = TourRuns.chapter("pools");
    output = new ChapterOutput(run);
  }

  @Test
  void chapter_inTheWholeTour_startsWithItsNumberAndTitle() {
    assertEquals(Main.OK, run.exitCode(), run.toString());
    int number = TourCommand.select("pools").getFirst() + 1;
    assertInstanceOf(PoolsChapter.class, TourCommand.CHAPTERS.get(number - 1));
    assertTrue(run.out().startsWith("Chapter " + number + ": pools: "), run.toString());
    assertEquals("", run.err(), "workers write to the real stderr, the chapter to none");
  }

  @Test
  void submitAndMap_resultsInInputOrderFromWorkerProcesses() {
    output.lineIndex("^  pool\\.submit\\(\\(\\) -> 6 \\* 7\\)\\.get\\(\\) = 42$");
    List<List<String>> rows = output.table("  pool.map(");
    assertEquals(List.of("1", "2", "3", "4", "5", "6"), rows.stream().map(r -> r.get(0)).toList());
    assertEquals(
        List.of("1", "4", "9", "16", "25", "36"), rows.stream().map(r -> r.get(1)).toList());
    Set<String> pids = new HashSet<>(rows.stream().map(r -> r.get(2)).toList());
    assertFalse(pids.contains(Long.toString(SELF)), "items run in workers: " + pids);
    assertTrue(pids.size() <= 2, "a pool of 2: " + pids);
  }

  @Test
  void killedWorker_failsOnlyItsTaskWithHowItDiedAndIsReplaced() {
    long killed =
        output
            .numbers(
                output.lineIndex("^  this JVM killed worker (\\d+) while it ran a task"),
                "worker (\\d+)")[0];
    assertNotEquals(SELF, killed);
    String message = run.outLines().get(output.lineIndex("^    WorkerDiedException: "));
    assertTrue(
        message.contains("worker process " + killed + " died while running submit #")
            && message.contains("killed by SIGKILL; the pool replaced it"),
        message);
    String tail = "victim task: working in pid " + killed + ", this line is the end of its stderr";
    assertEquals(
        "      " + tail,
        run.outLines().get(output.lineIndex("^    WorkerDiedException: ") + 1),
        "the message ends with the worker's stderr");
    output.lineIndex(
        "^  exitCode\\(\\) = -9, signal\\(\\) = OptionalInt\\[9\\], stderrTail\\(\\) = \""
            + Pattern.quote(tail)
            + "\"$");
    long bystander =
        output
            .numbers(
                output.lineIndex(
                    "^  the other worker's task, running at the same time: ok, in pid \\d+$"),
                "pid (\\d+)")[0];
    assertNotEquals(killed, bystander);
    long[] next =
        output.numbers(
            output.lineIndex(
                "^  2 tasks that wait for each other at a barrier, so one per worker: ok, "
                    + "in pids \\d+ and \\d+; pid "
                    + killed
                    + " is gone$"),
            "pids (\\d+) and (\\d+)");
    assertNotEquals(next[0], next[1], "one task per worker");
    for (long pid : next) {
      assertNotEquals(killed, pid, "the killed worker was replaced");
      assertNotEquals(SELF, pid);
    }
  }

  @Test
  void deadline_failsTheTaskAfterAboutASecondAndThePoolGoesOn() {
    String message = run.outLines().get(output.lineIndex("^    TaskTimeoutException: "));
    Matcher m =
        Pattern.compile(
                "submit #\\d+ passed its deadline of PT1S: worker process (\\d+) was stopped "
                    + "\\(SIGTERM, then SIGKILL\\) and replaced$")
            .matcher(message);
    assertTrue(m.find(), message);
    long stopped = Long.parseLong(m.group(1));
    double seconds =
        output.decimal(
            output.lineIndex("^  the future failed \\d+\\.\\d+ s after the submit$"),
            "(\\d+\\.\\d+) s");
    assertTrue(seconds >= 0.95 && seconds < 10, "deadline of 1 s: " + seconds);
    long next =
        output.numbers(output.lineIndex("^  the next task: ok, in pid \\d+$"), "pid (\\d+)")[0];
    assertNotEquals(stopped, next, "the stopped worker is gone");
  }

  @Test
  void fourAndFive_fiveTasksOnFourWorkersInTwoRounds() {
    List<List<String>> rows = output.table("Pool(4) with 5 tasks");
    assertEquals(
        List.of("1", "2", "3", "4", "5"), rows.stream().map(r -> r.get(0)).toList(), run.out());
    Map<String, List<List<String>>> byPid = new TreeMap<>();
    rows.forEach(r -> byPid.computeIfAbsent(r.get(2), p -> new ArrayList<>()).add(r));
    assertEquals(4, byPid.size(), "four workers\n" + run.out());
    List<List<String>> twice =
        byPid.values().stream().filter(l -> l.size() == 2).findFirst().orElseThrow();
    double firstEnd = ChapterOutput.seconds(twice.get(0).get(4));
    double secondStart = ChapterOutput.seconds(twice.get(1).get(3));
    assertTrue(
        secondStart >= firstEnd - 0.01,
        "the worker's second task starts after its first\n" + run.out());
    rows.forEach(r -> assertEquals("ok", r.get(5)));
    int summary =
        output.lineIndex(
            "^5 tasks on 4 workers took \\d+\\.\\d+ s: two rounds\\. Worker pid \\d+ ran tasks ");
    assertTrue(
        run.outLines()
            .get(summary)
            .contains(
                "Worker pid "
                    + twice.get(0).get(2)
                    + " ran tasks ["
                    + twice.get(0).get(0)
                    + ", "
                    + twice.get(1).get(0)
                    + "]"),
        run.out());
    double took = output.decimal(summary, "took (\\d+\\.\\d+) s");
    assertTrue(took >= 1.95 && took < 15, "two rounds of 1 s: " + took);
    assertEquals(
        4,
        output.indexesOf("^  worker \\d \\(pid \\d+\\) \\|[1-5 ]+$").size(),
        "a chart row per worker\n" + run.out());
  }

  @Test
  void fourAndFive_traceSavedAsJsonAndHtml() throws IOException {
    String line = run.outLines().get(output.lineIndex("^The whole run .* is recorded in /"));
    Path dir =
        Path.of(line.substring(line.indexOf(" is recorded in ") + " is recorded in ".length()));
    try {
      String json = Files.readString(dir.resolve("trace.json"));
      assertTrue(json.startsWith("{\"traceEvents\":["), json);
      assertEquals(
          9,
          json.split("\"cat\":\"task\"", -1).length - 1,
          "4 warm-up and 5 experiment tasks\n" + json);
      for (List<String> row : output.table("Pool(4) with 5 tasks")) {
        assertTrue(
            json.contains("\"pid\":" + row.get(2) + ","), "worker " + row.get(2) + " in\n" + json);
      }
      String html = Files.readString(dir.resolve("trace.html"));
      assertTrue(html.contains(json.strip()), "the page carries the trace");
    } finally {
      for (String file : List.of("trace.json", "trace.html")) {
        Files.deleteIfExists(dir.resolve(file));
      }
      Files.deleteIfExists(dir);
    }
    assertTrue(run.out().contains("trace.html in a browser"), run.out());
    assertTrue(run.out().contains("https://ui.perfetto.dev"), run.out());
  }

  @Test
  void progress_aLineEveryQuarterThenTheResults() {
    List<Integer> lines =
        output.indexesOf("^  \\[[#-]{24}\\] +\\d+%  \\d+/120  \\d+(\\.\\d)? items/s  ");
    assertTrue(
        lines.size() >= 2 && lines.size() <= 4, "lines at 25, 50, 75 and 100 %\n" + run.out());
    int previous = -1;
    for (int i : lines) {
      int percent = (int) output.numbers(i, "\\] +(\\d+)%")[0];
      assertTrue(percent > previous && percent >= 25, "percentages grow by steps: " + run.out());
      previous = percent;
    }
    String last = run.outLines().get(lines.getLast());
    assertTrue(
        last.startsWith("  [########################] 100%  120/120  ")
            && last.contains(" items/s  in "),
        last);
    assertEquals(
        lines.getLast() + 1,
        output.lineIndex("^  all 120 results, in order\\.$"),
        "the bar ends before the chapter goes on");
  }
}

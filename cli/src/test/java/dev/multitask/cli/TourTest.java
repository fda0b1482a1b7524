package dev.multitask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real tour, all chapters, run once (about 30 s): the tables' shape, the pids each job reports,
 * and sanity bounds on the times that hold on a busy 2-core machine.
 */
class TourTest {
  private static final long SELF = ProcessHandle.current().pid();

  private static CliRun run;
  private static ChapterOutput output;

  /**
   * One table row, split on runs of two or more spaces; the "expected" cell may be empty.
   *
   * @param jobs the number of jobs
   * @param seconds the wall time
   * @param pids the pid of each job
   * @param parents the distinct parent pids
   */
  record Row(int jobs, double seconds, List<Long> pids, List<Long> parents) {}

  @BeforeAll
  static void runTheTour() {
    run = TourRuns.whole();
    output = new ChapterOutput(run);
  }

  @Test
  void tour_succeeds() {
    assertEquals(Main.OK, run.exitCode(), run.toString());
    assertTrue(run.out().startsWith("Chapter 1: "), run.toString());
    int second = run.out().indexOf("\nChapter 2: ");
    int third = run.out().indexOf("\nChapter 3: ");
    assertTrue(0 < second && second < third, "all chapters, in order\n" + run);
  }

  @Test
  void chapterByName_runsThatChapterAlone() {
    CliRun alone = CliRun.of("tour", "--chapter", "coroutines");
    assertEquals(Main.OK, alone.exitCode(), alone.toString());
    assertTrue(alone.out().startsWith("Chapter 6: coroutines"), alone.toString());
    assertEquals(
        1,
        alone.outLines().stream().filter(l -> l.startsWith("Chapter ")).count(),
        "only the chapter asked for\n" + alone.out());
    // what it measures does not depend on the chapters before it
    CoroutinesTourTest.assertSleepersMeasured(alone);
  }

  @Test
  void waiting_hasOneRowPerModel() {
    assertEquals(
        List.of("one after another", "2 processes", "2 threads", "2 coroutines"),
        new ArrayList<>(waiting().keySet()));
    waiting().values().forEach(r -> assertEquals(2, r.jobs()));
  }

  @Test
  void waiting_sequentialAddsUpAndParallelOverlaps() {
    assertTrue(waiting().get("one after another").seconds() >= 3.9, run.out());
    assertTrue(waiting().get("2 threads").seconds() < 3.5, run.out());
    assertTrue(waiting().get("2 coroutines").seconds() < 3.5, run.out());
    assertTrue(waiting().get("2 processes").seconds() < 3.9, run.out());
  }

  @Test
  void computing_hasOneAndTwoJobsPerModel() {
    assertEquals(
        List.of(
            "1 process, once", "2 processes, once each", "1 thread, once", "2 threads, once each"),
        new ArrayList<>(computing().keySet()));
    assertEquals(List.of(1, 2, 1, 2), computing().values().stream().map(Row::jobs).toList());
    computing().values().forEach(r -> assertTrue(r.seconds() > 0));
    assertTrue(run.out().contains("Java has no GIL"), run.out());
  }

  @Test
  void pids_processJobsAreChildrenOfThisJvm() {
    for (Row row :
        List.of(
            waiting().get("2 processes"),
            computing().get("1 process, once"),
            computing().get("2 processes, once each"))) {
      row.pids()
          .forEach(pid -> assertNotEquals(SELF, pid, "a process job runs in another process"));
      assertEquals(List.of(SELF), row.parents(), "whose parent is this JVM");
    }
    List<Long> two = waiting().get("2 processes").pids();
    assertNotEquals(two.get(0), two.get(1), "two processes at once");
  }

  @Test
  void pids_threadAndCoroutineJobsRunInThisJvm() {
    for (Row row :
        List.of(
            waiting().get("one after another"),
            waiting().get("2 threads"),
            waiting().get("2 coroutines"),
            computing().get("1 thread, once"),
            computing().get("2 threads, once each"))) {
      row.pids().forEach(pid -> assertEquals(SELF, pid));
    }
  }

  private static Map<String, Row> waiting() {
    return table("Waiting:");
  }

  private static Map<String, Row> computing() {
    return table("Computing:");
  }

  /** The rows of the table under the line starting with {@code title}, by their first cell. */
  private static Map<String, Row> table(String title) {
    Map<String, Row> rows = new LinkedHashMap<>();
    for (List<String> cells : output.table(title)) {
      rows.put(
          cells.get(0),
          new Row(
              Integer.parseInt(cells.get(1)),
              ChapterOutput.seconds(cells.get(2)),
              numbers(cells.get(cells.size() - 2)),
              numbers(cells.get(cells.size() - 1))));
    }
    return rows;
  }

  private static List<Long> numbers(String cell) {
    return Arrays.stream(cell.split(", ")).map(Long::parseLong).toList();
  }

  /** The pools chapter leaves its trace in a temporary directory for the user to open; not ours. */
  @org.junit.jupiter.api.AfterAll
  static void removeThePoolTrace() throws java.io.IOException {
    String marker = " is recorded in ";
    for (String line : run.outLines()) {
      int at = line.indexOf(marker + "/");
      if (line.startsWith("The whole run") && at > 0) {
        java.nio.file.Path dir = java.nio.file.Path.of(line.substring(at + marker.length()));
        for (String file : List.of("trace.json", "trace.html")) {
          java.nio.file.Files.deleteIfExists(dir.resolve(file));
        }
        java.nio.file.Files.deleteIfExists(dir);
      }
    }
  }
}

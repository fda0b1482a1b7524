package dev.multitask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tour's coroutines chapter, read from the whole tour run once ({@link TourRuns}): the event
 * loop's exact count against parallel mode, the sleepers' table, gather and TaskGroup on a failure,
 * and cancellation that is not lost.
 */
class CoroutinesTourTest {
  private static final long EXPECTED = 1_000L * 1_000;

  private static CliRun run;
  private static ChapterOutput output;

  @BeforeAll
  static void readTheChapter() {
    run = TourRuns.chapter("coroutines");
    output = new ChapterOutput(run);
  }

  @Test
  void chapter_inTheWholeTour_startsWithItsNumberAndTitle() {
    assertEquals(Main.OK, run.exitCode(), run.toString());
    assertTrue(run.out().startsWith("Chapter 6: coroutines"), run.toString());
  }

  @Test
  void eventLoop_countsExactlyWithoutALock() {
    List<List<String>> rows = output.table("Event loop against parallel mode");
    assertEquals(List.of("event loop", "parallel mode"), rows.stream().map(r -> r.get(0)).toList());
    assertEquals(List.of(Long.toString(EXPECTED), "0"), rows.get(0).subList(1, 3), run.out());
    long total = Long.parseLong(rows.get(1).get(1));
    long lost = Long.parseLong(rows.get(1).get(2));
    assertEquals(EXPECTED - total, lost, run.out());
    output.lineIndex(
        lost > 0
            ? "^In parallel mode " + lost + " updates were lost"
            : "^In parallel mode no update was lost this time");
    // a time in each row; on a fast machine the parallel computation rounds to 0.00 s
    rows.forEach(r -> assertTrue(ChapterOutput.seconds(r.get(3)) >= 0, run.out()));
  }

  @Test
  void sleepers_coroutinesAndPlatformThreadsAreMeasured() {
    assertSleepersMeasured(run);
  }

  /** The sleepers' table of a run of this chapter (also run alone: {@code TourTest}). */
  static void assertSleepersMeasured(CliRun run) {
    List<List<String>> rows = new ChapterOutput(run).table("Sleeping: ");
    assertEquals(
        List.of("coroutines", "platform threads"), rows.stream().map(r -> r.get(0)).toList());
    assertEquals("100000", rows.get(0).get(1));
    double wall = ChapterOutput.seconds(rows.get(0).get(2));
    assertTrue(wall >= 1.0 && wall < 60, "each sleeps 1 s, all at once: " + wall);
    long bytes = Long.parseLong(rows.get(0).get(4).replace(" B", ""));
    assertTrue(
        bytes > 100 && bytes < 20_000, "a parked coroutine's cost: " + bytes + " B\n" + run.out());
    int threads = Integer.parseInt(rows.get(1).get(1));
    assertTrue(threads >= 100 && threads <= 10_000, "bounded: " + threads);
    assertTrue(ChapterOutput.seconds(rows.get(1).get(2)) >= 1.0, run.out());
    // a sleeping platform thread holds its stack pages: several KiB of RSS, never nothing (run
    // alone, the chapter once read 0: the heap the coroutines left was given back meanwhile)
    long kib = Long.parseLong(rows.get(1).get(4).replace(" KiB", ""));
    assertTrue(
        kib >= 2 && kib < 1024, "a sleeping platform thread's RSS: " + kib + " KiB\n" + run.out());
  }

  @Test
  void failure_asyncioGatherLeavesChildrenRunningTheOthersCancelThem() {
    List<List<String>> rows = output.table("A child fails: ");
    assertEquals(3, rows.size(), run.out());
    assertEquals(List.of("A's failure", "2", "failed", "still running"), cells(rows.get(0)));
    assertEquals(List.of("A's failure", "2", "failed", "cancelled"), cells(rows.get(1)));
    assertEquals(List.of("A's failure", "2", "failed", "cancelled"), cells(rows.get(2)));
    rows.forEach(r -> assertTrue(ChapterOutput.seconds(r.get(2)) < 1.9, "before C's sleep ends"));
  }

  private static List<String> cells(List<String> row) {
    return List.of(row.get(1), row.get(3), row.get(4), row.get(5));
  }

  @Test
  void cancellation_isThrownAgainAndNeitherResultNorCancellationIsLost() {
    output.lineIndex(
        "^  a coroutine that drops its CancelledException and sleeps again: caught it, told"
            + " again at the next sleep; it ended cancelled$");
    double inner =
        output.decimal(output.lineIndex("the inner one expired at"), "at (\\d+\\.\\d+) s");
    double outer =
        output.decimal(
            output.lineIndex("^  and the outer one, which the inner did not"),
            "expired at (\\d+\\.\\d+) s");
    assertTrue(inner < outer, run.out());
    output.lineIndex(
        "^  waitFor cancelled as its coroutine ends \\(cpython #86296\\): waitFor returned 42;"
            + " then the caller ended cancelled$");
  }
}

package dev.multitask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tour's scheduling chapter, read from the whole tour run once ({@link TourRuns}): the
 * simulator's charts and comparison, then each pool policy's real order and waits next to the
 * simulator's. The orders are exact (the tasks are queued before the worker is let go); the real
 * waits are bounded below by the simulated ones (a sleep lasts at least its time) and above
 * generously, for a busy machine.
 */
class SchedulingTourTest {
  private static CliRun run;
  private static ChapterOutput output;

  @BeforeAll
  static void readTheChapter() {
    run = TourRuns.chapter("scheduling");
    output = new ChapterOutput(run);
  }

  @Test
  void chapter_inTheWholeTour_startsWithItsNumberAndTitle() {
    assertEquals(Main.OK, run.exitCode(), run.toString());
    int number = TourCommand.select("scheduling").getFirst() + 1;
    assertEquals(7, number, "the chapter after the coroutines");
    assertInstanceOf(SchedulingChapter.class, TourCommand.CHAPTERS.get(number - 1));
    assertTrue(
        run.out().startsWith("Chapter " + number + ": scheduling: who runs next\n"),
        run.toString());
    assertEquals("", run.err());
  }

  @Test
  void simulator_chartsAndTheComparisonOfEveryAlgorithm() {
    output.lineIndex("^first come, first served \\(fcfs\\): average waiting 425\\.00$");
    output.lineIndex("^shortest job first \\(sjf\\): average waiting 250\\.00$");
    output.lineIndex(
        "^priority, non-preemptive \\(priority\\), low number first: average waiting 475\\.00$");
    List<List<String>> rows = output.table("Every algorithm on these jobs");
    assertEquals(
        List.of(
            "fcfs", "sjf", "srtf", "priority", "priority-preemptive", "rr (q=100)", "mlfq", "hrrn"),
        rows.stream().map(r -> r.get(0)).toList());
  }

  @Test
  void firstComeFirstServed_runsInSubmissionOrder() {
    checkPolicy(
        "QueuePolicy.FIRST_COME_FIRST_SERVED",
        List.of("A", "B", "C", "D"),
        List.of(0L, 400L, 500L, 800L));
  }

  @Test
  void priority_runsTheLowestRankFirst() {
    checkPolicy("QueuePolicy.PRIORITY", List.of("C", "A", "D", "B"), List.of(0L, 300L, 700L, 900L));
  }

  @Test
  void shortestJobFirst_runsTheShortestLearnedFirst() {
    checkPolicy(
        "QueuePolicy.SHORTEST_JOB_FIRST",
        List.of("B", "D", "C", "A"),
        List.of(0L, 100L, 300L, 600L));
  }

  /**
   * The policy's table: the simulator's order and starts, the pool's real starts, the order line.
   */
  private static void checkPolicy(String title, List<String> order, List<Long> starts) {
    List<List<String>> rows = output.table(title).subList(0, 4); // then the order and average lines
    assertEquals(order, rows.stream().map(r -> r.get(0)).toList(), run.out());
    for (int i = 0; i < rows.size(); i++) {
      List<String> row = rows.get(i);
      assertEquals(starts.get(i) + " ms", row.get(3), "simulated start of " + row.get(0));
      long real = Long.parseLong(row.get(4).replace(" ms", ""));
      assertTrue(
          real >= starts.get(i) - 2 && real < starts.get(i) + 3000,
          row.get(0)
              + " starts "
              + real
              + " ms after the release, simulated "
              + starts.get(i)
              + "\n"
              + run.out());
    }
    int table = output.lineIndex("^" + title.replace(".", "\\.") + " ");
    int orderLine = table + 3 + rows.size();
    assertEquals(
        "  order: simulator "
            + String.join(" ", order)
            + ", pool "
            + String.join(" ", order)
            + " (the same)",
        run.outLines().get(orderLine),
        run.out());
    assertTrue(
        run.outLines().get(orderLine + 1).startsWith("  average wait: simulator "), run.out());
  }
}

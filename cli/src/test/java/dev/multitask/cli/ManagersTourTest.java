package dev.multitask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tour's chapter 5 (managers), read from the whole tour run once ({@link TourRuns}): Python's
 * trap shown next to what the shared dict does, and the exact count of four processes merging at
 * once.
 */
class ManagersTourTest {
  private static CliRun run;
  private static ChapterOutput output;

  @BeforeAll
  static void readTheChapter() {
    run = TourRuns.chapter("managers");
    output = new ChapterOutput(run);
  }

  @Test
  void chapter_inTheWholeTour_startsWithItsNumberAndTitle() {
    assertEquals(Main.OK, run.exitCode(), run.toString());
    assertTrue(run.out().startsWith("Chapter 5: managers"), run.toString());
  }

  @Test
  void trap_plainValueIsACopyButManagerListAndComputeChangeTheDict() {
    output.lineIndex("gh-91192");
    List<List<String>> rows = output.table("because the list read out of the proxy is a copy");
    assertEquals(3, rows.size(), run.out());
    assertEquals(
        "d.get(\"plain\") = []",
        rows.get(0).get(1),
        "the child's add changed a copy\n" + run.out());
    assertEquals(
        "d.get(\"shared\") = [x]",
        rows.get(1).get(1),
        "the manager's list is shared\n" + run.out());
    assertEquals(
        "d.get(\"plain\") = [y]", rows.get(2).get(1), "compute changed the value\n" + run.out());
  }

  @Test
  void counting_mergeFromFourProcessesIsExact() {
    output.lineIndex("^  hits = 40000 \\(expected 40000\\), with no lock");
    double micros =
        output.decimal(output.lineIndex("one merge took"), "took (\\d+\\.\\d+) µs on average");
    assertTrue(micros > 0, run.out());
  }
}

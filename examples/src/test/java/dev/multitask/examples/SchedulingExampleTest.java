package dev.multitask.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code scheduling} example of tutorial 003, run in a fresh JVM: the four algorithms in the
 * tutorial's order, each with a Gantt chart, the per-job table and the averages, which for
 * Stallings' job set are the book's (Table 9.5: FCFS turnaround 8.60, SPN 7.60, RR q=4 10.00).
 */
class SchedulingExampleTest {
  @Test
  void scheduling_fourAlgorithmsWithChartsAndTheBooksAverages() {
    ExampleRun run = ExampleRun.of("scheduling").assertSucceeded();
    List<Integer> headings = run.indexesOf("^== ");
    assertEquals(4, headings.size(), run.output());
    assertTrue(
        run.lines().get(headings.get(0)).startsWith("== first come, first served"), run.output());
    assertTrue(run.lines().get(headings.get(1)).startsWith("== shortest job first"), run.output());
    assertTrue(
        run.lines().get(headings.get(2)).startsWith("== round robin (rr), quantum 4"),
        run.output());
    assertTrue(
        run.lines().get(headings.get(3)).startsWith("== multilevel feedback queue"), run.output());
    for (int h : headings) {
      assertTrue(
          run.lines().get(h + 1).startsWith("  +-"), "a Gantt chart under " + run.lines().get(h));
    }
    assertEquals(
        List.of("8.60", "7.60", "10.00"),
        run.lines().stream()
            .filter(l -> l.startsWith("average turnaround time: "))
            .map(l -> l.substring("average turnaround time: ".length()))
            .toList()
            .subList(0, 3));
    assertEquals(4, run.indexesOf("^average waiting time: \\d+\\.\\d\\d$").size(), run.output());
    assertEquals(4, run.indexesOf("^average response time: \\d+\\.\\d\\d$").size(), run.output());
    int table = run.indexOf("^Side by side:$");
    assertTrue(run.lines().get(table + 3).trim().startsWith("fcfs "), run.output());
    assertTrue(run.lines().get(table + 6).trim().startsWith("mlfq "), run.output());
    assertFalse(run.output().contains("\u001b"), "no colour when the output is not a terminal");
  }

  @Test
  void scheduling_jobFileArgument_simulatesThoseJobs(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("mine.csv");
    Files.writeString(file, "name,arrival,burst\nP1,0,24\nP2,0,3\nP3,0,3\n");
    ExampleRun run = ExampleRun.of("scheduling", file.toString()).assertSucceeded();
    assertTrue(run.lines().getFirst().contains("(mine.csv)"), run.output());
    // Silberschatz 6.3.1 and 6.3.4: FCFS waits 17, RR q=4 5.67
    assertEquals(
        List.of("17.00", "3.00", "5.67"),
        run.lines().stream()
            .filter(l -> l.startsWith("average waiting time: "))
            .map(l -> l.substring("average waiting time: ".length()))
            .toList()
            .subList(0, 3));
  }
}

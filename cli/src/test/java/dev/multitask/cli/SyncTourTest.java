package dev.multitask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tour's chapter 3 (synchronization between processes), read from the whole tour run once
 * ({@link TourRuns}): the counting table's totals, the takeover of a killed holder's lock, the
 * barrier broken by a killed party, and the deadlock reported between two processes.
 */
class SyncTourTest {
  private static final long SELF = ProcessHandle.current().pid();
  private static final long EXPECTED = 4 * 20_000;

  private static CliRun run;
  private static ChapterOutput output;

  @BeforeAll
  static void readTheChapter() {
    run = TourRuns.chapter("sync");
    output = new ChapterOutput(run);
  }

  @Test
  void chapter_inTheWholeTour_startsWithItsNumberAndTitle() {
    assertEquals(Main.OK, run.exitCode(), run.toString());
    assertTrue(
        run.out().startsWith("Chapter 3: locks, barriers and shared values"), run.toString());
  }

  @Test
  void counting_lockAndAddAndGetAreExactAndLossesAreReported() {
    List<List<String>> rows = output.table("Counting:");
    assertEquals(
        List.of("set(get() + 1)", "the same under lock()", "addAndGet(1)"),
        rows.stream().map(r -> r.get(0)).toList());
    for (List<String> row : rows) {
      long total = Long.parseLong(row.get(2));
      assertEquals(
          EXPECTED - total, Long.parseLong(row.get(3)), "lost = expected - total\n" + run.out());
      assertTrue(total > 0 && total <= EXPECTED, run.out());
    }
    assertEquals(Long.toString(EXPECTED), rows.get(1).get(2), "exact under the lock\n" + run.out());
    assertEquals(Long.toString(EXPECTED), rows.get(2).get(2), "exact with addAndGet\n" + run.out());
    long lost = Long.parseLong(rows.get(0).get(3));
    // how many updates race away is up to the scheduler; the sentence must match the table
    output.lineIndex(
        lost > 0
            ? "^Without the lock " + lost + " of " + EXPECTED + " updates were lost"
            : "^No update was lost without the lock this time");
  }

  @Test
  void deadHolder_lockIsTakenOverAndOwnerDiedSaysSo() {
    long holder =
        output
            .numbers(
                output.lineIndex("^  child (\\d+) holds the lock: isLocked=true$"), "child (\\d+)")[
            0];
    assertNotEquals(SELF, holder);
    long killed =
        output
            .numbers(output.lineIndex("^  child (\\d+) killed, exit code -9$"), "child (\\d+)")[0];
    assertEquals(holder, killed);
    int takenOver =
        output.lineIndex(
            "^  this JVM: lock\\(\\) returned after \\d+\\.\\d\\d s, ownerDied\\(\\)=true$");
    int again =
        output.lineIndex("^  this JVM: unlock\\(\\), lock\\(\\) again: ownerDied\\(\\)=false$");
    assertTrue(takenOver < again, run.out());
    double seconds = output.decimal(takenOver, "after (\\d+\\.\\d+) s");
    assertTrue(
        seconds < 5, "taken over within about a second, not after a long timeout\n" + run.out());
  }

  @Test
  void deadParty_survivorGetsBrokenBarrierException() {
    output.lineIndex("^  waiting at the barrier: 2 of 3$");
    long victim =
        output
            .numbers(output.lineIndex("^  child (\\d+) killed while waiting$"), "child (\\d+)")[0];
    int told =
        output.lineIndex(
            "^  child (\\d+): await\\(\\) threw BrokenBarrierException, -?\\d+\\.\\d\\d s after the kill$");
    long survivor = output.numbers(told, "child (\\d+)")[0];
    assertNotEquals(victim, survivor);
    assertTrue(output.decimal(told, ", (-?\\d+\\.\\d+) s after") < 5, run.out());
    assertTrue(told < output.lineIndex("^  isBroken\\(\\)=true$"), run.out());
  }

  @Test
  void deadlock_cycleNamesBothLocksAndBothProcesses() {
    String lockA = lockName(output.lineIndex("^  lock A is "));
    String lockB = lockName(output.lineIndex("^  lock B is "));
    assertNotEquals(lockA, lockB);
    int first = output.lineIndex("^  child 1 \\((\\d+), waits at most 1 s\\): deadlock: ");
    int second = output.lineIndex("^  child 2 \\((\\d+), waits at most 5 s\\): got both locks$");
    assertTrue(first < second, run.out());
    long pid1 = output.numbers(first, "child 1 \\((\\d+)")[0];
    long pid2 = output.numbers(second, "child 2 \\((\\d+)")[0];
    String cycle = run.outLines().get(first);
    assertTrue(cycle.contains(lockA) && cycle.contains(lockB), "both locks named\n" + cycle);
    assertTrue(
        cycle.contains("pid " + pid1) && cycle.contains("pid " + pid2),
        "both processes named\n" + cycle);
  }

  /** The lock's name as the line {@code " lock X is NAME [state]"} prints it, without the state. */
  private static String lockName(int line) {
    return run.outLines()
        .get(line)
        .replaceFirst("^  lock [AB] is ", "")
        .replaceFirst("\\s*\\[[^\\]]*\\]$", "");
  }
}

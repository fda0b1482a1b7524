package dev.multitask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tour's chapter 3 (synchronization between processes), run once with {@code --chapter sync}:
 * the counting table's totals, the takeover of a killed holder's lock, the barrier broken by a
 * killed party, and the deadlock reported between two processes.
 */
class SyncTourTest {
  private static final long SELF = ProcessHandle.current().pid();
  private static final long EXPECTED = 4 * 20_000;

  private static CliRun run;

  @BeforeAll
  static void runTheChapter() {
    run = CliRun.of("tour", "--chapter", "sync");
  }

  @Test
  void chapter_succeedsAloneByName() {
    assertEquals(Main.OK, run.exitCode(), run.toString());
    assertTrue(run.out().startsWith("Chapter 3: locks, barriers and shared values"), run.toString());
    assertFalse(run.out().contains("Chapter 2"), "only the chapter asked for\n" + run.out());
  }

  @Test
  void counting_lockAndAddAndGetAreExactAndLossesAreReported() {
    List<List<String>> rows = table("Counting:");
    assertEquals(List.of("set(get() + 1)", "the same under lock()", "addAndGet(1)"),
        rows.stream().map(r -> r.get(0)).toList());
    for (List<String> row : rows) {
      long total = Long.parseLong(row.get(2));
      assertEquals(EXPECTED - total, Long.parseLong(row.get(3)), "lost = expected - total\n" + run.out());
      assertTrue(total > 0 && total <= EXPECTED, run.out());
    }
    assertEquals(Long.toString(EXPECTED), rows.get(1).get(2), "exact under the lock\n" + run.out());
    assertEquals(Long.toString(EXPECTED), rows.get(2).get(2), "exact with addAndGet\n" + run.out());
    long lost = Long.parseLong(rows.get(0).get(3));
    // how many updates race away is up to the scheduler; the sentence must match the table
    lineIndex(lost > 0 ? "^Without the lock " + lost + " of " + EXPECTED + " updates were lost"
        : "^No update was lost without the lock this time");
  }

  @Test
  void deadHolder_lockIsTakenOverAndOwnerDiedSaysSo() {
    long holder = numbers(lineIndex("^  child (\\d+) holds the lock: isLocked=true$"), "child (\\d+)")[0];
    assertNotEquals(SELF, holder);
    long killed = numbers(lineIndex("^  child (\\d+) killed, exit code -9$"), "child (\\d+)")[0];
    assertEquals(holder, killed);
    int takenOver = lineIndex("^  this JVM: lock\\(\\) returned after \\d+\\.\\d\\d s, ownerDied\\(\\)=true$");
    int again = lineIndex("^  this JVM: unlock\\(\\), lock\\(\\) again: ownerDied\\(\\)=false$");
    assertTrue(takenOver < again, run.out());
    double seconds = decimal(takenOver, "after (\\d+\\.\\d+) s");
    assertTrue(seconds < 5, "taken over within about a second, not after a long timeout\n" + run.out());
  }

  @Test
  void deadParty_survivorGetsBrokenBarrierException() {
    lineIndex("^  waiting at the barrier: 2 of 3$");
    long victim = numbers(lineIndex("^  child (\\d+) killed while waiting$"), "child (\\d+)")[0];
    int told = lineIndex("^  child (\\d+): await\\(\\) threw BrokenBarrierException, -?\\d+\\.\\d\\d s after the kill$");
    long survivor = numbers(told, "child (\\d+)")[0];
    assertNotEquals(victim, survivor);
    assertTrue(decimal(told, ", (-?\\d+\\.\\d+) s after") < 5, run.out());
    assertTrue(told < lineIndex("^  isBroken\\(\\)=true$"), run.out());
  }

  @Test
  void deadlock_cycleNamesBothLocksAndBothProcesses() {
    String lockA = lockName(lineIndex("^  lock A is "));
    String lockB = lockName(lineIndex("^  lock B is "));
    assertNotEquals(lockA, lockB);
    int first = lineIndex("^  child 1 \\((\\d+), waits at most 1 s\\): deadlock: ");
    int second = lineIndex("^  child 2 \\((\\d+), waits at most 5 s\\): got both locks$");
    assertTrue(first < second, run.out());
    long pid1 = numbers(first, "child 1 \\((\\d+)")[0];
    long pid2 = numbers(second, "child 2 \\((\\d+)")[0];
    String cycle = run.outLines().get(first);
    assertTrue(cycle.contains(lockA) && cycle.contains(lockB), "both locks named\n" + cycle);
    assertTrue(cycle.contains("pid " + pid1) && cycle.contains("pid " + pid2), "both processes named\n" + cycle);
  }

  /** The lock's name as the line {@code "  lock X is NAME [state]"} prints it, without the state. */
  private static String lockName(int line) {
    return run.outLines().get(line).replaceFirst("^  lock [AB] is ", "").replaceFirst("\\s*\\[[^\\]]*\\]$", "");
  }

  private static int lineIndex(String regex) {
    List<String> lines = run.outLines();
    Pattern p = Pattern.compile(regex);
    List<Integer> found = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (p.matcher(lines.get(i)).find()) {
        found.add(i);
      }
    }
    assertEquals(1, found.size(), "one line matching /" + regex + "/ in\n" + run.out());
    return found.getFirst();
  }

  private static long[] numbers(int line, String regex) {
    Matcher m = Pattern.compile(regex).matcher(run.outLines().get(line));
    assertTrue(m.find(), run.outLines().get(line));
    long[] values = new long[m.groupCount()];
    for (int g = 0; g < values.length; g++) {
      values[g] = Long.parseLong(m.group(g + 1));
    }
    return values;
  }

  private static double decimal(int line, String regex) {
    Matcher m = Pattern.compile(regex).matcher(run.outLines().get(line));
    assertTrue(m.find(), run.outLines().get(line));
    return Double.parseDouble(m.group(1));
  }

  /** The rows of the table under the line starting with {@code title}, cells split on 2+ spaces. */
  private static List<List<String>> table(String title) {
    assertEquals(Main.OK, run.exitCode(), "the chapter failed: " + run);
    List<String> lines = run.outLines();
    int at = 0;
    while (at < lines.size() && !lines.get(at).startsWith(title)) {
      at++;
    }
    assertTrue(at + 2 < lines.size(), "no table '" + title + "' in\n" + run.out());
    assertTrue(lines.get(at + 2).trim().startsWith("---"), "a header and a rule under " + title);
    List<List<String>> rows = new ArrayList<>();
    for (int i = at + 3; i < lines.size() && lines.get(i).startsWith("  "); i++) {
      rows.add(List.of(lines.get(i).trim().split(" {2,}")));
    }
    return rows;
  }
}

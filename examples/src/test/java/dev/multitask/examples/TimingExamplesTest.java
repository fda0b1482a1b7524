package dev.multitask.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The examples that time 2-second tasks and a CPU-bound task. Bounds are sanity checks for a busy
 * 2-core machine: sequential sleeps add up, parallel ones do not.
 */
class TimingExamplesTest {
  private static final String RESULT = "^result: 1152921504606846976$";

  @Test
  void sequentialTasks_takeAboutFourSeconds() {
    ExampleRun run = ExampleRun.of("sequential-tasks").assertSucceeded();
    long parent = run.numbers("^parent process: (\\d+)$").getFirst()[0];
    run.numbers("^current process: (\\d+)$")
        .forEach(p -> assertEquals(parent, p[0], "both in main"));
    assertEquals(2, run.indexesOf(RESULT).size());
    double took = run.decimal("^took (\\d+\\.\\d+) s$");
    assertTrue(took >= 3.9 && took < 10, "two 2-second sleeps in sequence: " + took + " s");
  }

  @Test
  void twoProcesses_sleepInParallel() {
    ExampleRun run = ExampleRun.of("two-processes").assertSucceeded();
    long parent = run.numbers("^parent process: (\\d+)$").getFirst()[0];
    List<long[]> children = run.numbers("^child process: (\\d+) - task (\\d)$");
    assertEquals(2, children.size(), run.output());
    assertNotEquals(children.get(0)[0], children.get(1)[0], "two processes");
    children.forEach(c -> assertNotEquals(parent, c[0], "not the parent"));
    assertEquals(2, run.indexesOf(RESULT).size());
    double took = run.decimal("^total took (\\d+\\.\\d+) s$");
    // under 4 s, which sequential sleeps cannot reach; the rest is JVM start on a busy machine
    assertTrue(took >= 1.9 && took < 3.9, "two 2-second sleeps in 2 processes: " + took + " s");
  }

  @Test
  void twoThreads_sleepInParallel() {
    ExampleRun run = ExampleRun.of("two-threads").assertSucceeded();
    List<Integer> tasks = run.indexesOf("^current thread: Thread-\\d+ - task [12]$");
    assertEquals(2, tasks.size(), run.output());
    assertEquals(2, run.indexesOf(RESULT).size());
    double took = run.decimal("^total took (\\d+\\.\\d+) s$");
    assertTrue(took >= 1.9 && took < 3.5, "two 2-second sleeps in 2 threads: " + took + " s");
  }

  @Test
  void cpuBoundThreads_timesOneAndTwoThreads() {
    ExampleRun run = ExampleRun.of("cpu-bound-threads").assertSucceeded();
    List<Integer> outcomes = run.indexesOf("^  Thread-\\d+: 903090 digits in \\d+\\.\\d+ s$");
    assertEquals(3, outcomes.size(), "one computation, then two\n" + run.output());
    double one = run.decimal("^1 thread: (\\d+\\.\\d+) s$");
    double two = run.decimal("^2 threads: (\\d+\\.\\d+) s");
    assertTrue(one > 0 && two > 0, run.output());
    // parallel speed-up is printed, not asserted: another build may hold a core
    run.indexOf("^In CPython the GIL");
  }
}

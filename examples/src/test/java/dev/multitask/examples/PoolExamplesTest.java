package dev.multitask.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The pool examples of the tutorials, each run in a fresh JVM. Workers write straight to the same
 * standard output as main, so a worker's "end" line comes before main prints that task's result.
 * The {@code processpool-*} examples run with a time unit of {@value #UNIT} ms instead of the
 * tutorials' second; timing bounds are sanity checks for a busy 2-core machine.
 */
class PoolExamplesTest {
  private static final String UNIT = "150";
  private static final List<Integer> TASKS = IntStream.range(0, 20).boxed().toList();
  private static final List<Long> SQUARES = TASKS.stream().map(i -> (long) i * i).toList();

  /** One "start: i pid" or "end: i pid" line of {@link PoolFunc}, with its place in the output. */
  private record Step(int line, int task, long pid) {}

  @Test
  void poolFourFive_fiveTasksInFourProcessesTakeTwoRounds() {
    ExampleRun run = ExampleRun.of("pool-four-five").assertSucceeded();
    long parent = run.numbers("^parent process: (\\d+)$").getFirst()[0];
    run.indexOf("^CPU cores: \\d+$");
    run.indexOf("^waiting for all child processes$");
    List<long[]> tasks = run.numbers("^child process: (\\d+) - task (\\d)$");
    assertEquals(
        List.of(0L, 1L, 2L, 3L, 4L), tasks.stream().map(t -> t[1]).sorted().toList(), run.output());
    Map<Long, Long> runsPerPid =
        tasks.stream().collect(Collectors.groupingBy(t -> t[0], Collectors.counting()));
    assertEquals(4, runsPerPid.size(), "four worker processes\n" + run.output());
    assertEquals(
        List.of(1L, 1L, 1L, 2L),
        runsPerPid.values().stream().sorted().toList(),
        "one worker ran two tasks\n" + run.output());
    assertFalse(runsPerPid.containsKey(parent), "the tasks run in workers, not in main");
    assertEquals(5, run.indexesOf("^result: 1152921504606846976$").size(), run.output());
    // the second task of a worker starts after a first task has printed its result
    int firstResult = run.indexesOf("^result: ").getFirst();
    int fifthStart = run.indexesOf("^child process: ").get(4);
    assertTrue(firstResult < fifthStart, "the fifth task waits for a free worker\n" + run.output());
    double took = run.decimal("^total took (\\d+\\.\\d+) s$");
    assertTrue(took >= 3.9 && took < 30, "two rounds of 2-second tasks: " + took + " s");
    // main's summary agrees with what the workers printed
    assertEquals(
        "5 tasks ran in 4 worker processes:", run.lines().get(run.indexOf("^5 tasks ran in ")));
    long twice =
        runsPerPid.entrySet().stream()
            .filter(e -> e.getValue() == 2)
            .findFirst()
            .orElseThrow()
            .getKey();
    run.indexOf("^  pid " + twice + ": tasks \\[\\d, \\d\\]$");
    assertEquals(3, run.indexesOf("^  pid \\d+: tasks \\[\\d\\]$").size(), run.output());
  }

  @Test
  void threadPoolSubmit_twentyTasksOnAtMostFourThreads() {
    ExampleRun run = ExampleRun.of("threadpool-submit").assertSucceeded();
    List<long[]> tasks = run.numbers("^(\\d+) (\\d+)$");
    assertEquals(
        TASKS,
        tasks.stream().map(t -> (int) t[0]).sorted().toList(),
        "each task once\n" + run.output());
    Set<Long> threads =
        tasks.stream().map(t -> t[1]).collect(Collectors.toCollection(TreeSet::new));
    assertTrue(threads.size() <= 4, "at most 4 threads: " + threads);
    int summary = run.indexOf("^20 tasks ran on ");
    assertEquals(run.lines().size() - 1, summary, "the summary comes last\n" + run.output());
    assertEquals(
        "20 tasks ran on " + threads.size() + " threads: " + threads, run.lines().get(summary));
  }

  @Test
  void processPoolSubmit_twentyTasksInAtMostFourProcesses() {
    ExampleRun run = ExampleRun.of("processpool-submit", UNIT).assertSucceeded();
    long main = run.numbers("^main: pid=(\\d+)$").getFirst()[0];
    Set<Long> pids = checkStartsAndEnds(run, main);
    run.indexOf("^20 tasks ran in " + pids.size() + " worker processes: ");
  }

  @Test
  void processPoolResult_resultsInSubmissionOrder() {
    ExampleRun run = ExampleRun.of("processpool-result", UNIT).assertSucceeded();
    long main = run.numbers("^main: pid=(\\d+)$").getFirst()[0];
    checkStartsAndEnds(run, main);
    List<long[]> results = run.numbers("^(\\d+) --> (\\d+)$");
    assertEquals(
        TASKS.stream().map(Long::valueOf).toList(),
        results.stream().map(r -> r[0]).toList(),
        "asked in submission order\n" + run.output());
    assertEquals(SQUARES, results.stream().map(r -> r[1]).toList(), run.output());
    // a result is printed once its task has ended
    Map<Integer, Step> ends = steps(run, "end");
    List<Integer> resultLines = run.indexesOf("^\\d+ --> \\d+$");
    for (int i = 0; i < 20; i++) {
      assertTrue(
          ends.get(i).line() < resultLines.get(i),
          "result " + i + " after its end\n" + run.output());
    }
  }

  @Test
  void processPoolMap_resultsInInputOrder() {
    ExampleRun run = ExampleRun.of("processpool-map", UNIT).assertSucceeded();
    long main = run.numbers("^main: pid=(\\d+)$").getFirst()[0];
    checkStartsAndEnds(run, main);
    List<Integer> resultLines = run.indexesOf("^\\d+$");
    assertEquals(SQUARES, run.numbers("^(\\d+)$").stream().map(r -> r[0]).toList(), run.output());
    int lastEnd = steps(run, "end").values().stream().mapToInt(Step::line).max().orElseThrow();
    assertTrue(
        lastEnd < resultLines.getFirst(), "map returns once every item is done\n" + run.output());
  }

  @Test
  void processPoolCallback_eachResultPrintedWhenItsTaskEnds() {
    ExampleRun run = ExampleRun.of("processpool-callback", UNIT).assertSucceeded();
    long main = run.numbers("^main: pid=(\\d+)$").getFirst()[0];
    checkStartsAndEnds(run, main);
    List<Integer> resultLines = run.indexesOf("^\\d+$");
    List<Long> results = run.numbers("^(\\d+)$").stream().map(r -> r[0]).toList();
    assertEquals(SQUARES, results.stream().sorted().toList(), "every result once\n" + run.output());
    Map<Integer, Step> ends = steps(run, "end");
    for (int r = 0; r < results.size(); r++) {
      int task = (int) Math.round(Math.sqrt(results.get(r)));
      assertTrue(
          ends.get(task).line() < resultLines.get(r),
          "result of " + task + " after its end\n" + run.output());
    }
    // callbacks run while other tasks still run: the first result comes before the last start
    int lastStart = steps(run, "start").values().stream().mapToInt(Step::line).max().orElseThrow();
    assertTrue(resultLines.getFirst() < lastStart, "results arrive as tasks end\n" + run.output());
  }

  /**
   * Checks {@link PoolFunc}'s lines: each of the 20 tasks starts and ends once, in the same worker
   * process, which is not main; at most four workers.
   *
   * @return the workers' pids
   */
  private static Set<Long> checkStartsAndEnds(ExampleRun run, long main) {
    Map<Integer, Step> starts = steps(run, "start");
    Map<Integer, Step> ends = steps(run, "end");
    assertEquals(new HashSet<>(TASKS), starts.keySet(), "each task starts once\n" + run.output());
    assertEquals(new HashSet<>(TASKS), ends.keySet(), "each task ends once\n" + run.output());
    Set<Long> pids = new TreeSet<>();
    for (int i = 0; i < 20; i++) {
      Step start = starts.get(i);
      Step end = ends.get(i);
      assertEquals(start.pid(), end.pid(), "task " + i + " starts and ends in one process");
      assertTrue(start.line() < end.line(), "task " + i + " starts before it ends");
      pids.add(start.pid());
    }
    assertFalse(pids.contains(main), "tasks run in workers, not in main: " + pids);
    assertTrue(pids.size() <= 4, "at most 4 worker processes: " + pids + "\n" + run.output());
    return pids;
  }

  /** The "start" or "end" lines by task; fails on a task printed twice. */
  private static Map<Integer, Step> steps(ExampleRun run, String what) {
    List<Integer> lines = run.indexesOf("^" + what + ": \\d+ \\d+$");
    List<long[]> numbers = run.numbers("^" + what + ": (\\d+) (\\d+)$");
    Map<Integer, Step> steps = new HashMap<>();
    List<Integer> twice = new ArrayList<>();
    for (int k = 0; k < lines.size(); k++) {
      int task = (int) numbers.get(k)[0];
      if (steps.put(task, new Step(lines.get(k), task, numbers.get(k)[1])) != null) {
        twice.add(task);
      }
    }
    assertEquals(List.of(), twice, "tasks printed '" + what + "' twice\n" + run.output());
    return steps;
  }
}

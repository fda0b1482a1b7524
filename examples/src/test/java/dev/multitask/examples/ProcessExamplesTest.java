package dev.multitask.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The process examples of the tutorials, each run in a fresh JVM; their children are real child
 * JVMs.
 */
class ProcessExamplesTest {
  private static final String PIDS = "ppid=(\\d+), pid=(\\d+)";

  @Test
  void processFunction_childsParentIsMain() {
    ExampleRun run = ExampleRun.of("process-function").assertSucceeded();
    long[] main = run.numbers("^main: " + PIDS).getFirst();
    List<long[]> func = run.numbers("^func: " + PIDS);
    assertEquals(1, func.size(), run.output());
    assertEquals(main[1], func.getFirst()[0], "the child's ppid is main's pid");
    assertNotEquals(main[1], func.getFirst()[1], "the child is another process");
  }

  @Test
  void processClass_fieldsArriveInTheChild() {
    ExampleRun run = ExampleRun.of("process-class").assertSucceeded();
    long mainPid = run.numbers("^main: " + PIDS).getFirst()[1];
    long[] func = run.numbers("^func: " + PIDS).getFirst();
    assertEquals(mainPid, func[0]);
    assertNotEquals(mainPid, func[1]);
    run.indexOf("^func: name=Jerry, age=18$");
  }

  @Test
  void processClass_takesFieldsFromArguments() {
    ExampleRun.of("process-class", "Tom", "7").assertSucceeded().indexOf("^func: name=Tom, age=7$");
  }

  @Test
  void processJoin_endFollowsTheChildOnlyWithJoin() {
    ExampleRun run = ExampleRun.of("process-join").assertSucceeded();
    int withJoin = run.indexOf("^== with join");
    int withoutJoin = run.indexOf("^== without join");
    List<Integer> funcs = run.indexesOf(" func: " + PIDS);
    List<Integer> ends = run.indexesOf("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d end$");
    assertEquals(2, funcs.size(), run.output());
    assertEquals(2, ends.size(), run.output());
    assertTrue(
        withJoin < funcs.get(0) && funcs.get(0) < ends.get(0) && ends.get(0) < withoutJoin,
        "with join: func, then end\n" + run.output());
    assertTrue(
        withoutJoin < ends.get(1) && ends.get(1) < funcs.get(1),
        "without join: end, then func\n" + run.output());
    long mainPid = run.numbers("main: " + PIDS).getFirst()[1];
    run.numbers("func: " + PIDS).forEach(pids -> assertEquals(mainPid, pids[0]));
  }

  @Test
  void processJoinMany_allFourFinishBeforeEnd() {
    ExampleRun run = ExampleRun.of("process-join-many").assertSucceeded();
    long mainPid = run.numbers("main: " + PIDS).getFirst()[1];
    int end = run.indexOf(" end$");
    Set<Long> childPids = new HashSet<>();
    for (int n = 1; n <= 4; n++) {
      assertTrue(
          run.indexOf(" func" + n + ": ") < end, "func" + n + " before end\n" + run.output());
    }
    for (long[] pids : run.numbers("func\\d: " + PIDS)) {
      assertEquals(mainPid, pids[0]);
      childPids.add(pids[1]);
    }
    assertEquals(4, childPids.size(), "four distinct children");
  }

  @Test
  void processDaemon_daemonStopsWhenMainsCodeEnds() {
    ExampleRun run = ExampleRun.of("process-daemon").assertSucceeded();
    for (int i = 0; i < 5; i++) {
      run.indexOf("^func2 " + i + "$");
    }
    List<Integer> daemon = run.indexesOf("^func1$");
    int mainEnds = run.indexOf("^main: code ends");
    assertTrue(
        daemon.size() >= 1 && daemon.size() <= 4,
        "the daemon printed about 3 times\n" + run.output());
    // a second's margin: the daemon's last possible line is due before func2's last one
    assertTrue(
        daemon.getLast() < run.indexOf("^func2 4$"),
        "no func1 after main's code ended\n" + run.output());
    assertTrue(mainEnds < run.indexOf("^func2 4$"), "func2 outlives main's code\n" + run.output());
  }

  @Test
  void processMany_mainEndsFirstAndTenChildrenReport() {
    ExampleRun run = ExampleRun.of("process-many").assertSucceeded();
    int mainLine = run.indexOf("^main: done starting");
    long mainPid = run.numbers("main pid=(\\d+)").getFirst()[0];
    List<long[]> children = run.numbers("^number (\\d+): pid=(\\d+), ppid=(\\d+), slept (\\d) s$");
    assertEquals(10, children.size(), run.output());
    Set<Long> numbers = new HashSet<>();
    Set<Long> pids = new HashSet<>();
    for (long[] c : children) {
      numbers.add(c[0]);
      pids.add(c[1]);
      assertEquals(mainPid, c[2], "each child's parent is main");
    }
    assertEquals(10, numbers.size());
    assertEquals(10, pids.size(), "ten processes");
    // a child that slept 1 s or more prints long after main's last line
    for (int i : run.indexesOf("slept [12] s$")) {
      assertTrue(mainLine < i, "main's line comes first\n" + run.output());
    }
  }

  @Test
  void routineFunction_bothFinishShorterFirst() {
    ExampleRun run = ExampleRun.of("routine-function").assertSucceeded();
    assertTrue(
        run.indexOf("^routine First starting\\.\\.\\.$") < run.indexOf("^routine First finished$"));
    assertTrue(
        run.indexOf("^routine Two starting\\.\\.\\.$") < run.indexOf("^routine Two finished$"));
    assertTrue(
        run.indexOf("^routine First finished$") < run.indexOf("^routine Two finished$"),
        run.output());
  }

  @Test
  void routineClass_secondFinishesFirst() {
    ExampleRun run = ExampleRun.of("routine-class").assertSucceeded();
    run.indexOf("^Process First starting\\.\\.\\.$");
    run.indexOf("^Process Second starting\\.\\.\\.$");
    assertTrue(
        run.indexOf("^Process Second finished$") < run.indexOf("^Process First finished$"),
        run.output());
  }

  @Test
  void zombie_exitedChildIsReapedWithoutJoin() {
    ExampleRun run = ExampleRun.of("zombie").assertSucceeded();
    assertTrue(run.indexOf("^zombie running$") < run.indexOf("^zombie exit$"));
    long pid = run.numbers("^main: child (\\d+) alive=false, exit code=0$").getFirst()[0];
    assertTrue(
        run.numbers("^  pid=(\\d+) ").stream().noneMatch(p -> p[0] == pid),
        "the exited child is not among main's children\n" + run.output());
    assertTrue(
        run.indexesOf(" state=Z ").isEmpty(), "no zombie among main's children\n" + run.output());
    run.indexOf("^main: child " + pid + " in the process table: gone");
    assertFalse(run.output().contains("Z <defunct>"), run.output());
  }
}

package dev.multitask.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The thread examples of the tutorials, each run in a fresh JVM. */
class ThreadExamplesTest {
  @Test
  void threadStart_listsElevenThreadsThenAllDone() {
    ExampleRun run = ExampleRun.of("thread-start").assertSucceeded();
    List<long[]> starts = run.numbers("^start:(\\d+), thread id: (\\d+)$");
    assertEquals(10, starts.size(), run.output());
    Set<Long> ids = new HashSet<>();
    starts.forEach(s -> ids.add(s[1]));
    assertEquals(10, ids.size(), "ten distinct thread ids");
    run.indexOf("^threads: \\[main(, Thread-\\d+){10}\\]$");
    run.indexOf("^active count: 11$");
    int done = run.indexOf("^all threads done$");
    assertEquals(run.lines().size() - 1, done, "all threads done comes last");
    assertEquals(10, run.indexesOf("^end:\\d$").size());
  }

  @Test
  void threadClass_threadAndMainPrintTheSameIdent() {
    ExampleRun run = ExampleRun.of("thread-class").assertSucceeded();
    long inThread = run.numbers("^in the thread: ident=(\\d+), a=a$").getFirst()[0];
    long inMain = run.numbers("^in main: ident=(\\d+)$").getFirst()[0];
    assertEquals(inThread, inMain);
  }

  @Test
  void threadDaemon_daemonRunsAlongsideThenStops() {
    ExampleRun run = ExampleRun.of("thread-daemon").assertSucceeded();
    assertEquals(3, run.indexesOf("^running thread 2\\.\\.\\.$").size(), run.output());
    List<Integer> daemon = run.indexesOf("^running daemon thread 1\\.\\.\\.$");
    assertTrue(
        daemon.size() >= 2 && daemon.size() <= 5,
        "the daemon printed while thread 2 ran\n" + run.output());
    int mainEnds = run.indexOf("^main: only the daemon is left");
    assertEquals(
        run.lines().size() - 1,
        mainEnds,
        "nothing printed after the program's end\n" + run.output());
  }
}

package dev.multitask.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The coroutine examples of the overview tutorial, each run in a fresh JVM. */
class CoroutineExamplesTest {
  private static final List<String> TUTORIAL_ORDER =
      List.of(
          "long task started",
          "job1 started...",
          "job1 paused",
          "hello world",
          "job1 resumed",
          "job1 finished",
          "long task finished");

  @Test
  void coroutineInterleave_printsTheTutorialsSevenLinesInOrderEveryRun() {
    for (int run = 0; run < 3; run++) {
      assertEquals(TUTORIAL_ORDER, ExampleRun.of("coroutine-interleave").assertSucceeded().lines());
    }
  }

  @Test
  void coroutineLinkException_callbackGetsTheFailedCoroutineStopsAndKillsTheSleepers() {
    ExampleRun run = ExampleRun.of("coroutine-link-exception").assertSucceeded();
    int failedAt = run.indexOf("^weather: round 2 fetched$");
    int callback =
        run.indexOf(
            "^callback: fetch weather failed with java.lang.IllegalStateException: the weather"
                + " feed");
    assertTrue(failedAt < callback, run.output());
    int news = run.indexOf("^callback: killing fetch news \\(sleeping\\)$");
    int sports = run.indexOf("^callback: killing fetch sports \\(sleeping\\)$");
    int stopped = run.indexOf("^program stopped \\(terminated=true\\)$");
    assertTrue(callback < news && news < sports && sports < stopped, run.output());
    run.indexOf("^  fetch news: killed$");
    run.indexOf("^  fetch sports: killed$");
    run.indexOf("^  fetch weather: failed: java.lang.IllegalStateException");
    assertEquals(
        0, run.indexesOf("round 3").size(), "nothing runs after the stop\n" + run.output());
  }

  @Test
  void coroutineVsSequential_threeSecondsAgainstTwo() {
    ExampleRun run = ExampleRun.of("coroutine-vs-sequential").assertSucceeded();
    double sequential = run.decimal("^sequential: (\\d+\\.\\d+) s$");
    double coroutines = run.decimal("^coroutines: (\\d+\\.\\d+) s$");
    assertTrue(sequential >= 2.9 && sequential < 8, "1 s + 2 s in sequence: " + sequential);
    // at least the longest sleep, and less than the sum, which sequential sleeps cannot reach
    assertTrue(coroutines >= 1.9 && coroutines < 2.9, "both sleep at once: " + coroutines);
    int one = run.indexOf("^coroutine job\\(1\\) took 1 s$");
    int two = run.indexOf("^coroutine job\\(2\\) took 2 s$");
    assertTrue(one < two, run.output());
  }
}

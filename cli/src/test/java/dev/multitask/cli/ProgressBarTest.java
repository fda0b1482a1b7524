package dev.multitask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.pool.Progress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text the progress bar prints for given reports; no pool involved. */
class ProgressBarTest {
  private final StringWriter text = new StringWriter();
  private final PrintWriter out = new PrintWriter(text);

  /** A report of {@code done} of {@code total} items at 10 items/s, as a map would make it. */
  private static Progress report(long done, long total) {
    return new Progress(1, done, total, 10.0, Duration.ofMillis(done * 100));
  }

  private List<String> lines() {
    return text.toString().lines().toList();
  }

  @Test
  void line_showsBarPercentCountRateAndEta() {
    assertEquals(
        "[######------------------]  25%  30/120  10.0 items/s  ETA 9.0 s",
        ProgressBar.line(report(30, 120)));
    assertEquals(
        "[------------------------]   0%  1/120  10.0 items/s  ETA 11.9 s",
        ProgressBar.line(report(1, 120)));
  }

  @Test
  void line_whenDoneShowsTheTimeTakenInsteadOfEta() {
    assertEquals(
        "[########################] 100%  120/120  10.0 items/s  in 12.0 s",
        ProgressBar.line(report(120, 120)));
  }

  @Test
  void line_roundsPercentDownSoThat100MeansAll() {
    assertEquals(" 99%", ProgressBar.line(report(119, 120)).substring(27, 31));
  }

  @Test
  void line_unknownTotalShowsCountRateAndElapsed() {
    assertEquals("30 items  10.0 items/s  after 3.0 s", ProgressBar.line(report(30, -1)));
  }

  @Test
  void line_fastRatesWithoutDecimalsAndLongTimesInMinutes() {
    Progress p = new Progress(1, 500, 100_000, 2500.4, Duration.ofMillis(200));
    assertEquals(
        "[------------------------]   0%  500/100000  2500 items/s  ETA 39.8 s",
        ProgressBar.line(p));
    assertEquals("3 min 05 s", ProgressBar.duration(Duration.ofSeconds(185)));
    assertEquals("0.4 s", ProgressBar.duration(Duration.ofMillis(400)));
  }

  @Test
  void lines_printEveryStepAndTheEnd() {
    ProgressBar bar = ProgressBar.lines(out, "  ", 25);
    for (long done = 10; done <= 120; done += 10) {
      bar.accept(report(done, 120));
    }
    assertEquals(
        List.of(
            "  [######------------------]  25%  30/120  10.0 items/s  ETA 9.0 s",
            "  [############------------]  50%  60/120  10.0 items/s  ETA 6.0 s",
            "  [##################------]  75%  90/120  10.0 items/s  ETA 3.0 s",
            "  [########################] 100%  120/120  10.0 items/s  in 12.0 s"),
        lines());
  }

  @Test
  void lines_aJumpPastSeveralStepsPrintsOnce() {
    ProgressBar bar = ProgressBar.lines(out, "", 25);
    bar.accept(report(10, 120));
    bar.accept(report(100, 120)); // 83 %: past 25, 50 and 75
    bar.accept(report(110, 120)); // 91 %: no new step
    assertEquals(1, lines().size(), text.toString());
    assertEquals(" 83%", lines().getFirst().substring(27, 31));
  }

  @Test
  void lines_followTheCallOfTheFirstReport_andIgnoreOtherCallsOfThePool() {
    ProgressBar bar = ProgressBar.lines(out, "", 10);
    bar.accept(new Progress(7, 60, 120, 10.0, Duration.ofSeconds(6)));
    bar.accept(new Progress(8, 100, 100, 10.0, Duration.ofSeconds(10))); // a concurrent map's
    bar.accept(new Progress(7, 120, 120, 10.0, Duration.ofSeconds(12)));
    bar.accept(new Progress(7, 110, 120, 10.0, Duration.ofSeconds(11))); // after the end
    assertEquals(List.of(" 50%", "100%"), lines().stream().map(l -> l.substring(27, 31)).toList());
  }

  @Test
  void reset_startsANewBar() {
    ProgressBar bar = ProgressBar.lines(out, "", 50);
    bar.accept(report(4, 4));
    bar.accept(report(2, 4)); // ignored: the bar has ended
    bar.reset();
    bar.accept(report(2, 4));
    assertEquals(List.of("100%", " 50%"), lines().stream().map(l -> l.substring(27, 31)).toList());
  }

  @Test
  void lines_unknownTotalPrintsAtMostOnceASecond() {
    ProgressBar bar = ProgressBar.lines(out, "", 25);
    for (long done = 1; done <= 25; done++) {
      bar.accept(report(done, -1)); // one every 100 ms
    }
    assertEquals(
        List.of(
            "1 items  10.0 items/s  after 0.1 s",
            "11 items  10.0 items/s  after 1.1 s",
            "21 items  10.0 items/s  after 2.1 s"),
        lines());
  }

  @Test
  void redrawing_overwritesOneLineAndEndsItWhenDone() {
    ProgressBar bar = ProgressBar.redrawing(out, "  ");
    bar.accept(report(1, 4));
    bar.accept(report(2, 4));
    bar.accept(report(4, 4));
    // the last line is one character shorter than the one before: a space covers the rest
    assertEquals(
        "\r  [######------------------]  25%  1/4  10.0 items/s  ETA 0.3 s"
            + "\r  [############------------]  50%  2/4  10.0 items/s  ETA 0.2 s"
            + "\r  [########################] 100%  4/4  10.0 items/s  in 0.4 s \n",
        text.toString());
  }

  @Test
  void redrawing_skipsReportsCloserThanTheRedrawIntervalButNotTheLast() {
    ProgressBar bar = ProgressBar.redrawing(out, "");
    for (long done = 1; done <= 100; done++) {
      bar.accept(new Progress(1, done, 100, 1000, Duration.ofMillis(done))); // one a millisecond
    }
    String drawn = text.toString();
    assertEquals(
        2,
        drawn.chars().filter(c -> c == '\r').count(),
        "at 1 ms and at the end (100 ms): " + drawn);
    assertEquals(drawn.length() - 1, drawn.indexOf('\n'), "one line, ended when done: " + drawn);
  }

  @Test
  void awaitEnd_returnsOnceTheLastReportIsDrawn() throws Exception {
    ProgressBar bar = ProgressBar.lines(out, "", 25);
    bar.accept(report(2, 4));
    assertFalse(bar.awaitEnd(Duration.ofMillis(50)), "not at 100 % yet");
    Thread late =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    Thread.sleep(100);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  bar.accept(report(4, 4)); // as a pool thread after map has returned
                });
    assertTrue(bar.awaitEnd(Duration.ofSeconds(10)));
    assertEquals("100%", lines().getLast().substring(27, 31));
    late.join();
  }

  @Test
  void lines_rejectsStepsOutside1To100() {
    assertThrows(IllegalArgumentException.class, () -> ProgressBar.lines(out, "", 0));
    assertThrows(IllegalArgumentException.class, () -> ProgressBar.lines(out, "", 101));
  }
}

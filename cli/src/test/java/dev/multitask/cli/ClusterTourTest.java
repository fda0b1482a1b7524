package dev.multitask.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.redis.LocalCluster;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tour's chapter 8 (cluster), read from the whole tour run once ({@link TourRuns}): on a
 * machine with {@code redis-server} (CI installs it), a map on two worker JVMs, every result of a
 * map whose third worker is SIGKILLed, growing fencing tokens; on one without, how to install it.
 */
class ClusterTourTest {
  private static CliRun run;

  @BeforeAll
  static void readTheChapter() {
    run = TourRuns.chapter("cluster");
  }

  @Test
  void chapter_inTheWholeTour_startsWithItsNumberAndTitle() {
    assertEquals(Main.OK, run.exitCode(), run.toString());
    assertTrue(run.out().startsWith("Chapter 8: cluster"), run.toString());
  }

  @Test
  void chapter_withoutRedisServer_saysHowToInstallIt() {
    if (LocalCluster.available()) {
      assertFalse(run.out().contains("apt-get install redis-server"), run.out());
    } else {
      assertTrue(run.out().contains("sudo apt-get install redis-server"), run.out());
    }
  }

  @Test
  void map_runsOnTheWorkersChildJvms() {
    if (!LocalCluster.available()) {
      return; // the chapter only says how to install redis-server: checked above
    }
    Matcher m = find("computed in (\\d+) child JVMs of the workers");
    int jvms = Integer.parseInt(m.group(1));
    assertTrue(1 <= jvms && jvms <= 4, "two workers of two child JVMs each: " + jvms);
    assertTrue(run.out().contains("pool.map over 40 items: 40 results, in order,"), run.out());
  }

  @Test
  void workerKilled_everyResultArrivesAndFewRunTwice() {
    if (!LocalCluster.available()) {
      return;
    }
    Matcher m = find("results: 400 of 400, every one, in order; items run twice: (\\d+);");
    long twice = Long.parseLong(m.group(1));
    // the victim had at most 2 slots' chunks of 4 in flight, and one more taken as it died
    assertTrue(twice <= 12, "items run twice beyond the victim's in-flight chunks: " + twice);
  }

  @Test
  void fencing_tokensGrow() {
    if (!LocalCluster.available()) {
      return;
    }
    Matcher m = find("got tokens (\\d+) and (\\d+)");
    assertTrue(Long.parseLong(m.group(1)) < Long.parseLong(m.group(2)), run.out());
  }

  private static Matcher find(String regex) {
    Matcher m = Pattern.compile(regex).matcher(run.out());
    assertTrue(m.find(), "no line matching " + regex + "\n" + run);
    return m;
  }
}

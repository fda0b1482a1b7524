package dev.multitask.bench.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A short run of the reliability soak: every scenario, children SIGKILLed and SIGSTOPped at random,
 * every check of {@link Soak} held (nothing lost beyond the allowance, duplicated or hung; nothing
 * of the parent's left once its contexts closed). No timing is asserted beyond the soak's own hang
 * bounds (a timed call 10 s late, a job 120 s late).
 */
class SoakTest {
  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void run_fifteenSeconds_everyCheckHolds() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Soak.Report report = Soak.run(Duration.ofSeconds(15), out);
    String printed = bytes.toString(StandardCharsets.UTF_8);
    System.out.print(report.summary()); // the figures, in the build's log
    assertTrue(report.passed(), printed);
    assertTrue(report.violations().isEmpty(), printed);
    for (String s : Soak.SCENARIOS) {
      assertTrue(
          report.counts().getOrDefault(s + ".rounds", 0L) > 0,
          s + " finished no round\n" + printed);
    }
    assertTrue(
        report.counts().getOrDefault("queue.kills", 0L)
                + report.counts().getOrDefault("lock.kills", 0L)
            > 0,
        "nothing was killed\n" + printed);
  }

  @Test
  void parse_unitsAndIso_giveTheDuration() {
    assertEquals(Duration.ofMinutes(10), Soak.parse("10m"));
    assertEquals(Duration.ofSeconds(90), Soak.parse("90s"));
    assertEquals(Duration.ofMillis(500), Soak.parse("500ms"));
    assertEquals(Duration.ofHours(1), Soak.parse("1h"));
    assertEquals(Duration.ofMinutes(10), Soak.parse("PT10M"));
    assertNull(Soak.parse("0s"));
    assertNull(Soak.parse("ten minutes"));
  }
}

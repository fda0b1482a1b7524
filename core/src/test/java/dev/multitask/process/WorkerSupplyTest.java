package dev.multitask.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Context;
import dev.multitask.JobFailedException;
import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
import dev.multitask.process.startup.LaunchSpec;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Tier 2: how a {@link WorkerSupply} hands out worker JVMs, with real workers. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkerSupplyTest {
  @Test
  void start_standbyFailingToStart_failsJobNamingStartFailure() throws Exception {
    ProcessOptions broken = ProcessOptions.defaults().standby(1).jvmFlags("-XX:+MultitaskNoSuch");
    try (Context ctx = Multitask.processes(broken)) {
      var job = ctx.start(() -> 1);
      JobFailedException e = assertThrows(JobFailedException.class, job::result);
      assertTrue(e.getMessage().contains("could not start"), e.getMessage());
    }
  }

  @Test
  void take_missingAReadyStandby_holdsRefillsUntilStartsAreQuiet() throws Exception {
    // a supply of its own: no other test's context shares its standby count
    ProcessOptions options =
        ProcessOptions.defaults()
            .standby(1)
            .jvmFlags("-Dmultitask.test.supply=" + UUID.randomUUID());
    WorkerSupply supply = WorkerSupply.of(LaunchSpec.of(options));
    supply.open(1);
    Worker hit = null;
    Worker miss = null;
    try {
      assertTrue(supply.awaitStandby(1, Duration.ofSeconds(60)), "the first standby warms up");
      int started = supply.standbysStarted();
      hit = supply.take(); // the ready standby
      long missedAt = System.nanoTime();
      miss = supply.take(); // back to back: none ready, a worker started for it
      assertEquals(
          started, supply.standbysStarted(), "a start that missed warms no standby beside it");
      // past the refill delay of the taken standby, which alone would start a refill by now
      Thread.sleep(400);
      if (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - missedAt) < WorkerSupply.QUIET_MS) {
        assertEquals(started, supply.standbysStarted(), "no refill within the quiet time");
      }
      assertTrue(
          supply.awaitStandby(1, Duration.ofSeconds(60)), "a standby once starts are quiet again");
      assertEquals(started + 1, supply.standbysStarted());
    } finally {
      for (Worker w : new Worker[] {hit, miss}) {
        if (w != null) {
          w.retire();
        }
      }
      supply.close(1);
    }
  }
}

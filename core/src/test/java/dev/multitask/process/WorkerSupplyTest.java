package dev.multitask.process;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Context;
import dev.multitask.JobFailedException;
import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
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
}

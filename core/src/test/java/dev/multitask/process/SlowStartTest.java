package dev.multitask.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cold worker JVM that is slow to start (here a system class loader that takes 12 s to make; on a
 * loaded machine, the JVM's own start) still runs its job: its pipes are the parent's own, so
 * slowness is no reason to kill it. The parent once dropped a worker that had not finished its
 * handshake within 10 s and killed it, failing the job with exit code -9, as the soak saw with
 * three cold workers started at once under a load average of 60.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SlowStartTest {
  @Test
  void coldJob_workerSlowerToStartThanTenSeconds_runs() throws Exception {
    ProcessOptions slow =
        ProcessOptions.defaults()
            .standby(0)
            .jvmFlags("-Djava.system.class.loader=" + SlowStartLoader.class.getName());
    try (Context ctx = Multitask.processes(slow)) {
      assertEquals(42, ctx.start(() -> 6 * 7).result());
    }
  }
}

package dev.multitask.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.ProcessOptions;
import dev.multitask.sync.Lock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A child SIGKILLed while it waits for a process lock has made its deadlock wait table, a segment
 * named after its own pid, which its exit hook would have removed. Its parent removes it when it
 * reaps the child; before, it stayed in {@code /dev/shm} until another multitask JVM started (seen
 * after every CI run, from the tour's sync chapter).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KilledChildSegmentsTest {
  private static List<String> segmentsOf(long pid) throws IOException {
    String dir = System.getenv("MULTITASK_SHM_DIR");
    String prefix = "multitask-" + pid + "-";
    try (Stream<Path> files =
        Files.list(Path.of(dir == null || dir.isBlank() ? "/dev/shm" : dir))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(name -> name.startsWith(prefix))
          .toList();
    }
  }

  @Test
  void kill_childWaitingForAProcessLock_leavesNoSegmentOfItsPid() throws Exception {
    try (Context ctx = Multitask.processes(ProcessOptions.defaults().standby(0))) {
      Lock lock = ctx.lock();
      lock.lock();
      try {
        Job<Void> waiter = ctx.start(() -> lock.lock());
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (segmentsOf(waiter.pid()).isEmpty() && System.nanoTime() < until) {
          Thread.sleep(10);
        }
        assertFalse(segmentsOf(waiter.pid()).isEmpty(), "the waiter published its wait");
        waiter.kill();
        waiter.join(Duration.ofSeconds(60));
        assertEquals(List.of(), segmentsOf(waiter.pid()), "the killed child's own segments");
      } finally {
        lock.unlock();
      }
    }
  }
}

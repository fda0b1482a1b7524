package dev.multitask;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many jobs that end every way a job can end leave nothing behind in the parent: no file
 * descriptors (lifeline pipes, control sockets), no threads (readers, reapers), no zombies.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessLeakTest {
  private static final int ROUNDS = 8;

  @Test
  void shouldReturnToBaselineFdsThreadsAndChildrenWhenManyJobsEndInEveryWay() throws Exception {
    try (Context ctx = Multitask.processes(ProcessOptions.defaults().standby(0))) {
      ctx.start(() -> 1).result(); // first use: control server, reaper machinery, class loading
      long fds = openFds();
      int threads = Thread.activeCount();

      for (int round = 0; round < ROUNDS; round++) {
        List<Job<?>> jobs = new ArrayList<>();
        jobs.add(ctx.start(() -> "ok"));
        jobs.add(ctx.start(() -> {
          throw new IllegalStateException("failing on purpose");
        }));
        jobs.add(ctx.start(() -> System.exit(3)));
        Job<Void> sleeper = ctx.start(() -> Thread.sleep(60_000));
        jobs.add(sleeper);
        Thread.sleep(50);
        sleeper.kill();
        for (Job<?> job : jobs) {
          assertTrue(job.join(Duration.ofSeconds(60)), job + " did not end");
        }
      }

      // the last workers are reaped in the background: give the reapers a moment
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < deadline && (openFds() > fds + 2 || childCount() > 0 || Thread.activeCount() > threads + 2)) {
        Thread.sleep(50);
      }
      assertTrue(openFds() <= fds + 2, "open fds went from " + fds + " to " + openFds());
      assertTrue(childCount() == 0, "children left: " + ProcessHandle.current().children().toList());
      assertTrue(Thread.activeCount() <= threads + 2, "threads went from " + threads + " to " + Thread.activeCount());
    }
  }

  private static long openFds() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  private static long childCount() {
    return ProcessHandle.current().children().filter(ProcessHandle::isAlive).count();
  }
}

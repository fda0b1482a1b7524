package dev.multitask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.pool.Pool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many jobs that end every way a job can end leave nothing behind in the parent: no file
 * descriptors (lifeline pipes, control sockets), no threads (readers, reapers), no zombies; and
 * worker JVMs leave nothing behind on the machine (no attach socket in {@code /tmp}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ProcessLeakTest {
  private static final int ROUNDS = 8;

  @Test
  void manyJobsEndingEveryWay_leaveFdsThreadsAndChildrenAtBaseline() throws Exception {
    try (Context ctx = Multitask.processes(ProcessOptions.defaults().standby(0))) {
      ctx.start(() -> 1).result(); // first use: control server, reaper machinery, class loading
      long fds = openFds();
      int threads = Thread.activeCount();

      for (int round = 0; round < ROUNDS; round++) {
        List<Job<?>> jobs = new ArrayList<>();
        jobs.add(ctx.start(() -> "ok"));
        jobs.add(
            ctx.start(
                () -> {
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
      while (System.nanoTime() < deadline
          && (openFds() > fds + 2 || childCount() > 0 || Thread.activeCount() > threads + 2)) {
        Thread.sleep(50);
      }
      assertTrue(openFds() <= fds + 2, "open fds went from " + fds + " to " + openFds());
      assertTrue(
          childCount() == 0, "children left: " + ProcessHandle.current().children().toList());
      assertTrue(
          Thread.activeCount() <= threads + 2,
          "threads went from " + threads + " to " + Thread.activeCount());
    }
  }

  /**
   * Workers end by {@code _exit} or SIGKILL, so nothing of theirs may rely on a JVM's orderly exit
   * to be removed: HotSpot's attach listener, which {@code -Xrs} starts with the JVM, leaves {@code
   * /tmp/.java_pid<pid>} behind for every such worker (the JVM uses {@code /tmp} whatever {@code
   * java.io.tmpdir} says).
   */
  @Test
  void workers_afterColdStandbyAndPoolJobs_leaveNoAttachFileInTmp() throws Exception {
    Set<Long> pids = new TreeSet<>();
    // a file of a dead JVM that had the same pid long ago is not a worker's: only newer ones count
    java.nio.file.attribute.FileTime started =
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 1_000);
    try (Context ctx = Multitask.processes(ProcessOptions.defaults().standby(1))) {
      Job<Long> cold =
          ctx.job(() -> ProcessHandle.current().pid())
              .options(ProcessOptions.defaults().standby(0))
              .start();
      pids.add(cold.result());
      for (int i = 0; i < 3; i++) {
        pids.add(ctx.start(() -> ProcessHandle.current().pid()).result()); // from the standby
      }
      try (Pool pool = ctx.pool(2)) {
        for (int i = 0; i < 4; i++) {
          pids.add(pool.submit(() -> ProcessHandle.current().pid()).get(60, TimeUnit.SECONDS));
        }
        ProcessHandle.current()
            .children()
            .forEach(child -> pids.add(child.pid())); // idle standby workers too
      }
      ProcessHandle.current().children().forEach(child -> pids.add(child.pid()));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && pids.stream().anyMatch(ProcessLeakTest::alive)) {
      Thread.sleep(50);
    }
    assertTrue(pids.stream().noneMatch(ProcessLeakTest::alive), "workers still running: " + pids);
    assertTrue(pids.size() >= 4, "cold, standby and pool workers: " + pids);
    Set<Long> left = new TreeSet<>();
    for (long pid : pids) {
      Path file = Path.of("/tmp/.java_pid" + pid);
      if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
          && Files.getLastModifiedTime(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                  .compareTo(started)
              >= 0) {
        left.add(pid);
      }
    }
    assertEquals(
        Set.of(), left, "attach files /tmp/.java_pid<pid> left by workers " + left + " of " + pids);
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
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

package dev.multitask.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.pool.Pool;
import dev.multitask.shared.SharedLong;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A worker's prefetch and the workers around it, on a server of its own: after a run of short tasks
 * a worker takes long ones ahead of its turn; what it has not started goes back for an idle worker,
 * so two long tasks run at once on two workers rather than one after the other on one.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@SuppressWarnings("try") // the workers are resources the body does not name
class ClusterPrefetchTest {
  @Test
  void longTasksAfterShortOnes_takenAheadButNotStarted_goToAnIdleWorker() throws Exception {
    try (LocalRedis server = LocalRedis.start();
        AutoCloseable a = Cluster.worker(server.url(), "prefetch-a", 1);
        Context ctx = Multitask.cluster(server.url())) {
      Pool pool = ctx.pool(8);
      // short tasks: worker a learns to take a second one ahead while it runs one
      assertEquals(
          IntStream.range(1, 301).boxed().toList(),
          pool.map(x -> x + 1, IntStream.range(0, 300).boxed().toList(), 1));

      SharedLong inside = ctx.sharedLong(0);
      List<CompletableFuture<String>> longOnes = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        longOnes.add(pool.submit(() -> meetTheOther(inside))); // a takes both, runs one
      }
      try (AutoCloseable b = Cluster.worker(server.url(), "prefetch-b", 1)) {
        for (CompletableFuture<String> f : longOnes) {
          assertEquals("met, delivery 1", f.get(2, TimeUnit.MINUTES));
        }
      }
    }
  }

  /**
   * A long task: it waits, up to 30 s, until another task is inside too, so it ends early only if
   * both run at once; it then stays a while, so that the other sees it.
   */
  private static String meetTheOther(SharedLong inside) throws InterruptedException {
    inside.addAndGet(1);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (inside.get() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    String met = inside.get() >= 2 ? "met" : "alone";
    Thread.sleep(300);
    inside.addAndGet(-1);
    return met + ", delivery " + ClusterTask.delivery();
  }
}

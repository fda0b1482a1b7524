package dev.multitask.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.ipc.Queue;
import dev.multitask.pool.Pool;
import dev.multitask.pool.PoolOptions;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The cluster context end to end: a job, a queue shared with a job, a pool's map. */
class ClusterSmokeTest {
  /** Set by a pool's initializer in the worker's child JVM that runs it. */
  static volatile String setUp = "not set up";

  @Test
  void start_runsInAWorkersChildJvm() throws Exception {
    try (Context ctx = ClusterFixture.get().context()) {
      Job<Long> job = ctx.start(() -> Multitask.currentProcess().pid());
      long pid = job.result();
      assertNotEquals(ProcessHandle.current().pid(), pid);
      assertEquals(pid, job.pid());
      assertEquals(0, job.exitCode().orElseThrow());
    }
  }

  @Test
  void queue_crossesFromJobToDriver() throws Exception {
    try (Context ctx = ClusterFixture.get().context()) {
      Queue<String> q = ctx.queue();
      ctx.start(() -> q.put("hello from the cluster"));
      assertEquals("hello from the cluster", q.take());
    }
  }

  @Test
  void map_returnsEveryResultInOrder() throws Exception {
    try (Context ctx = ClusterFixture.get().context()) {
      Pool pool = ctx.pool(4);
      List<Integer> items = IntStream.range(0, 200).boxed().toList();
      List<Integer> squares = pool.map(x -> x * x, items, 10);
      assertEquals(items.stream().map(x -> x * x).toList(), squares);
      assertTrue(pool.submit(() -> 6 * 7).get() == 42);
    }
  }

  @Test
  void pool_withInitializer_everyItemRunsAfterIt() throws Exception {
    try (Context ctx = ClusterFixture.get().context();
        Pool pool =
            ctx.pool(PoolOptions.workers(4).initializer(() -> ClusterSmokeTest.setUp = "set up"))) {
      List<String> seen =
          pool.map(i -> ClusterSmokeTest.setUp, IntStream.range(0, 60).boxed().toList(), 1);
      assertEquals(Collections.nCopies(60, "set up"), seen);
    }
  }
}

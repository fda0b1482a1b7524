package dev.multitask.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.ipc.Queue;
import dev.multitask.pool.Pool;
import dev.multitask.shared.SharedLong;
import dev.multitask.shared.SharedLongArray;
import dev.multitask.sync.Lock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults the cluster must survive: a worker JVM killed mid-map, a lock holder stopped past its
 * lease, the Redis server restarted under blocked calls and a running map.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClusterChaosTest {
  private static final int ITEMS = 10_000;
  private static final int CHUNK = 10;

  @Test
  void map_workerKilledMidway_everyResultArrivesAndDuplicatesAreBounded() throws Exception {
    ClusterFixture fixture = ClusterFixture.get();
    Process victim = fixture.startWorker("victim-" + System.nanoTime(), 2);
    try (Context ctx = fixture.context()) {
      SharedLongArray runs = ctx.sharedLongArray(ITEMS);
      SharedLong begun = ctx.sharedLong(0);
      Pool pool = ctx.pool(16);
      List<Integer> items = IntStream.range(0, ITEMS).boxed().toList();
      Future<List<Integer>> results =
          background(
              () ->
                  pool.map(
                      i -> {
                        runs.addAndGet(i, 1);
                        begun.addAndGet(1);
                        Thread.sleep(1);
                        return i * 2;
                      },
                      items,
                      CHUNK));
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      while (begun.get() < ITEMS / 4 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      victim.destroyForcibly(); // SIGKILL: no goodbye, its in-flight chunks stay in its list
      victim.waitFor();

      List<Integer> got = results.get(4, TimeUnit.MINUTES);
      assertEquals(items.stream().map(i -> i * 2).toList(), got, "every result, in order");
      long[] counts = runs.toArray();
      long duplicates = 0;
      for (int i = 0; i < ITEMS; i++) {
        assertTrue(counts[i] >= 1, "item " + i + " never ran");
        duplicates += counts[i] - 1;
      }
      // what may run twice is what the victim held in flight: its window of chunks
      System.out.println("duplicate executions after the SIGKILL: " + duplicates);
      assertTrue(
          duplicates <= (long) Cluster.maxInFlight(2) * CHUNK,
          "duplicates beyond the victim's in-flight chunks: " + duplicates);
    } finally {
      victim.destroyForcibly();
    }
  }

  @Test
  void lock_holderStoppedPastItsLease_nextHolderGetsHigherTokenAndLateWriteIsRefused()
      throws Exception {
    ClusterFixture fixture = ClusterFixture.get();
    try (Context ctx = fixture.context()) {
      Lock lock = ctx.lock();
      String key = ((dev.multitask.redis.sync.RedisLock) lock).key();
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process holder =
          new ProcessBuilder(
                  java,
                  "-Dmultitask.redis.leaseMillis=1500",
                  "-cp",
                  System.getProperty("java.class.path"),
                  LockHolderMain.class.getName(),
                  fixture.url(),
                  key)
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      try {
        var out = new BufferedReader(new InputStreamReader(holder.getInputStream()));
        String first = out.readLine();
        assertTrue(first != null && first.startsWith("token "), "holder said: " + first);
        long staleToken = Long.parseLong(first.substring(6));
        signal("STOP", holder.pid());

        assertTrue(lock.tryLock(Duration.ofSeconds(30)), "the lock was not free after the lease");
        FencedLock fenced = (FencedLock) lock;
        assertTrue(fenced.fencingToken() > staleToken);
        assertTrue(lock.ownerDied(), "the new holder is told the last one vanished");
        FencedValue<String> value = FencedValue.of(fenced, "v");
        assertTrue(value.write("fresh"));

        signal("CONT", holder.pid());
        holder.getOutputStream().write('\n');
        holder.getOutputStream().flush();
        assertEquals("write refused", out.readLine());
        assertEquals("unlock refused", out.readLine());
        assertEquals("fresh", value.read());
        lock.unlock();
      } finally {
        holder.destroyForcibly();
      }
    }
  }

  /**
   * The server restarts twice under a running map and blocked takers (in a job on a worker's child
   * JVM, and in this JVM): gracefully, then killed with SIGKILL (its append-only file is synced
   * before each reply). A reply lost with a connection is recovered, not sent again: every item
   * runs and reports, and every taker gets its element once.
   */
  @Test
  void redisRestart_blockedTakesResumeAndMapLosesNothing() throws Exception {
    ClusterFixture fixture = ClusterFixture.get();
    try (Context ctx = fixture.context()) {
      Queue<String> q = ctx.queue();
      Queue<String> back = ctx.queue();
      Job<Void> taker = ctx.start(() -> back.put("job got " + q.take()));
      Future<String> local = background(() -> "driver got " + q.take());
      Pool pool = ctx.pool(8);
      Future<List<Integer>> map =
          background(
              () ->
                  pool.map(
                      i -> {
                        Thread.sleep(5);
                        return i + 1;
                      },
                      IntStream.range(0, 3000).boxed().toList(),
                      5));
      Thread.sleep(1500); // the takers block, the map runs
      fixture.redis().restart();
      q.put("one");
      Thread.sleep(1500);
      fixture.redis().kill();
      fixture.redis().restart();
      q.put("two");

      String driver = local.get(2, TimeUnit.MINUTES);
      String job = back.poll(2, TimeUnit.MINUTES);
      assertTrue(driver.startsWith("driver got "), driver);
      assertTrue(job != null && job.startsWith("job got "), "the job's take: " + job);
      assertEquals(
          Set.of("one", "two"),
          Set.of(driver.substring("driver got ".length()), job.substring("job got ".length())),
          "each taker got one element: " + driver + ", " + job);
      assertTrue(taker.join(Duration.ofMinutes(1)), "the job that took ended");
      assertEquals(IntStream.range(1, 3001).boxed().toList(), map.get(4, TimeUnit.MINUTES));
      assertEquals(0, q.size(), "nothing left, nothing taken twice");
    }
  }

  /**
   * Runs {@code body} in a thread of its own: not in the common fork-join pool, whose one or two
   * threads a blocked call would hold while the server is away.
   */
  private static <T> Future<T> background(Callable<T> body) {
    FutureTask<T> task = new FutureTask<>(body);
    Thread thread = new Thread(task, "chaos-background");
    thread.setDaemon(true);
    thread.start();
    return task;
  }

  private static void signal(String name, long pid) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
    assertEquals(0, kill.waitFor());
  }
}

package dev.multitask.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.pool.Pool;
import dev.multitask.redis.client.Connections;
import dev.multitask.redis.client.Redis;
import dev.multitask.redis.client.RedisAddress;
import dev.multitask.redis.sync.RedisLock;
import dev.multitask.redis.tasks.TaskKeys;
import dev.multitask.redis.tasks.Tasks;
import dev.multitask.shared.SharedLongArray;
import dev.multitask.sync.Lock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Network partitions, with a worker JVM (or a lock holder) on an "island": a network namespace of
 * the test's own ({@link NetNamespace}) that reaches the Redis server only through a veth link,
 * which the test cuts ({@code ip link set down}) and heals. Two more workers run on the host side.
 *
 * <p>Run alone with {@code -Dgroups=partition}. Needs root (CAP_NET_ADMIN): without it every test
 * is skipped, with an assumption message that says so.
 */
@Tag("partition")
@Timeout(value = 15, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ClusterPartitionTest {
  private static final String ISLAND = "island";
  private static final int ISLAND_SLOTS = 2;
  private static final int ITEMS = 1500;
  private static final int CHUNK = 5;

  private static NetNamespace ns;
  private static LocalRedis server;
  private static Redis redis;
  private static Tasks tasks;
  private static Process island;
  private static final List<Process> shore = new ArrayList<>();

  @BeforeAll
  static void startTheIslandAndTheShore() throws Exception {
    var why = NetNamespace.unavailable();
    Assumptions.assumeTrue(
        why.isEmpty(), () -> "partition tests skipped: " + why.orElse("") + " (run as root)");
    Assumptions.assumeTrue(
        LocalCluster.available(), "partition tests skipped: redis-server is not installed");
    ns = NetNamespace.create();
    String password = "partition" + Long.toHexString(ThreadLocalRandom.current().nextLong());
    server = LocalRedis.startOn(ns.hostAddress(), password);
    redis = Connections.open(RedisAddress.parse(server.url()));
    tasks = new Tasks(redis);
    for (int i = 1; i <= 2; i++) {
      shore.add(start(LocalCluster.workerCommand(server.url(), "shore" + i, 2)));
    }
    island = start(ns.command(LocalCluster.workerCommand(server.url(), ISLAND, ISLAND_SLOTS)));
    awaitTrue(
        () -> tasks.liveWorkers().size() == 3,
        Duration.ofMinutes(2),
        () -> "the workers did not join: " + tasks.liveWorkers());
  }

  @AfterAll
  static void stopEverything() {
    if (island != null) {
      island.destroyForcibly();
    }
    for (Process p : shore) {
      p.destroyForcibly();
    }
    if (redis != null) {
      Connections.release(redis.address());
    }
    if (server != null) {
      server.close();
    }
    if (ns != null) {
      ns.close();
    }
  }

  /**
   * (a) The island is cut off mid-map: its heartbeat expires, the shore reruns the items it had in
   * flight, and the map completes while the island is still cut off. Healed, the island rejoins,
   * finishes what it held (duplicates, bounded by its in-flight items), and serves alone a second
   * map in which every item runs exactly once.
   */
  @Test
  void map_workerPartitionedMidway_othersRerunItsTasksAndItRejoinsAfterHealing() throws Exception {
    try (Context ctx = Multitask.cluster(server.url())) {
      SharedLongArray runs = ctx.sharedLongArray(ITEMS);
      Pool pool = ctx.pool(12);
      List<Integer> items = IntStream.range(0, ITEMS).boxed().toList();
      Future<List<Integer>> results =
          background(
              () ->
                  pool.map(
                      i -> {
                        runs.addAndGet(i, 1);
                        Thread.sleep(10);
                        return i * 2;
                      },
                      items,
                      CHUNK));
      awaitTrue(
          () -> islandInFlight() > 0,
          Duration.ofMinutes(2),
          () -> "the island never took an item of the map");
      ns.partition();
      try {
        List<Integer> got = results.get(6, TimeUnit.MINUTES);
        assertEquals(items.stream().map(i -> i * 2).toList(), got, "every result, in order");
        assertFalse(
            tasks.liveWorkers().contains(ISLAND),
            "the island, cut off, is taken for dead: " + tasks.liveWorkers());
      } finally {
        ns.heal();
      }

      awaitTrue(
          () -> tasks.liveWorkers().contains(ISLAND),
          Duration.ofMinutes(2),
          () -> "the island did not rejoin after healing: " + tasks.liveWorkers());
      assertTrue(island.isAlive(), "the island worker lives on");

      // the shore leaves (its in-flight work goes back): the island alone serves the next map, so
      // it runs only after the island finished the items it held when it was cut off
      for (Process p : shore) {
        p.getOutputStream().close();
      }
      for (Process p : shore) {
        assertTrue(p.waitFor(1, TimeUnit.MINUTES), "a shore worker did not stop");
      }
      SharedLongArray again = ctx.sharedLongArray(100);
      List<Long> parents =
          pool.map(
              i -> {
                again.addAndGet(i, 1);
                return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
              },
              IntStream.range(0, 100).boxed().toList(),
              1);
      assertEquals(Set.of(island.pid()), new HashSet<>(parents), "the island ran the second map");
      long[] onceEach = again.toArray();
      for (int i = 0; i < onceEach.length; i++) {
        assertEquals(1, onceEach[i], "item " + i + " of the map after healing ran once");
      }

      long[] counts = runs.toArray();
      int duplicated = 0;
      long extra = 0;
      for (int i = 0; i < ITEMS; i++) {
        assertTrue(counts[i] >= 1, "item " + i + " never ran");
        if (counts[i] > 1) {
          duplicated++;
          extra += counts[i] - 1;
        }
      }
      System.out.println(
          "items run again after the partition: " + duplicated + " (" + extra + " extra runs)");
      // the island's takers held one chunk each, and may have taken one more as the link went down
      assertTrue(
          duplicated <= Cluster.maxInFlight(ISLAND_SLOTS) * CHUNK,
          "items run twice beyond the island's in-flight chunks: " + duplicated);
    }
  }

  /**
   * (b) A lock holder on the island is cut off past its lease: the next holder, on the shore, gets
   * the lock with a higher fencing token and learns the last holder vanished; healed, the old
   * holder's fenced write and its unlock are refused.
   */
  @Test
  void lock_holderPartitionedPastItsLease_nextHolderGetsHigherTokenAndLateWriteIsRefused()
      throws Exception {
    try (Context ctx = Multitask.cluster(server.url())) {
      Lock lock = ctx.lock();
      String key = ((RedisLock) lock).key();
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process holder =
          new ProcessBuilder(
                  ns.command(
                      List.of(
                          java,
                          "-Dmultitask.redis.leaseMillis=1500",
                          "-cp",
                          System.getProperty("java.class.path"),
                          LockHolderMain.class.getName(),
                          server.url(),
                          key)))
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      try {
        var out = new BufferedReader(new InputStreamReader(holder.getInputStream()));
        String first = out.readLine();
        assertTrue(first != null && first.startsWith("token "), "holder said: " + first);
        long staleToken = Long.parseLong(first.substring(6));
        ns.partition();
        FencedValue<String> value;
        try {
          assertTrue(lock.tryLock(Duration.ofSeconds(60)), "the lock was not free after the lease");
          FencedLock fenced = (FencedLock) lock;
          assertTrue(
              fenced.fencingToken() > staleToken,
              "token " + fenced.fencingToken() + " after " + staleToken);
          assertTrue(lock.ownerDied(), "the new holder is told the last one vanished");
          value = FencedValue.of(fenced, "v");
          assertTrue(value.write("fresh"));
        } finally {
          ns.heal();
        }

        holder.getOutputStream().write('\n');
        holder.getOutputStream().flush();
        assertEquals("write refused", out.readLine());
        assertEquals("unlock refused", out.readLine());
        assertEquals("fresh", value.read());
        lock.unlock();
        assertTrue(holder.waitFor(1, TimeUnit.MINUTES), "the old holder ended");
      } finally {
        holder.destroyForcibly();
      }
    }
  }

  private static long islandInFlight() {
    return redis.call(
        c -> {
          return c.llen(TaskKeys.inflightJobs(ISLAND)) + c.llen(TaskKeys.inflightTasks(ISLAND));
        });
  }

  private static Process start(List<String> command) throws IOException {
    return new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.INHERIT)
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .redirectInput(ProcessBuilder.Redirect.PIPE)
        .start();
  }

  private static void awaitTrue(
      BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> message)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError(message.get() + " (waited " + timeout + ")");
      }
      Thread.sleep(50);
    }
  }

  /** Runs {@code body} in a thread of its own, not in the common pool. */
  private static <T> Future<T> background(Callable<T> body) {
    FutureTask<T> task = new FutureTask<>(body);
    Thread thread = new Thread(task, "partition-background");
    thread.setDaemon(true);
    thread.start();
    return task;
  }
}

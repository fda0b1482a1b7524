package dev.multitask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.ipc.Queue;
import dev.multitask.process.sync.RemoteWaits;
import dev.multitask.shared.SharedLong;
import dev.multitask.shared.SharedMemory;
import dev.multitask.sync.Event;
import dev.multitask.sync.Lock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shared memory of process objects goes away when it should: with its context, or before that
 * once nothing holds an object that never left the process; mappings, files and descriptors stay
 * flat over thousands of objects, in the parent and in a worker that receives them. A JVM that kept
 * every mapping aborted at ~65 000 ({@code vm.max_map_count}).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SharedMemoryReclaimTest {
  private static final int CYCLES = 2_000;

  /** Mappings and files a test may leave at a check: a few objects still in use. */
  private static final int SLACK = 16;

  private static String shmDir() {
    String dir = System.getenv("MULTITASK_SHM_DIR");
    return dir == null || dir.isBlank() ? "/dev/shm" : dir;
  }

  /** This JVM's mappings of multitask segments. */
  static long mappings() throws IOException {
    String prefix = shmDir() + "/multitask-";
    try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
      return lines.filter(l -> l.contains(prefix)).count();
    }
  }

  /** The segment files named after this JVM, the per-process wait table aside. */
  private static long files() throws IOException {
    String prefix = "multitask-" + ProcessHandle.current().pid() + "-";
    try (Stream<Path> files = Files.list(Path.of(shmDir()))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(prefix) && !n.endsWith(RemoteWaits.TABLE_SUFFIX))
          .count();
    }
  }

  private static long fds() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  /**
   * Collects until {@code count} is at most {@code limit}, for at most 20 s; returns the last
   * count.
   */
  private static long collectUntil(LongSupplier count, long limit) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (count.getAsLong() > limit && System.nanoTime() < deadline) {
      System.gc();
      Thread.sleep(20);
    }
    return count.getAsLong();
  }

  private static long unchecked(IoCount count) {
    try {
      return count.get();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  interface IoCount {
    long get() throws IOException;
  }

  @Test
  void contexts_openedAndClosedThousandsOfTimes_leaveMappingsFilesAndFdsFlat() throws Exception {
    long fds = fds();
    long mappings = mappings(); // a per-process table of earlier tests, which lives until exit
    for (int i = 0; i < CYCLES; i++) {
      try (Context ctx = Multitask.processes(ProcessOptions.defaults().standby(0))) {
        ctx.lock().tryLock();
        ctx.event().set();
        ctx.sharedLong(i).lock();
        ctx.condition();
        ctx.<Integer>queue().offer(i);
        ctx.sharedMemory(64);
      }
    }
    // shared memory, as Python's, is unmapped by its close() or once nothing holds it
    assertTrue(
        collectUntil(() -> unchecked(SharedMemoryReclaimTest::mappings), mappings) <= mappings,
        "mappings left by closed contexts: " + mappings() + ", before: " + mappings);
    assertEquals(0, files(), "files left by closed contexts");
    assertTrue(fds() <= fds + 3, "descriptors went from " + fds + " to " + fds());
  }

  @Test
  void objectsDroppedWithoutBeingSent_areReclaimedWhileTheContextIsOpen() throws Exception {
    // what other tests of this JVM still map or own is theirs: only growth counts
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(20);
    }
    long mappings = mappings();
    long files = files();
    try (Context ctx = Multitask.processes(ProcessOptions.defaults().standby(0))) {
      for (int i = 0; i < CYCLES; i++) {
        ctx.lock().tryLock();
        ctx.rlock().lock();
        ctx.semaphore(1).tryAcquire();
        ctx.barrier(2);
        Queue<Integer> q = ctx.queue();
        q.put(i);
        q.take();
        q.close();
      }
      assertTrue(
          collectUntil(() -> unchecked(SharedMemoryReclaimTest::mappings), mappings + SLACK)
              <= mappings + SLACK,
          "mappings of dropped objects: " + mappings() + ", before: " + mappings);
      assertTrue(
          collectUntil(() -> unchecked(SharedMemoryReclaimTest::files), files + SLACK)
              <= files + SLACK,
          "files of dropped objects: " + files() + ", before: " + files);
    }
  }

  /** A lock that went to a child is kept until the context closes, though the parent dropped it. */
  @Test
  void objectSentToAChild_isKeptUntilTheContextCloses() throws Exception {
    try (Context ctx = Multitask.processes()) {
      Event go = ctx.event();
      Job<Boolean> child = startUser(ctx, go);
      for (int i = 0; i < 5; i++) {
        System.gc();
        Thread.sleep(20);
      }
      go.set();
      assertTrue(child.result(), "the child used the lock the parent had dropped");
    }
    assertEquals(0, files(), "files left after the context closed");
  }

  // the lock is made and dropped here: only the child's job refers to it
  private static Job<Boolean> startUser(Context ctx, Event go) {
    Lock lock = ctx.lock();
    return ctx.start(
        () -> {
          go.await();
          boolean locked = lock.tryLock(java.time.Duration.ofSeconds(10));
          lock.unlock();
          return locked;
        });
  }

  /** A worker that receives thousands of objects and drops them keeps its mappings flat too. */
  @Test
  void objectsReceivedByAWorker_areUnmappedThereOnceDropped() throws Exception {
    try (Context ctx = Multitask.processes()) {
      Queue<SharedLong> values = ctx.queue();
      Job<Long> child =
          ctx.start(
              () -> {
                long sum = 0;
                for (int i = 0; i < CYCLES; i++) {
                  sum += values.take().get();
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (mappings() > SLACK && System.nanoTime() < deadline) {
                  System.gc();
                  Thread.sleep(20);
                }
                return mappings() * 1_000_000_000L + sum;
              });
      long expected = 0;
      for (int i = 0; i < CYCLES; i++) {
        values.put(ctx.sharedLong(i));
        expected += i;
      }
      long answer = child.result();
      assertEquals(expected, answer % 1_000_000_000L, "every value arrived");
      assertTrue(
          answer / 1_000_000_000L <= SLACK, "the worker still maps " + answer / 1_000_000_000L);
    }
  }

  @Test
  void objectsOfAClosedContext_failWithAClearMessage() {
    Lock lock;
    SharedMemory memory;
    Queue<String> queue;
    try (Context ctx = Multitask.processes(ProcessOptions.defaults().standby(0))) {
      lock = ctx.lock();
      memory = ctx.sharedMemory(8);
      queue = ctx.queue();
    }
    var e = assertThrows(IllegalStateException.class, lock::tryLock);
    assertTrue(e.getMessage().contains("context that made it closed"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> queue.put("x"));
    memory.close();
    assertThrows(IllegalStateException.class, () -> SharedMemory.attach(memory.name()), "unlinked");
  }
}

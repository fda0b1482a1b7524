package dev.multitask.process.ipc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.codec.Codec;
import dev.multitask.ipc.QueueClosedException;
import dev.multitask.process.shm.Futex;
import dev.multitask.process.shm.Liveness;
import dev.multitask.process.shm.MemoryAccess;
import dev.multitask.process.shm.RobustMutex;
import dev.multitask.process.shm.SegmentFiles;
import dev.multitask.process.shm.SharedSegment;
import dev.multitask.process.shm.ShmLeaks;
import dev.multitask.spi.QueueOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The process queue's own mechanics in one JVM: chaining, large elements, heaps, handles. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShmQueueTest {
  private final List<ShmQueue<?>> made = new ArrayList<>();

  private <T> ShmQueue<T> queue(QueueOrder order, int capacity) {
    ShmQueue<T> q = ShmQueue.create(order, capacity, null);
    made.add(q);
    return q;
  }

  @AfterEach
  void release() {
    made.forEach(ShmQueue::release);
  }

  @Test
  void unboundedQueue_chainsRingsWithoutBlockingAndKeepsOrder() throws Exception {
    ShmQueue<String> q = queue(QueueOrder.FIFO, 0);
    int n = 200_000; // ~ 40 bytes each: several times the first ring
    for (int i = 0; i < n; i++) {
      assertTrue(q.offer("element number " + i + " of the chain"));
    }
    assertEquals(n, q.size());
    for (int i = 0; i < n; i++) {
      assertEquals("element number " + i + " of the chain", q.take());
    }
    assertNull(q.poll());
  }

  /*
   * The soak lost hundreds of elements this way: each consumer stopped at its first null from
   * poll(timeout) on a closed queue, and that null only said that another taker (a process stopped
   * by a signal) held the queue past the timeout.
   */
  @Test
  void poll_closedQueueHeldByAnotherTaker_timesOutButTakeReturnsTheRest() throws Exception {
    ShmQueue<String> q = queue(QueueOrder.FIFO, 0);
    q.put("a");
    q.put("b");
    q.close();
    RobustMutex held = q.readLock();
    Thread stoppedTaker =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    held.lock(Futex.FOREVER, null);
                    try {
                      Thread.sleep(400);
                    } finally {
                      held.unlock("the test's taker");
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    while (!held.isLocked()) {
      Thread.onSpinWait();
    }
    long t0 = System.nanoTime();
    assertNull(q.poll(50, TimeUnit.MILLISECONDS)); // honours its timeout...
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5));
    assertTrue(q.isClosed()); // ...on a closed queue that still holds two elements
    assertEquals("a", q.take()); // the way to finish: take until it throws
    assertEquals("b", q.take());
    assertThrows(QueueClosedException.class, q::take);
    stoppedTaker.join();
  }

  @Test
  void largeElement_travelsOutOfLineAndLeavesNoFile() throws Exception {
    ShmQueue<byte[]> q = queue(QueueOrder.FIFO, 0);
    byte[] big = new byte[3 * 1024 * 1024];
    new Random(1).nextBytes(big);
    q.put(big);
    q.put(new byte[] {1, 2, 3});
    assertArrayEquals(big, q.take());
    assertArrayEquals(new byte[] {1, 2, 3}, q.take());
  }

  @Test
  void iterator_walksEveryRingOfTheChainAndLargeElements_takingNothing() throws Exception {
    ShmQueue<Object> q = queue(QueueOrder.FIFO, 0);
    byte[] big = new byte[ChainDescriptor.MAX_INLINE + 1];
    new Random(3).nextBytes(big);
    int n = 20_000; // ~ 32 bytes of ring each: more than the first ring
    q.put("taken before the walk");
    q.put(big);
    for (int i = 0; i < n; i++) {
      q.put("element " + i);
    }
    q.take();

    List<Object> walked = new ArrayList<>();
    q.iterator().forEachRemaining(walked::add);

    assertEquals(n + 1, walked.size());
    assertArrayEquals(big, (byte[]) walked.get(0));
    for (int i = 0; i < n; i++) {
      assertEquals("element " + i, walked.get(i + 1));
    }
    assertArrayEquals(big, (byte[]) q.take(), "the large element's file is still there to take");
    for (int i = 0; i < n; i++) {
      assertEquals("element " + i, q.take());
    }
  }

  @Test
  void iterator_ofGrownHeaps_walksInTakeOrder() throws Exception {
    ShmQueue<Integer> lifo = queue(QueueOrder.LIFO, 0);
    ShmQueue<Integer> priority = queue(QueueOrder.PRIORITY, 0);
    Random random = new Random(11);
    List<Integer> put = new ArrayList<>();
    for (int i = 0; i < 1000; i++) { // more than the first segment's slots
      int v = random.nextInt(100);
      put.add(v);
      lifo.put(v);
      priority.put(v);
    }

    List<Integer> walked = new ArrayList<>();
    lifo.iterator().forEachRemaining(walked::add);
    assertEquals(put.reversed(), walked);
    walked.clear();
    priority.iterator().forEachRemaining(walked::add);
    assertEquals(put.stream().sorted().toList(), walked);
    for (int v : walked) {
      assertEquals(v, priority.take());
    }
  }

  @Test
  void lifo_growsPastItsFirstSegment() throws Exception {
    ShmQueue<Integer> q = queue(QueueOrder.LIFO, 0);
    for (int i = 0; i < 5000; i++) {
      q.put(i);
    }
    for (int i = 4999; i >= 0; i--) {
      assertEquals(i, q.take());
    }
  }

  @Test
  void priority_randomInput_comesOutSorted_equalOnesInInsertionOrder() throws Exception {
    ShmQueue<Long> q = queue(QueueOrder.PRIORITY, 0);
    Random random = new Random(7);
    List<Long> values = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      long v = random.nextInt(100);
      values.add(v);
      q.put(v);
      if (i % 7 == 0) { // interleave takes so the arena gets holes and compacts
        Long least = values.stream().min(Long::compare).orElseThrow();
        assertEquals(least, q.take());
        values.remove(least);
      }
    }
    values.sort(null);
    for (long v : values) {
      assertEquals(v, q.take());
    }
  }

  /** A put whose comparison throws (an element of another type) leaves the queue as it was. */
  @Test
  void priority_putOfIncomparableElement_failsAndChangesNothing() throws Exception {
    ShmQueue<Object> q = queue(QueueOrder.PRIORITY, 0);
    q.put(5);
    q.put(1);
    assertThrows(ClassCastException.class, () -> q.put("a"));
    assertEquals(2, q.size());
    q.put(3);
    assertEquals(1, q.take());
    assertEquals(3, q.take());
    assertEquals(5, q.take());
    assertNull(q.poll());
  }

  @Test
  void recover_rebuildsTheHeapFromLiveRecords() throws Exception {
    ShmQueue<Integer> q = queue(QueueOrder.PRIORITY, 0);
    for (int i = 0; i < 100; i++) {
      q.put((i * 37) % 100);
    }
    // what a taker of a lock left by a dead process does
    HeapStore store =
        HeapStore.attach(
            QueueControl.attach(q.name()),
            (a, b) -> Integer.compare((Integer) Codec.decode(a), (Integer) Codec.decode(b)));
    store.recover(true);
    store.close();
    for (int i = 0; i < 100; i++) {
      assertEquals(i, q.take());
    }
  }

  @Test
  void bounded_countsElements() throws Exception {
    ShmQueue<Integer> q = queue(QueueOrder.FIFO, 2);
    assertTrue(q.offer(1));
    assertTrue(q.offer(2));
    assertFalse(q.offer(3));
    assertFalse(q.offer(3, 50, TimeUnit.MILLISECONDS));
    assertEquals(0, q.remainingCapacity());
    assertEquals(1, q.take());
    assertTrue(q.offer(3));
  }

  @Test
  void closedQueue_drainsThenTakeFails() throws Exception {
    ShmQueue<Integer> q = queue(QueueOrder.FIFO, 0);
    q.put(1);
    q.close();
    assertThrows(QueueClosedException.class, () -> q.put(2));
    assertEquals(1, q.take());
    assertThrows(QueueClosedException.class, q::take);
    assertNull(q.poll(1, TimeUnit.SECONDS));
  }

  @Test
  void handle_resolvesToTheSameInstanceInThisJvm() {
    ShmQueue<Integer> q = queue(QueueOrder.FIFO, 0);
    Object copy = Codec.decode(Codec.encode(q));
    assertTrue(copy == q);
  }

  @Test
  void release_removesEverySegment() throws Exception {
    ShmQueue<String> q = ShmQueue.create(QueueOrder.FIFO, 0, null);
    for (int i = 0; i < 100_000; i++) {
      q.put("x".repeat(20));
    }
    String name = q.name();
    q.release();
    assertThrows(IllegalStateException.class, () -> QueueControl.attach(name));
    assertThrows(IllegalStateException.class, () -> q.put("after"));
  }

  /**
   * With a live process (pid 1 here, as a stopped consumer would) holding a queue's internal lock,
   * every timed and non-blocking call returns within its time, and close() does not hang.
   */
  @Test
  void everyTimedCall_whileALiveProcessHoldsTheQueueLock_keepsItsTime() throws Exception {
    for (QueueOrder order : QueueOrder.values()) {
      ShmQueue<String> q = queue(order, 4);
      q.put("a");
      try (SharedSegment control = SharedSegment.attach(q.name())) {
        holdAsInit(control, QueueDescriptor.PRODUCER_LOCK_OFFSET);
        holdAsInit(control, QueueDescriptor.CONSUMER_LOCK_OFFSET);
        assertWithin(500, () -> assertNull(q.poll()), order + " poll()");
        assertWithin(500, () -> assertNull(q.peek()), order + " peek()");
        assertWithin(500, () -> assertFalse(q.offer("b")), order + " offer()");
        assertWithin(
            1000, () -> assertNull(q.poll(200, TimeUnit.MILLISECONDS)), order + " poll(200 ms)");
        assertWithin(
            1000,
            () -> assertFalse(q.offer("b", 200, TimeUnit.MILLISECONDS)),
            order + " offer(200 ms)");
        assertWithin(5000, q::close, order + " close()");
        assertTrue(q.isClosed());
        MemoryAccess.setIntRelease(control.memory(), QueueDescriptor.PRODUCER_LOCK_OFFSET, 0);
        MemoryAccess.setIntRelease(control.memory(), QueueDescriptor.CONSUMER_LOCK_OFFSET, 0);
      }
      assertEquals("a", q.poll(), "the element is still there once the lock is free");
    }
  }

  private static void holdAsInit(SharedSegment control, long lockOffset) {
    assertTrue(Liveness.alive(1L << 32), "pid 1 runs");
    MemoryAccess.setLongRelease(control.memory(), lockOffset + 8, 1L << 32);
    MemoryAccess.setIntRelease(control.memory(), lockOffset, 1);
  }

  interface Call {
    void run() throws Exception;
  }

  private static void assertWithin(long millis, Call call, String what) throws Exception {
    long start = System.nanoTime();
    call.run();
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(took < millis, what + " took " + took + " ms, more than " + millis);
  }

  /** A control file truncated by another process made the next poll() kill the JVM with SIGBUS. */
  @Test
  void truncatedControlFile_failsEachCallClearly_andReleases() throws Exception {
    ShmQueue<String> q = queue(QueueOrder.FIFO, 0);
    q.put("a");
    List<String> names = ShmLeaks.ours();
    try (java.nio.channels.FileChannel file =
        java.nio.channels.FileChannel.open(
            SegmentFiles.directory().resolve(q.name()), java.nio.file.StandardOpenOption.WRITE)) {
      file.truncate(0);
    }
    for (Call call :
        List.<Call>of(
            q::poll, () -> q.put("b"), q::peek, () -> q.poll(10, TimeUnit.MILLISECONDS))) {
      var e = assertThrows(IllegalStateException.class, call::run);
      assertTrue(
          e.getMessage().contains("is damaged") && e.getMessage().contains("truncated"),
          e.getMessage());
    }
    q.release(); // and the release does not throw
    for (String name : names) { // the rings a truncated control segment no longer names
      SegmentFiles.unlink(SegmentFiles.directory().resolve(name));
    }
  }

  /**
   * A name field overwritten with garbage surfaces as a damaged queue, not a bare
   * IllegalArgumentException; the context still closes, and a name that points outside the segment
   * directory removes nothing there.
   */
  @Test
  void overwrittenRingName_failsClearly_andTheContextStillCloses() throws Exception {
    java.nio.file.Path canary = java.nio.file.Files.createTempFile("multitask-canary", ".txt");
    String outside = SegmentFiles.directory().relativize(canary).toString();
    assertTrue(outside.startsWith(".."), outside);
    dev.multitask.Context ctx =
        dev.multitask.Multitask.processes(dev.multitask.ProcessOptions.defaults().standby(0));
    dev.multitask.ipc.Queue<String> q = ctx.queue();
    q.put("a");
    List<String> before = ShmLeaks.ours();
    try (SharedSegment control = SharedSegment.attach(((ShmQueue<?>) q).name())) {
      MemoryAccess.setAscii(
          control.memory(),
          QueueDescriptor.WRITE_NAME_OFFSET,
          QueueDescriptor.NAME_FIELD_LENGTH,
          outside);
      MemoryAccess.setAscii(
          control.memory(),
          QueueDescriptor.READ_NAME_OFFSET,
          QueueDescriptor.NAME_FIELD_LENGTH,
          outside);
      // the generations make every process re-read the names
      MemoryAccess.setLongRelease(control.memory(), QueueDescriptor.WRITE_GEN_OFFSET, 99);
      MemoryAccess.setLongRelease(control.memory(), QueueDescriptor.READ_GEN_OFFSET, 99);
    }
    try {
      var e = assertThrows(IllegalStateException.class, () -> q.put("b"));
      assertTrue(e.getMessage().contains("is damaged"), e.getMessage());
      ctx.close(); // logs what it could not remove, and does not throw
      assertTrue(
          java.nio.file.Files.exists(canary), "a file outside the segment directory was removed");
    } finally {
      java.nio.file.Files.deleteIfExists(canary);
      for (String name : before) { // the rings the damaged names no longer lead to
        SegmentFiles.unlink(SegmentFiles.directory().resolve(name));
      }
    }
  }
}

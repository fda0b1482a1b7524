package dev.multitask.process.ipc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.process.shm.MemoryAccess;
import dev.multitask.process.shm.SharedSegment;
import dev.multitask.process.shm.ShmLeaks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Tiers 1-2: one ring, threads of this JVM. */
class SharedRingTest {
  private static final long SANITY_NANOS = TimeUnit.SECONDS.toNanos(30);

  @AfterAll
  static void allTests_leaveNoSegment() throws IOException {
    assertEquals(Set.of(), Set.copyOf(ShmLeaks.ours()));
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void singleThread_deliversInFifoOrder() {
    try (SharedRing ring = SharedRing.create(1024)) {
      for (int i = 0; i < 10; i++) {
        assertTrue(ring.offer(new byte[] {(byte) i, 7}));
      }
      assertTrue(ring.offer(new byte[0]));
      for (int i = 0; i < 10; i++) {
        assertArrayEquals(new byte[] {(byte) i, 7}, ring.poll());
      }
      assertArrayEquals(new byte[0], ring.poll());
      assertNull(ring.poll());
    }
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void attach_byName_isTheSameRing() {
    try (SharedRing ring = SharedRing.create(64);
        SharedRing other = SharedRing.attach(ring.name())) {
      assertEquals(64, other.capacity());
      assertTrue(ring.offer(new byte[] {42}));
      assertArrayEquals(new byte[] {42}, other.poll());
    }
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void create_capacityNotPowerOfTwo_isRejected() {
    var e = assertThrows(IllegalArgumentException.class, () -> SharedRing.create(100));
    assertTrue(e.getMessage().contains("capacity=100"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SharedRing.create(32));
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void offer_messageLargerThanCapacityMinusHeader_isRejected() {
    try (SharedRing ring = SharedRing.create(256)) {
      var e = assertThrows(IllegalArgumentException.class, () -> ring.offer(new byte[249]));
      assertTrue(
          e.getMessage().contains("length=249") && e.getMessage().contains("maxMessageLength=248"),
          e.getMessage());
      // the largest message fits an empty ring wherever tail stands, padding first if need be
      assertTrue(ring.offer(new byte[24]));
      assertEquals(24, ring.poll().length);
      assertTrue(ring.offer(new byte[248]));
      assertEquals(248, ring.poll().length);
    }
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void offer_whenFull_isRefused() throws InterruptedException {
    try (SharedRing ring = SharedRing.create(64)) {
      assertTrue(ring.offer(new byte[24])); // 32-byte records: two fill 64 bytes
      assertTrue(ring.offer(new byte[24]));
      assertFalse(ring.offer(new byte[0]));
      assertFalse(ring.offer(new byte[0], TimeUnit.MILLISECONDS.toNanos(50)));
      assertEquals(24, ring.poll().length);
      assertTrue(ring.offer(new byte[0]));
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void put_blockedWhenFull_returnsOnceConsumerPolls() throws Exception {
    try (SharedRing ring = SharedRing.create(64)) {
      ring.put(new byte[56]);
      CompletableFuture<Void> put =
          CompletableFuture.runAsync(() -> uncheck(() -> ring.put(new byte[] {9})));
      awaitWaiter(ring, SharedRingDescriptor.NOT_FULL_WAITERS_OFFSET);
      assertEquals(56, ring.poll().length);
      put.get(30, TimeUnit.SECONDS);
      assertArrayEquals(new byte[] {9}, ring.take());
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void take_blockedWhenEmpty_returnsOnceProducerPuts() throws Exception {
    try (SharedRing ring = SharedRing.create(64)) {
      assertNull(ring.poll());
      assertNull(ring.poll(TimeUnit.MILLISECONDS.toNanos(50)));
      CompletableFuture<byte[]> take = CompletableFuture.supplyAsync(() -> uncheck(ring::take));
      awaitWaiter(ring, SharedRingDescriptor.NOT_EMPTY_WAITERS_OFFSET);
      ring.put(new byte[] {5});
      assertArrayEquals(new byte[] {5}, take.get(30, TimeUnit.SECONDS));
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void blockedTakeOrPut_interrupted_throwsInterrupted() throws Exception {
    try (SharedRing ring = SharedRing.create(64)) {
      List<Throwable> failures = new ArrayList<>();
      Thread taker = Thread.ofPlatform().start(() -> failures.add(catching(ring::take)));
      awaitWaiter(ring, SharedRingDescriptor.NOT_EMPTY_WAITERS_OFFSET);
      taker.interrupt();
      taker.join();
      ring.put(new byte[56]);
      Thread putter =
          Thread.ofPlatform()
              .start(
                  () ->
                      failures.add(
                          catching(
                              () -> {
                                ring.put(new byte[1]);
                                return null;
                              })));
      awaitWaiter(ring, SharedRingDescriptor.NOT_FULL_WAITERS_OFFSET);
      putter.interrupt();
      putter.join();
      assertEquals(2, failures.size());
      failures.forEach(f -> assertInstanceOf(InterruptedException.class, f));
      assertEquals(56, ring.poll().length, "the interrupted calls transferred nothing");
      assertNull(ring.poll());
    }
  }

  /** 100k messages of 0..300 bytes through 4 KiB: every record shape at every wrap position. */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void wrappingRecords_keepOrderAndContent() throws Exception {
    int count = 100_000;
    try (SharedRing ring = SharedRing.create(4096)) {
      CompletableFuture<Long> producer =
          CompletableFuture.supplyAsync(
              () ->
                  uncheck(
                      () -> {
                        long sum = 0;
                        for (int i = 0; i < count; i++) {
                          byte[] msg = message(i);
                          sum += checksum(msg);
                          ring.put(msg);
                        }
                        return sum;
                      }));
      long sum = 0;
      for (int i = 0; i < count; i++) {
        byte[] msg = ring.poll(SANITY_NANOS);
        assertNotNull(msg, "message " + i + " missing");
        assertArrayEquals(message(i), msg, "message " + i);
        sum += checksum(msg);
      }
      assertEquals(producer.get(), sum);
      assertNull(ring.poll());
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void fourProducersFourConsumers_deliverEachMessageOnce() throws Exception {
    int producers = 4;
    int consumers = 4;
    int perProducer = 50_000;
    int total = producers * perProducer;
    try (SharedRing ring = SharedRing.create(1 << 14)) {
      List<CompletableFuture<?>> all = new ArrayList<>();
      for (int p = 0; p < producers; p++) {
        long id = p;
        all.add(
            CompletableFuture.runAsync(
                () ->
                    uncheck(
                        () -> {
                          for (int i = 0; i < perProducer; i++) {
                            ring.put(ByteBuffer.allocate(8).putLong(id << 32 | i).array());
                          }
                        }),
                r -> Thread.ofPlatform().start(r))); // futex waits pin a virtual thread's carrier
      }
      AtomicInteger received = new AtomicInteger();
      List<CompletableFuture<List<Long>>> taken = new ArrayList<>();
      for (int c = 0; c < consumers; c++) {
        taken.add(
            CompletableFuture.supplyAsync(
                () ->
                    uncheck(
                        () -> {
                          List<Long> mine = new ArrayList<>();
                          while (received.get() < total) {
                            byte[] msg = ring.poll(TimeUnit.MILLISECONDS.toNanos(10));
                            if (msg != null) {
                              mine.add(ByteBuffer.wrap(msg).getLong());
                              received.incrementAndGet();
                            }
                          }
                          return mine;
                        }),
                r -> Thread.ofPlatform().start(r))); // futex waits pin a virtual thread's carrier
      }
      for (CompletableFuture<?> f : all) {
        f.get(100, TimeUnit.SECONDS);
      }
      BitSet[] seen = new BitSet[producers];
      for (int p = 0; p < producers; p++) {
        seen[p] = new BitSet(perProducer);
      }
      for (CompletableFuture<List<Long>> f : taken) {
        int[] last = {-1, -1, -1, -1};
        for (long v : f.get(100, TimeUnit.SECONDS)) {
          int p = (int) (v >>> 32);
          int i = (int) v;
          assertFalse(seen[p].get(i), "duplicate " + p + "/" + i);
          seen[p].set(i);
          assertTrue(i > last[p], "one consumer sees a producer's messages in order");
          last[p] = i;
        }
      }
      for (int p = 0; p < producers; p++) {
        assertEquals(perProducer, seen[p].cardinality(), "producer " + p + " lost messages");
      }
      assertNull(ring.poll());
    }
  }

  /** Not a benchmark (JMH's job): a rough figure for the report, no assertion. */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void oneProducerOneConsumer_printsRoughThroughput() throws Exception {
    int count = 2_000_000;
    try (SharedRing ring = SharedRing.create(1 << 16)) {
      byte[] msg = new byte[8];
      long start = System.nanoTime();
      CompletableFuture<Void> producer =
          CompletableFuture.runAsync(
              () ->
                  uncheck(
                      () -> {
                        for (int i = 0; i < count; i++) {
                          ring.put(msg);
                        }
                      }));
      for (int i = 0; i < count; i++) {
        assertNotNull(ring.poll(SANITY_NANOS));
      }
      producer.get();
      long nanos = System.nanoTime() - start;
      System.out.printf(
          "SharedRing 1 -> 1 threads, 8-byte messages: %.2f M msgs/s (%d in %d ms)%n",
          count * 1e3 / nanos, count, nanos / 1_000_000);
    }
  }

  private static byte[] message(int i) {
    SplittableRandom random = new SplittableRandom(i);
    byte[] msg = new byte[random.nextInt(301)];
    for (int j = 0; j < msg.length; j++) {
      msg[j] = (byte) (i * 31 + j);
    }
    return msg;
  }

  private static long checksum(byte[] msg) {
    long sum = msg.length;
    for (byte b : msg) {
      sum = sum * 31 + b;
    }
    return sum;
  }

  private static void awaitWaiter(SharedRing ring, long waitersOffset) throws Exception {
    try (SharedSegment view = SharedSegment.attach(ring.name())) {
      long deadline = System.nanoTime() + SANITY_NANOS;
      while (MemoryAccess.intVolatile(view.memory(), waitersOffset) == 0) {
        assertTrue(System.nanoTime() < deadline, "no waiter within 30 s");
        Thread.sleep(1);
      }
    }
  }

  interface Body<T> {
    T run() throws Exception;
  }

  interface VoidBody {
    void run() throws Exception;
  }

  private static <T> T uncheck(Body<T> body) {
    try {
      return body.run();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void uncheck(VoidBody body) {
    uncheck(
        () -> {
          body.run();
          return null;
        });
  }

  private static Throwable catching(Body<?> body) {
    try {
      body.run();
      return new AssertionError("returned normally");
    } catch (Exception e) {
      return e;
    }
  }
}

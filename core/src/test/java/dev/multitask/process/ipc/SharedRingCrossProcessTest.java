package dev.multitask.process.ipc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.process.shm.ChildJvm;
import dev.multitask.process.shm.RobustMutex;
import dev.multitask.process.shm.ShmLeaks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 3: rings shared with child JVMs ({@link RingChildMain}), including children killed holding a
 * lock.
 */
public class SharedRingCrossProcessTest {
  private static final long SANITY_NANOS = TimeUnit.SECONDS.toNanos(60);

  @TempDir Path scratch;

  @AfterAll
  static void allTests_leaveNoSegment() throws IOException {
    assertEquals(Set.of(), Set.copyOf(ShmLeaks.ours()));
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void childProducer_deliversEveryMessageOnce() throws Exception {
    consumeFromChild(200_000, false);
  }

  /**
   * The portable path: the child's waits poll, since it cannot be woken by this JVM's futex wakes.
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void childWithoutNativeAccess_deliversEveryMessageOnce() throws Exception {
    consumeFromChild(20_000, true);
  }

  private void consumeFromChild(int count, boolean noNative) throws Exception {
    try (SharedRing ring = SharedRing.create(1 << 16);
        ChildJvm child =
            ChildJvm.start(
                scratch, noNative, RingChildMain.class, "produce", ring.name(), "" + count)) {
      long start = System.nanoTime();
      for (long expected = 0; expected < count; expected++) {
        byte[] msg = ring.poll(SANITY_NANOS);
        assertNotNull(msg, "no message " + expected + " within 60 s\n" + child.output());
        // one producer: FIFO, so every number exactly once means exactly this sequence
        assertEquals(expected, ByteBuffer.wrap(msg).getLong());
      }
      long nanos = System.nanoTime() - start;
      assertEquals(0, child.awaitExit(60), child.output());
      assertNull(ring.poll());
      System.out.printf(
          "child (noNative=%b) -> parent: %d messages in %d ms (child start-up included)%n",
          noNative, count, nanos / 1_000_000);
    }
  }

  /** A producer SIGKILLed mid-record: its lock is taken over, its torn record never comes out. */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void producerLock_holderKilledMidRecord_isTakenOver() throws Exception {
    try (SharedRing ring = SharedRing.create(4096)) {
      ring.put(new byte[] {1});
      try (ChildJvm child =
          ChildJvm.start(scratch, false, RingChildMain.class, "hold-producer", ring.name())) {
        child.awaitLine("LOCKED", 60);
        assertEquals(
            RobustMutex.Outcome.TIMED_OUT,
            ring.producerLock().lock(TimeUnit.MILLISECONDS.toNanos(100), null));
        child.process().destroyForcibly();
        assertTrue(child.process().waitFor(60, TimeUnit.SECONDS));
      }
      assertEquals(RobustMutex.Outcome.OWNER_DIED, ring.producerLock().lock(SANITY_NANOS, null));
      ring.producerLock().unlock("ring");
      ring.put(new byte[] {2});
      assertArrayEquals(new byte[] {1}, ring.take());
      assertArrayEquals(new byte[] {2}, ring.take());
      assertNull(ring.poll());
      ring.put(new byte[] {3});
      assertArrayEquals(new byte[] {3}, ring.take());
    }
  }

  /** A consumer SIGKILLed holding its lock: the ring's next poll takes over and loses nothing. */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void consumerLock_holderKilled_isTakenOver() throws Exception {
    try (SharedRing ring = SharedRing.create(4096)) {
      ring.put(new byte[] {1});
      try (ChildJvm child =
          ChildJvm.start(scratch, false, RingChildMain.class, "hold-consumer", ring.name())) {
        child.awaitLine("LOCKED", 60);
        child.process().destroyForcibly();
        assertTrue(child.process().waitFor(60, TimeUnit.SECONDS));
      }
      ring.put(new byte[] {2});
      assertArrayEquals(new byte[] {1}, ring.take());
      assertEquals(1, ring.consumerTakeovers());
      assertArrayEquals(new byte[] {2}, ring.take());
      assertNull(ring.poll());
    }
  }
}

package dev.multitask.process.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.process.ipc.SharedRingCrossProcessTest;
import dev.multitask.process.shm.RobustMutex.Outcome;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Tiers 1-2 of {@link RobustMutex}: the holder's pid is written into the state word by hand, so a
 * dead or a live foreign holder needs no child JVM; the takeover from a killed child runs in {@link
 * SharedRingCrossProcessTest} and {@code ProcessSyncRobustnessTest}.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class RobustMutexTest {
  private static final long BASE = 32;

  @AfterAll
  static void leaveNoSegment() throws IOException {
    assertEquals(Set.of(), Set.copyOf(ShmLeaks.ours()));
  }

  /** A pid that is certainly gone: a child that has exited and been reaped. */
  private static long deadPid() throws Exception {
    Process done = new ProcessBuilder("true").start();
    done.waitFor();
    return done.pid();
  }

  private static void holdAs(SharedSegment segment, long pid, long ownerWord) {
    MemoryAccess.setLongRelease(segment.memory(), BASE + 8, ownerWord);
    MemoryAccess.setIntRelease(segment.memory(), BASE, (int) pid);
  }

  @Test
  void unlock_ofAFreeMutex_throwsNamingTheObject() {
    try (SharedSegment segment = SharedSegment.create(64)) {
      RobustMutex mutex = new RobustMutex(segment.memory(), BASE);
      assertEquals(Outcome.LOCKED, mutex.tryLock());
      assertTrue(mutex.isHeldByCurrentThread());
      assertEquals(Outcome.TIMED_OUT, mutex.tryLock(), "not reentrant");
      mutex.unlock("the lock");
      var e = assertThrows(IllegalStateException.class, () -> mutex.unlock("the lock"));
      assertTrue(e.getMessage().startsWith("the lock is not locked"), e.getMessage());
    }
  }

  @Test
  void constructor_outsideTheSegmentOrMisaligned_isRefused() {
    try (SharedSegment segment = SharedSegment.create(64)) {
      assertThrows(IllegalArgumentException.class, () -> new RobustMutex(segment.memory(), 40));
      assertThrows(IllegalArgumentException.class, () -> new RobustMutex(segment.memory(), 4));
    }
  }

  @Test
  void lock_whileAnotherThreadHolds_timesOutThenGetsItOnUnlock() throws Exception {
    try (SharedSegment segment = SharedSegment.create(64)) {
      RobustMutex first = new RobustMutex(segment.memory(), BASE);
      RobustMutex second = new RobustMutex(segment.memory(), BASE); // another view: the same mutex
      assertEquals(Outcome.LOCKED, first.lock(Futex.FOREVER, null));
      assertEquals(
          Outcome.TIMED_OUT, CompletableFuture.supplyAsync(() -> lock(second, 20_000_000)).get());
      CompletableFuture<Outcome> waiting =
          CompletableFuture.supplyAsync(
              () -> {
                Outcome o = lock(second, TimeUnit.SECONDS.toNanos(15));
                second.unlock("second");
                return o;
              });
      Thread.sleep(50);
      first.unlock("first");
      assertEquals(Outcome.LOCKED, waiting.get(15, TimeUnit.SECONDS));
      assertFalse(first.isLocked());
    }
  }

  /**
   * Every acquire form, the non-blocking one and short timed ones included, takes a dead holder's
   * mutex over.
   */
  @Test
  void everyAcquireForm_whenTheHolderIsDead_takesOverAtOnce() throws Exception {
    long dead = deadPid();
    try (SharedSegment segment = SharedSegment.create(64)) {
      RobustMutex mutex = new RobustMutex(segment.memory(), BASE);
      for (long timeout : new long[] {-1, 0, 1, TimeUnit.MILLISECONDS.toNanos(5), Futex.FOREVER}) {
        holdAs(segment, dead, dead << 32);
        Outcome outcome = timeout < 0 ? mutex.tryLock() : mutex.lock(timeout, null);
        assertEquals(Outcome.OWNER_DIED, outcome, "timeout " + timeout);
        assertTrue(mutex.ownerDied() && mutex.isHeldByCurrentThread());
        mutex.unlock("mutex");
        assertFalse(mutex.ownerDied(), "cleared by the unlock");
      }
      holdAs(segment, dead, 0); // the holder died before it recorded its owner word
      assertEquals(Outcome.OWNER_DIED, mutex.tryLock());
      mutex.unlock("mutex");
    }
  }

  /**
   * A live holder of another process (pid 1 here) is not taken over, and timed calls keep their
   * time.
   */
  @Test
  void lock_whenALiveProcessHolds_timesOutWithinItsTimeout() throws Exception {
    long init = 1;
    assertTrue(Liveness.alive(init << 32));
    try (SharedSegment segment = SharedSegment.create(64)) {
      RobustMutex mutex = new RobustMutex(segment.memory(), BASE);
      holdAs(segment, init, init << 32);
      assertEquals(Outcome.TIMED_OUT, mutex.tryLock());
      long start = System.nanoTime();
      assertEquals(Outcome.TIMED_OUT, mutex.lock(TimeUnit.MILLISECONDS.toNanos(100), null));
      long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(took >= 99 && took < 5_000, "a 100 ms lock took " + took + " ms");
      MemoryAccess.setIntRelease(segment.memory(), BASE, 0);
    }
  }

  @Test
  void lock_interrupted_throwsAndLeavesTheMutexFree() throws Exception {
    try (SharedSegment segment = SharedSegment.create(64)) {
      RobustMutex mutex = new RobustMutex(segment.memory(), BASE);
      holdAs(segment, 1, 1L << 32);
      Thread.currentThread().interrupt();
      assertThrows(InterruptedException.class, () -> mutex.lock(Futex.FOREVER, null));
      assertFalse(Thread.interrupted(), "the flag is cleared with the exception");
      assertEquals(1, mutex.holderPid(), "still the holder's");
      MemoryAccess.setIntRelease(segment.memory(), BASE, 0);
    }
  }

  private static Outcome lock(RobustMutex mutex, long nanos) {
    try {
      return mutex.lock(nanos, null);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}

package dev.multitask.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Tiers 1-2 of {@link ProcessLock}; the dead-owner takeover runs in {@link SharedRingCrossProcessTest}. */
class ProcessLockTest {
  private static final long OWNER = 0;
  private static final long SEQ = 8;
  private static final long WAITERS = 12;

  @AfterAll
  static void shouldLeaveNoSegmentWhenAllTestsAreDone() throws IOException {
    assertEquals(Set.of(), Set.copyOf(ShmLeaks.ours()));
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void shouldRejectReentryAndForeignUnlockWhenUsedWrongly() throws Exception {
    try (SharedSegment segment = SharedSegment.create(64)) {
      ProcessLock lock = new ProcessLock(segment, OWNER, SEQ, WAITERS);
      assertThrows(IllegalStateException.class, lock::unlock);
      assertEquals(ProcessLock.Outcome.LOCKED, lock.lock(0));
      assertThrows(IllegalStateException.class, () -> lock.lock(0));
      var other = CompletableFuture.runAsync(lock::unlock);
      var e = assertThrows(CompletionException.class, other::join, "another thread cannot unlock");
      assertTrue(e.getCause() instanceof IllegalStateException, e.toString());
      lock.unlock();
      lock.release();
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void shouldTimeOutThenAcquireWhenAnotherInstanceHoldsTheLock() throws Exception {
    try (SharedSegment segment = SharedSegment.create(64); SharedSegment other = SharedSegment.attach(segment.name())) {
      ProcessLock first = new ProcessLock(segment, OWNER, SEQ, WAITERS);
      ProcessLock second = new ProcessLock(other, OWNER, SEQ, WAITERS); // same name and offset: same JVM lock
      assertEquals(ProcessLock.Outcome.LOCKED, first.lock(Futex.FOREVER));
      CompletableFuture<ProcessLock.Outcome> timed = CompletableFuture.supplyAsync(() -> lockQuietly(second, 20_000_000));
      assertEquals(ProcessLock.Outcome.TIMED_OUT, timed.get());
      CompletableFuture<ProcessLock.Outcome> waiting = CompletableFuture.supplyAsync(() -> {
        ProcessLock.Outcome o = lockQuietly(second, TimeUnit.SECONDS.toNanos(20));
        second.unlock();
        return o;
      });
      Thread.sleep(20);
      assertFalse(waiting.isDone());
      first.unlock();
      assertEquals(ProcessLock.Outcome.LOCKED, waiting.get(20, TimeUnit.SECONDS));
      assertEquals(0, MemoryAccess.longVolatile(segment.memory(), OWNER));
      first.release();
      second.release();
    }
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void shouldTakeOverWhenOwnerWordNamesADeadProcess() throws Exception {
    try (SharedSegment segment = SharedSegment.create(64)) {
      // a pid that is certainly gone: a child that has exited and been reaped
      Process done = new ProcessBuilder("true").start();
      done.waitFor();
      long deadOwner = done.pid() << 32;
      assertFalse(Liveness.alive(deadOwner));
      assertTrue(Liveness.alive(Liveness.ownerWord(ProcessHandle.current())));
      MemoryAccess.setLongRelease(segment.memory(), OWNER, deadOwner);
      ProcessLock lock = new ProcessLock(segment, OWNER, SEQ, WAITERS);
      assertEquals(ProcessLock.Outcome.OWNER_DIED, lock.lock(Futex.FOREVER));
      lock.unlock();
      assertEquals(ProcessLock.Outcome.LOCKED, lock.lock(Futex.FOREVER));
      lock.unlock();
      lock.release();
    }
  }

  private static ProcessLock.Outcome lockQuietly(ProcessLock lock, long nanos) {
    try {
      return lock.lock(nanos);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}

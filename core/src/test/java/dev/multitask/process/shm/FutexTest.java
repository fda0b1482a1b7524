package dev.multitask.process.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.process.os.NativeAccess;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One contract, both implementations: every test here runs over {@link SyscallFutex} and {@link
 * PollingFutex}.
 */
class FutexTest {
  private static final long SANITY_NANOS = TimeUnit.SECONDS.toNanos(20);

  static List<Futex> futexes() {
    List<Futex> all = new ArrayList<>();
    if (NativeAccess.enabled()) {
      all.add(SyscallFutex.INSTANCE);
    }
    all.add(PollingFutex.INSTANCE);
    return all;
  }

  @AfterAll
  static void allTests_leaveNoSegment() throws IOException {
    assertEquals(Set.of(), Set.copyOf(ShmLeaks.ours()));
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void futex_withNativeAccess_isNative() {
    // surefire runs with --enable-native-access=ALL-UNNAMED: the native path must really be tested
    assertTrue(NativeAccess.enabled());
    assertEquals(SyscallFutex.INSTANCE, Futex.get());
  }

  @ParameterizedTest
  @MethodSource("futexes")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void wait_valueDiffers_returnsAtOnce(Futex futex) throws InterruptedException {
    try (SharedSegment segment = SharedSegment.create(64)) {
      MemoryAccess.setIntRelease(segment.memory(), 4, 5);
      assertEquals(Futex.VALUE_CHANGED, futex.wait(segment.memory(), 4, 4, Futex.FOREVER));
      assertEquals(Futex.VALUE_CHANGED, futex.wait(segment.memory(), 4, -1, 0));
    }
  }

  @ParameterizedTest
  @MethodSource("futexes")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void wait_nobodyWakes_timesOut(Futex futex) throws InterruptedException {
    try (SharedSegment segment = SharedSegment.create(64)) {
      assertEquals(Futex.TIMED_OUT, futex.wait(segment.memory(), 0, 0, 0));
      assertEquals(Futex.TIMED_OUT, futex.wait(segment.memory(), 0, 0, -5));
      long timeout = TimeUnit.MILLISECONDS.toNanos(120); // more than one 50 ms kernel slice
      long start = System.nanoTime();
      assertEquals(Futex.TIMED_OUT, futex.wait(segment.memory(), 0, 0, timeout));
      long elapsed = System.nanoTime() - start;
      assertTrue(
          elapsed >= timeout, "returned early: elapsed=" + elapsed + " ns, timeout=" + timeout);
    }
  }

  @ParameterizedTest
  @MethodSource("futexes")
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void wait_wokenByAnotherThread_returns(Futex futex) throws Exception {
    try (SharedSegment segment = SharedSegment.create(64)) {
      MemorySegment mem = segment.memory();
      CompletableFuture<Integer> waiter = waitAsync(futex, mem, 8, 0, SANITY_NANOS);
      Thread.sleep(200); // most likely blocked by now; correctness does not depend on it
      MemoryAccess.setIntRelease(mem, 8, 1);
      futex.wake(mem, 8, Integer.MAX_VALUE);
      int outcome = waiter.get(SANITY_NANOS, TimeUnit.NANOSECONDS);
      assertNotEquals(Futex.TIMED_OUT, outcome);
    }
  }

  /**
   * Many waiters on one word all return after a single wake of all, whatever the word's negative
   * value.
   */
  @ParameterizedTest
  @MethodSource("futexes")
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void wake_countMaxValue_wakesAll(Futex futex) throws Exception {
    try (SharedSegment segment = SharedSegment.create(64)) {
      MemorySegment mem = segment.memory();
      MemoryAccess.setIntRelease(mem, 0, -7);
      List<CompletableFuture<Integer>> waiters = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        waiters.add(waitAsync(futex, mem, 0, -7, SANITY_NANOS));
      }
      Thread.sleep(200);
      MemoryAccess.setIntRelease(mem, 0, Integer.MIN_VALUE);
      futex.wake(mem, 0, Integer.MAX_VALUE);
      for (CompletableFuture<Integer> waiter : waiters) {
        assertNotEquals(Futex.TIMED_OUT, waiter.get(SANITY_NANOS, TimeUnit.NANOSECONDS));
      }
    }
  }

  /** Two threads hand a turn back and forth: any lost wake-up hangs the test. */
  @ParameterizedTest
  @MethodSource("futexes")
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void pingPong_losesNoWakeUp(Futex futex) throws Exception {
    int rounds = 2_000;
    try (SharedSegment segment = SharedSegment.create(64)) {
      MemorySegment mem = segment.memory();
      // word 0 counts turns: even = main's turn, odd = the partner's
      CompletableFuture<Void> partner =
          CompletableFuture.runAsync(
              () -> {
                try {
                  for (int turn = 1; turn < 2 * rounds; turn += 2) {
                    awaitValue(futex, mem, turn);
                    MemoryAccess.setIntRelease(mem, 0, turn + 1);
                    futex.wake(mem, 0, 1);
                  }
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              },
              runner());
      for (int turn = 0; turn < 2 * rounds; turn += 2) {
        awaitValue(futex, mem, turn);
        MemoryAccess.setIntRelease(mem, 0, turn + 1);
        futex.wake(mem, 0, 1);
      }
      partner.get(SANITY_NANOS, TimeUnit.NANOSECONDS);
      assertEquals(2 * rounds, MemoryAccess.intAcquire(mem, 0));
    }
  }

  @ParameterizedTest
  @MethodSource("futexes")
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void wait_interruptedWhileWaiting_throwsInterrupted(Futex futex) throws Exception {
    try (SharedSegment segment = SharedSegment.create(64)) {
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      Thread waiter =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      futex.wait(segment.memory(), 0, 0, Futex.FOREVER);
                    } catch (Throwable t) {
                      thrown.set(t);
                    }
                  });
      Thread.sleep(200);
      waiter.interrupt();
      waiter.join(TimeUnit.NANOSECONDS.toMillis(SANITY_NANOS));
      assertTrue(thrown.get() instanceof InterruptedException, "thrown: " + thrown.get());
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void nativeWait_interrupted_wakesAtOnce() throws Exception {
    // the kernel wait is cut into INTERRUPT_CHECK_MILLIS slices; the interrupt must not wait for
    // one
    Assumptions.assumeTrue(NativeAccess.enabled(), "native futex only");
    try (SharedSegment segment = SharedSegment.create(64)) {
      for (int round = 0; round < 3; round++) {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter =
            Thread.ofPlatform()
                .start(
                    () -> {
                      try {
                        Futex.get().wait(segment.memory(), 0, 0, Futex.FOREVER);
                      } catch (Throwable t) {
                        thrown.set(t);
                      }
                    });
        Thread.sleep(200);
        long interruptedAt = System.nanoTime();
        waiter.interrupt();
        waiter.join(TimeUnit.NANOSECONDS.toMillis(SANITY_NANOS));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - interruptedAt);
        assertTrue(thrown.get() instanceof InterruptedException, "thrown: " + thrown.get());
        assertTrue(
            tookMillis < Futex.INTERRUPT_CHECK_MILLIS * 6 / 10,
            "an interrupt wakes the kernel wait, not the end of its slice: took "
                + tookMillis
                + " ms");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("futexes")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void wait_interruptedOnEntry_throwsInterrupted(Futex futex) {
    try (SharedSegment segment = SharedSegment.create(64)) {
      Thread.currentThread().interrupt();
      assertThrows(
          InterruptedException.class, () -> futex.wait(segment.memory(), 0, 0, Futex.FOREVER));
      assertTrue(
          !Thread.currentThread().isInterrupted(),
          "the flag is cleared, as for any InterruptedException");
    }
  }

  @ParameterizedTest
  @MethodSource("futexes")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void waitAndWake_misalignedOrNotNativeWord_isRejected(Futex futex) {
    try (SharedSegment segment = SharedSegment.create(64)) {
      MemorySegment mem = segment.memory();
      assertThrows(IllegalArgumentException.class, () -> futex.wait(mem, 2, 0, 0));
      assertThrows(IllegalArgumentException.class, () -> futex.wake(mem, 6, 1));
      assertThrows(
          IllegalArgumentException.class,
          () -> futex.wait(MemorySegment.ofArray(new int[4]), 0, 0, 0));
      assertThrows(IllegalArgumentException.class, () -> futex.wake(mem, 0, 0));
      assertThrows(IndexOutOfBoundsException.class, () -> futex.wait(mem, 64, 0, 1_000_000));
      assertThrows(IndexOutOfBoundsException.class, () -> futex.wake(mem, 64, 1));
    }
  }

  /** Private (arena) memory works too: the same calls serve thread-only words. */
  @ParameterizedTest
  @MethodSource("futexes")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void waitAndWake_onArenaMemory_work(Futex futex) throws Exception {
    try (Arena arena = Arena.ofShared()) {
      MemorySegment mem = arena.allocate(16, 8);
      CompletableFuture<Integer> waiter = waitAsync(futex, mem, 4, 0, SANITY_NANOS);
      Thread.sleep(100);
      MemoryAccess.setIntRelease(mem, 4, 1);
      futex.wake(mem, 4, 1);
      assertNotEquals(Futex.TIMED_OUT, waiter.get(SANITY_NANOS, TimeUnit.NANOSECONDS));
    }
  }

  /**
   * Unmapping under a blocked native waiter would be a use-after-free in the kernel's eyes: close
   * refuses.
   */
  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void close_whileNativeWaiterBlocked_isRefused() throws Exception {
    Assumptions.assumeTrue(NativeAccess.enabled());
    Futex futex = SyscallFutex.INSTANCE;
    SharedSegment segment = SharedSegment.create(64);
    try {
      CompletableFuture<Integer> waiter = waitAsync(futex, segment.memory(), 0, 0, SANITY_NANOS);
      Thread.sleep(200);
      IllegalStateException e = assertThrows(IllegalStateException.class, segment::close);
      assertTrue(e.getMessage().contains(segment.name()), e.getMessage());
      MemoryAccess.setIntRelease(segment.memory(), 0, 1);
      futex.wake(segment.memory(), 0, 1);
      assertNotEquals(Futex.TIMED_OUT, waiter.get(SANITY_NANOS, TimeUnit.NANOSECONDS));
    } finally {
      segment.close();
    }
  }

  private static void awaitValue(Futex futex, MemorySegment mem, int wanted)
      throws InterruptedException {
    int seen;
    while ((seen = MemoryAccess.intAcquire(mem, 0)) != wanted) {
      if (futex.wait(mem, 0, seen, SANITY_NANOS) == Futex.TIMED_OUT) {
        throw new AssertionError("no turn " + wanted + " within the sanity bound, word=" + seen);
      }
    }
  }

  private static CompletableFuture<Integer> waitAsync(
      Futex futex, MemorySegment mem, long offset, int expected, long nanos) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return futex.wait(mem, offset, expected, nanos);
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        },
        runner());
  }

  /** A fresh platform thread per task: the common pool may have too few threads on 2 cores. */
  private static Executor runner() {
    return task -> Thread.ofPlatform().daemon().start(task);
  }
}

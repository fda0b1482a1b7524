package dev.multitask.process.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.process.os.NativeAccess;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tier 3: a waiter in a child JVM ({@link ShmChildMain}, layout drawn there) is woken by this JVM
 * through a shared segment, on the native path and on the polling fallback.
 */
class FutexCrossProcessTest {
  private static final long SANITY_SECONDS = 60;
  private static final Duration CPU_BOUND = Duration.ofMillis(200);

  @TempDir Path scratch;

  @BeforeAll
  static void requireNativeParent() {
    // the parent always wakes through the kernel here; the fallback under test is the child's
    assertTrue(NativeAccess.enabled(), "tests run with --enable-native-access=ALL-UNNAMED");
  }

  @AfterAll
  static void allTests_leaveNoSegment() throws IOException {
    assertEquals(Set.of(), Set.copyOf(ShmLeaks.ours()));
  }

  /**
   * The real point of the futex: the kernel wakes a waiter in another process, which burned no CPU
   * meanwhile.
   */
  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void wake_inParent_wakesChildWaiter() throws Exception {
    Result result = runChild(false);
    // the wake can land in the microseconds between two 50 ms kernel slices, where the child sees
    // the new value itself; rare, so one retry tells that apart from a wake that never crosses
    if (result.woken == 0 && result.outcome == Futex.VALUE_CHANGED) {
      result = runChild(false);
    }
    assertEquals(1, result.impl, "the child must use SyscallFutex");
    assertEquals(1, result.woken, "the kernel must have woken exactly the child's waiter");
    assertEquals(
        Futex.WOKEN, result.outcome, "the child must return from the kernel wait, not by polling");
    assertTrue(
        result.cpu.compareTo(CPU_BOUND) < 0,
        "blocked child used " + result.cpu + " of CPU in ~1 s");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void wake_childWithoutNativeAccess_wakesChildWaiter() throws Exception {
    Result result = runChild(true);
    assertEquals(2, result.impl, "the child must use PollingFutex");
    assertEquals(Futex.VALUE_CHANGED, result.outcome);
    // polling costs ~1000 parks a second: well under a core, though not the native path's zero
    assertTrue(
        result.cpu.compareTo(Duration.ofMillis(800)) < 0,
        "polling child used " + result.cpu + " in ~1 s");
  }

  private record Result(int impl, int woken, int outcome, Duration cpu) {}

  private Result runChild(boolean noNative) throws Exception {
    Futex futex = Futex.get();
    try (SharedSegment segment = SharedSegment.create(ShmChildMain.BYTES);
        ChildJvm child =
            ChildJvm.start(scratch, noNative, ShmChildMain.class, "wait", segment.name())) {
      MemorySegment mem = segment.memory();
      awaitNonZero(futex, mem, ShmChildMain.READY, child);
      int impl = MemoryAccess.intAcquire(mem, ShmChildMain.IMPL);

      Thread.sleep(
          300); // let the child's start-up work (JIT, class loading) settle before measuring
      Duration before = cpu(child);
      Thread.sleep(1_000);
      Duration used = cpu(child).minus(before);
      System.out.println(
          "child (noNative=" + noNative + ") CPU while blocked ~1 s: " + used.toMillis() + " ms");

      MemoryAccess.setIntRelease(mem, ShmChildMain.WORD, 1);
      int woken = futex.wake(mem, ShmChildMain.WORD, Integer.MAX_VALUE);
      awaitNonZero(futex, mem, ShmChildMain.ACK, child);
      int outcome = MemoryAccess.intAcquire(mem, ShmChildMain.ACK) - 1;
      assertEquals(0, child.awaitExit(SANITY_SECONDS), child.output());
      return new Result(impl, woken, outcome, used);
    }
  }

  private static Duration cpu(ChildJvm child) {
    return child
        .process()
        .info()
        .totalCpuDuration()
        .orElseThrow(() -> new AssertionError("no CPU time for pid " + child.process().pid()));
  }

  private static void awaitNonZero(Futex futex, MemorySegment mem, long offset, ChildJvm child)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SANITY_SECONDS);
    while (MemoryAccess.intAcquire(mem, offset) == 0) {
      if (!child.process().isAlive() && MemoryAccess.intAcquire(mem, offset) == 0) {
        throw new AssertionError(
            "child exited ("
                + child.process().exitValue()
                + ") before setting word "
                + offset
                + "\n"
                + child.output());
      }
      long remaining = deadline - System.nanoTime();
      if (remaining <= 0) {
        throw new AssertionError(
            "child did not set word "
                + offset
                + " within "
                + SANITY_SECONDS
                + " s\n"
                + child.output());
      }
      // short slices: also notice a child that died before it could set the word
      futex.wait(mem, offset, 0, Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(100)));
    }
  }
}

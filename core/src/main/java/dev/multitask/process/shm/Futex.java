package dev.multitask.process.shm;

import dev.multitask.process.os.NativeAccess;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Blocks until a 32-bit word in memory differs from an expected value, and wakes such waiters: the
 * {@code futex(2)} protocol, across threads and processes that map the same segment.
 *
 * <p>Protocol: a waker first changes the word (with release semantics or stronger, see {@link
 * MemoryAccess}), then calls {@link #wake}. A waiter reads the word, decides to block on the value
 * it read, and calls {@link #wait}; if the word changed in between, {@code wait} returns at once,
 * so no wake is lost. A wake that does not come with a change of the word may be lost, and a waiter
 * may return {@link #WOKEN} spuriously: callers always re-read the word and loop.
 *
 * <p>Any thread of any process that maps the memory may call either method; neither takes a lock.
 * Memory consistency effects: none of its own. The return code is a hint (the kernel's check of the
 * word is not a Java acquire); the caller's acquire re-read of the word is what makes the writer's
 * actions before its release store visible, which is why callers always re-read.
 *
 * <p>Timeouts are relative, in nanoseconds; {@code timeoutNanos <= 0} only checks the word, and
 * {@link #FOREVER} (or any value past about 292 years) waits without limit. {@code wait} throws
 * {@link InterruptedException} if the thread is interrupted on entry or while it waits; the native
 * implementation is woken by {@link Thread#interrupt()} at once, and within {@value
 * #INTERRUPT_CHECK_MILLIS} ms when the interrupt lands just before the thread enters the kernel.
 * The word must be naturally aligned (offset a multiple of 4) in native memory (a mapped or
 * arena-allocated segment, not a heap array).
 *
 * <p>{@link #get()} picks {@link SyscallFutex} when {@link NativeAccess#enabled()}, else {@link
 * PollingFutex}; both keep this contract.
 */
public abstract sealed class Futex permits SyscallFutex, PollingFutex {
  /** Woken by {@link #wake} (or spuriously): re-read the word. */
  public static final int WOKEN = 0;

  /**
   * The word did not hold the expected value (on entry, while spinning, or when the kernel
   * checked).
   */
  public static final int VALUE_CHANGED = 1;

  /** The timeout elapsed with the word still at the expected value. */
  public static final int TIMED_OUT = 2;

  /** A timeout meaning no limit. */
  public static final long FOREVER = Long.MAX_VALUE;

  /**
   * The longest the native wait stays in the kernel before it looks at the word and the interrupt
   * flag again: the bound on noticing an interrupt that raced with entering the kernel, and on the
   * wake-ups of an idle waiter (one a second costs some microseconds of CPU).
   */
  public static final long INTERRUPT_CHECK_MILLIS = 1000;

  /**
   * The implementation for this JVM: native futex when native access is enabled, polling otherwise.
   */
  public static Futex get() {
    // SyscallFutex links on first use only, so a JVM without native access never touches it
    return NativeAccess.enabled() ? SyscallFutex.INSTANCE : PollingFutex.INSTANCE;
  }

  /**
   * How long a waiter spins on the word before it blocks: a busy peer in another process usually
   * answers within a few microseconds (a futex round trip costs ~6 µs, a spun one ~2.5 µs on a
   * 2-core EPYC). Bounded by time, not count, since a spin-wait hint costs 10x more on some CPUs.
   */
  public static final long SPIN_NANOS = 10_000;

  /**
   * Spins until the word differs from {@code expected} ({@code true}) or {@link #SPIN_NANOS} pass
   * ({@code false}); reads with acquire semantics.
   */
  static boolean spinUntilChanged(MemorySegment seg, long offset, int expected, long start) {
    while (true) {
      for (int i = 0; i < 16; i++) { // look at the clock only every 16 reads
        Thread.onSpinWait();
        if (MemoryAccess.intAcquire(seg, offset) != expected) {
          return true;
        }
      }
      if (System.nanoTime() - start >= SPIN_NANOS) {
        return false;
      }
    }
  }

  Futex() {}

  /**
   * Waits while the {@code int} at {@code offset} in {@code seg} equals {@code expected}, at most
   * {@code timeoutNanos}.
   *
   * @return {@link #WOKEN}, {@link #VALUE_CHANGED} or {@link #TIMED_OUT}
   * @throws InterruptedException if the thread is interrupted (its flag is then cleared)
   * @throws IllegalArgumentException if the offset is not a multiple of 4 or the memory is not
   *     native
   * @throws IndexOutOfBoundsException if the word lies outside {@code seg}
   * @throws IllegalStateException if {@code seg} is closed
   */
  public final int wait(MemorySegment seg, long offset, int expected, long timeoutNanos)
      throws InterruptedException {
    checkWord(seg, offset);
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    if (MemoryAccess.intAcquire(seg, offset) != expected) {
      return VALUE_CHANGED;
    }
    if (timeoutNanos <= 0) {
      return TIMED_OUT;
    }
    long start = System.nanoTime();
    if (timeoutNanos > SPIN_NANOS && spinUntilChanged(seg, offset, expected, start)) {
      return VALUE_CHANGED;
    }
    return block(seg, offset, expected, timeoutNanos, start);
  }

  /**
   * Blocks after {@link #wait}'s checks and spin found the word still at {@code expected}: the part
   * each implementation does its own way. Times are measured from {@code start}.
   */
  abstract int block(MemorySegment seg, long offset, int expected, long timeoutNanos, long start)
      throws InterruptedException;

  /**
   * Wakes up to {@code count} waiters on the word at {@code offset} ({@link Integer#MAX_VALUE} for
   * all) and returns how many the kernel woke; the polling fallback cannot know and returns 0, its
   * waiters noticing the change of the word within about a millisecond.
   *
   * @throws IllegalArgumentException if {@code count < 1}, the offset is not a multiple of 4, or
   *     the memory is not native
   * @throws IndexOutOfBoundsException if the word lies outside {@code seg}
   */
  public abstract int wake(MemorySegment seg, long offset, int count);

  /**
   * Validation shared by both implementations: one branch on the fast path, the message built only
   * on failure.
   */
  static void checkWord(MemorySegment seg, long offset) {
    if ((offset & 3) != 0 || !seg.isNative()) {
      throw new IllegalArgumentException(
          "futex word must be a native, 4-byte aligned int: offset="
              + offset
              + ", native="
              + seg.isNative()
              + ", segment="
              + seg);
    }
    Objects.checkFromIndexSize(offset, Integer.BYTES, seg.byteSize());
  }

  static void checkCount(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("wake count must be at least 1: count=" + count);
    }
  }
}

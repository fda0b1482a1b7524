package dev.multitask.process.shm;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The {@link Futex} on Linux's {@code futex(2)}, called through libc's variadic {@code syscall}.
 * Used only when {@link dev.multitask.process.os.NativeAccess#enabled()}: loading this class links
 * native code.
 */
@SuppressWarnings(
    "restricted") // linking syscall(2) is this class's purpose; only loaded when NativeAccess
// allows
final class SyscallFutex extends Futex {
  /*
   * FUTEX_WAIT (0) and FUTEX_WAKE (1) without FUTEX_PRIVATE_FLAG (128): a private futex is keyed by
   * the address space and would never see a waker in another process; a shared one is keyed by
   * the mapped file and offset, so each process may map the segment at a different address.
   *
   * syscall(long number, ...) is variadic from its second argument (firstVariadicArg(1)). Every
   * variadic argument is passed as a full 64-bit value: glibc reads six longs with va_arg, and an
   * int would leave the upper half of its register unspecified. The kernel truncates val to u32,
   * so a negative expected value sign-extended here still compares right.
   *
   * The timeout of FUTEX_WAIT is relative (CLOCK_MONOTONIC). Thread.interrupt() sends no signal,
   * so a waiter registers an InterruptWaker (an AbstractInterruptibleChannel, the JDK's public hook
   * into interrupt()) whose close wakes every waiter on the word; the woken ones that were not
   * interrupted see no change and wait again. An interrupt that lands between the waiter's last
   * check and its entry into the kernel wakes nobody: each kernel wait is capped at
   * INTERRUPT_CHECK_MILLIS so that such an interrupt is still noticed. The downcall passes the word's segment, so its arena stays acquired for
   * the call and SharedSegment.close() fails instead of unmapping memory a waiter sits on.
   */
  static final SyscallFutex INSTANCE = new SyscallFutex();

  private static final long FUTEX_WAIT = 0;
  private static final long FUTEX_WAKE = 1;
  private static final int EAGAIN = 11;
  private static final int EINTR = 4;
  private static final int ETIMEDOUT = 110;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  private static final long SLICE_NANOS = INTERRUPT_CHECK_MILLIS * 1_000_000L;

  private static final long SYS_FUTEX =
      switch (System.getProperty("os.arch", "")) {
        case "amd64", "x86_64" -> 202;
        case "aarch64", "riscv64" -> 98;
        default ->
            throw new UnsupportedOperationException(
                "no futex syscall number for os.arch=" + System.getProperty("os.arch"));
      };

  private static volatile boolean linked; // set by Native's initializer, read without it

  private SyscallFutex() {}

  /**
   * Whether this JVM has linked the futex call; for tests.
   *
   * @return true once a wait or a wake has needed the kernel
   */
  static boolean isLinked() {
    return linked;
  }

  /**
   * The downcall and its scratch memory, linked at the first wait or wake that needs the kernel,
   * not when a word is attached: a fresh JVM takes ~50 ms to link it (measured in a cold worker),
   * and a job that only reads an event or takes a free lock never makes the call.
   */
  private static final class Native {
    static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    static final VarHandle ERRNO =
        CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    /**
     * Per-thread scratch: the errno capture, then a {@code struct timespec {long tv_sec; long
     * tv_nsec;}}.
     */
    static final long TIMESPEC_OFFSET = (CAPTURE_LAYOUT.byteSize() + 7) & ~7L;

    static final ThreadLocal<MemorySegment> SCRATCH =
        ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(TIMESPEC_OFFSET + 16, 8));

    // long syscall(SYS_futex, uint32_t *uaddr, long op, long val, const struct timespec *timeout)
    static final MethodHandle SYSCALL = link();

    static {
      linked = true;
    }

    private Native() {}
  }

  private static MethodHandle link() {
    Linker linker = Linker.nativeLinker();
    MemorySegment symbol =
        linker
            .defaultLookup()
            .find("syscall")
            .orElseThrow(() -> new UnsatisfiedLinkError("libc has no syscall"));
    FunctionDescriptor fd =
        FunctionDescriptor.of(
            ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG,
            ValueLayout.ADDRESS,
            ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_LONG,
            ValueLayout.ADDRESS);
    return linker.downcallHandle(
        symbol, fd, Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
  }

  @Override
  int block(MemorySegment seg, long offset, int expected, long timeoutNanos, long start)
      throws InterruptedException {
    MemorySegment word = seg.asSlice(offset, 4);
    MemorySegment scratch = Native.SCRATCH.get();
    MemorySegment timespec = scratch.asSlice(Native.TIMESPEC_OFFSET, 16);
    InterruptWaker waker = InterruptWaker.enter(word);
    try {
      return blockInSlices(seg, offset, expected, timeoutNanos, start, word, scratch, timespec);
    } finally {
      waker.exit();
    }
  }

  private int blockInSlices(
      MemorySegment seg,
      long offset,
      int expected,
      long timeoutNanos,
      long start,
      MemorySegment word,
      MemorySegment scratch,
      MemorySegment timespec)
      throws InterruptedException {
    while (true) {
      if (Thread.interrupted()) { // also an interrupt that came before the waker was registered
        throw new InterruptedException();
      }
      long remaining = timeoutNanos - (System.nanoTime() - start);
      if (remaining <= 0) {
        return TIMED_OUT;
      }
      long slice = Math.min(remaining, SLICE_NANOS);
      timespec.set(ValueLayout.JAVA_LONG, 0, slice / NANOS_PER_SECOND);
      timespec.set(ValueLayout.JAVA_LONG, 8, slice % NANOS_PER_SECOND);
      long rc = syscall(scratch, word, FUTEX_WAIT, expected, timespec);
      if (rc == 0) {
        if (Thread.interrupted()) {
          throw new InterruptedException();
        }
        return WOKEN;
      }
      int errno = (int) Native.ERRNO.get(scratch, 0L);
      if (errno == EAGAIN) {
        return VALUE_CHANGED; // the kernel saw a value other than expected
      }
      if (errno != ETIMEDOUT && errno != EINTR) {
        throw new IllegalStateException("futex wait failed: errno=" + errno + ", word=" + word);
      }
      // end of a slice, or a signal: look at the word, then (loop) the interrupt and the remaining
      // time
      if (MemoryAccess.intAcquire(seg, offset) != expected) {
        return VALUE_CHANGED;
      }
    }
  }

  @Override
  public int wake(MemorySegment seg, long offset, int count) {
    checkWord(seg, offset);
    checkCount(count);
    MemorySegment scratch = Native.SCRATCH.get();
    long rc = syscall(scratch, seg.asSlice(offset, 4), FUTEX_WAKE, count, MemorySegment.NULL);
    if (rc < 0) {
      throw new IllegalStateException(
          "futex wake failed: errno="
              + (int) Native.ERRNO.get(scratch, 0L)
              + ", offset="
              + offset
              + ", segment="
              + seg);
    }
    return (int) rc;
  }

  private static long syscall(
      MemorySegment capture, MemorySegment word, long op, long val, MemorySegment timespec) {
    try {
      return (long) Native.SYSCALL.invokeExact(capture, SYS_FUTEX, word, op, val, timespec);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("futex syscall failed", t);
    }
  }

  @Override
  public String toString() {
    return "SyscallFutex[SYS_futex=" + SYS_FUTEX + "]";
  }
}

package dev.multitask.process.shm;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.spi.AbstractInterruptibleChannel;

/**
 * Lets {@link Thread#interrupt()} wake a thread blocked in a native futex wait: the JDK calls
 * {@link #implCloseChannel} of the interruptible channel a thread is blocked on, from the
 * interrupting thread, and this one wakes every waiter on the word. Each thread keeps one waker
 * until an interrupt closes it.
 *
 * <p>States: idle (no word) → {@link #enter} (word set, registered with the thread) → {@link #exit}
 * (unregistered, word cleared); an interrupt in between closes it for good and the thread's next
 * wait makes a new one.
 */
final class InterruptWaker extends AbstractInterruptibleChannel {
  private static final ThreadLocal<InterruptWaker> CURRENT = new ThreadLocal<>();

  private volatile MemorySegment word;

  private InterruptWaker() {}

  /** Registers the calling thread's waker for a wait on {@code word}. */
  static InterruptWaker enter(MemorySegment word) {
    InterruptWaker waker = CURRENT.get();
    if (waker == null || !waker.isOpen()) {
      waker = new InterruptWaker();
      CURRENT.set(waker);
    }
    waker.word = word;
    waker.begin(); // wakes at once (nobody) if already interrupted: the caller checks the flag next
    return waker;
  }

  /** Unregisters; the thread's interrupt flag, if set, stays set for the caller to see. */
  void exit() {
    word = null;
    try {
      end(true);
    } catch (AsynchronousCloseException interruptedMeanwhile) {
      // closed by an interrupt: the flag is still set and the next check throws
    }
  }

  @Override
  protected void implCloseChannel() throws IOException {
    MemorySegment w = word;
    if (w != null) {
      try {
        SyscallFutex.INSTANCE.wake(w, 0, Integer.MAX_VALUE);
      } catch (RuntimeException e) {
        // the waiter already left and its segment is gone: there is nobody to wake
      }
    }
  }
}

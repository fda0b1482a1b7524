package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Multitask;
import dev.multitask.sync.DeadlockException;
import dev.multitask.sync.Lock;
import java.time.Duration;

/**
 * A process {@link Lock}'s acquire and release, as the tutorial's {@code lock.acquire()} and {@code
 * lock.release()} around "in the toilet...". While main holds the lock, another process that wants
 * it waits: a timed {@code tryLock(0.5 s)} there returns {@code false}. A second {@code lock()} by
 * main itself, without a release in between, would wait forever (the lock is not reentrant; the
 * tutorial's "error"): multitask's timed {@code tryLock} reports that wait-for cycle as a {@link
 * DeadlockException}. After the release the other process gets the lock at once.
 */
public final class LockBasics {
  private static final Duration PATIENCE = Duration.ofMillis(500);

  private LockBasics() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if a child cannot be started or fails
   */
  public static void main(String[] args) throws Exception {
    try (Context ctx = Multitask.processes()) {
      Lock lock = ctx.lock();
      lock.lock(); // lock.acquire()
      System.out.println("main: acquired the lock, isLocked=" + lock.isLocked());
      System.out.println("main: in the toilet...");
      System.out.println("another process: " + ctx.start(() -> tryFor(lock)).result());
      try {
        boolean again = lock.tryLock(PATIENCE); // the tutorial's second lock.acquire()
        System.out.println("main: a second tryLock(0.5 s) by main returned " + again);
      } catch (DeadlockException e) {
        System.out.println(
            "main: a second acquire by main would wait for itself forever: " + e.getMessage());
      }
      lock.unlock(); // lock.release()
      System.out.println("main: released the lock, isLocked=" + lock.isLocked());
      System.out.println("main: running the program...");
      System.out.println("another process: " + ctx.start(() -> tryFor(lock)).result());
    }
  }

  /** Tries the lock for at most 0.5 s in a child and says what happened. */
  private static String tryFor(Lock lock) throws InterruptedException {
    long start = System.nanoTime();
    boolean got = lock.tryLock(PATIENCE);
    String took = Clock.secondsSince(start);
    if (got) {
      lock.unlock();
    }
    return "tryLock(0.5 s) returned "
        + got
        + " after "
        + took
        + " s"
        + (got ? ", then unlock()" : ": the lock is held");
  }
}

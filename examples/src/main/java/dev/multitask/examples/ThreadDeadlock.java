package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.sync.DeadlockException;
import dev.multitask.sync.Hold;
import dev.multitask.sync.Lock;
import java.time.Duration;

/**
 * Two threads take two locks in opposite orders: Thread-1 takes mutexA and then wants mutexB,
 * Thread-2 takes mutexB and then wants mutexA. Each waits for the lock the other holds, which in
 * Python hangs the program forever. Here Thread-1 waits with a timed {@code tryLock}; when its time
 * is up while it is part of a wait-for cycle, multitask throws {@link DeadlockException} naming the
 * cycle (both locks and both threads) instead of returning {@code false}. Thread-1 then lets go of
 * mutexA, so Thread-2 gets it and finishes. The cure for the bug itself is to take the locks in one
 * order everywhere.
 *
 * <p>With {@code -Dmultitask.detectDeadlocks=true} even an untimed {@code lock()} that would close
 * the cycle throws at once.
 */
public final class ThreadDeadlock {
  private static final Duration THREAD1_PATIENCE = Duration.ofSeconds(1);
  private static final Duration THREAD2_PATIENCE = Duration.ofSeconds(5);

  private ThreadDeadlock() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if a thread fails or the wait is interrupted
   */
  public static void main(String[] args) throws Exception {
    try (Context ctx = Multitask.threads()) {
      Lock mutexA = ctx.lock();
      Lock mutexB = ctx.lock();
      System.out.println("mutexA is " + mutexA + ", mutexB is " + mutexB);
      long start = System.nanoTime();
      Job<Void> t1 =
          ctx.job(() -> take("mutexA", mutexA, "mutexB", mutexB, THREAD1_PATIENCE))
              .name("Thread-1")
              .start();
      Job<Void> t2 =
          ctx.job(() -> take("mutexB", mutexB, "mutexA", mutexA, THREAD2_PATIENCE))
              .name("Thread-2")
              .start();
      t1.result();
      t2.result();
      System.out.println(
          "main: both threads ended after "
              + Clock.secondsSince(start)
              + " s; the deadlock was reported, not waited out");
    }
  }

  private static void take(
      String firstName, Lock first, String secondName, Lock second, Duration patience)
      throws InterruptedException {
    String me = Thread.currentThread().getName();
    try (Hold _ = first.hold()) {
      System.out.println(me + " got " + firstName);
      Thread.sleep(200); // long enough for the other thread to take its first lock
      System.out.println(
          me + " wants " + secondName + " (waiting at most " + patience.toSeconds() + " s)");
      try {
        if (second.tryLock(patience)) {
          try {
            System.out.println(me + " got " + secondName + " too");
          } finally {
            second.unlock();
          }
        } else {
          System.out.println(me + " gave up on " + secondName);
        }
      } catch (DeadlockException e) {
        System.out.println(me + " deadlock detected: " + e.getMessage());
        System.out.println(me + " releases " + firstName + " so that the other thread can go on");
      }
    }
  }
}

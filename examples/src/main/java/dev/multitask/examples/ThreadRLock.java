package dev.multitask.examples;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Multitask;
import dev.multitask.sync.Hold;
import dev.multitask.sync.RLock;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link RLock} (reentrant lock) shared by five threads, each locking it twice and unlocking it
 * twice. The thread that holds an RLock may lock it again (a plain {@code Lock} would make it wait
 * for itself forever); the lock is free when it has been unlocked as many times as it was locked.
 * All five threads get through: no deadlock.
 */
public final class ThreadRLock {
  private ThreadRLock() {}

  /**
   * Runs the example.
   *
   * @param args ignored
   * @throws Exception if a thread fails or the wait is interrupted
   */
  public static void main(String[] args) throws Exception {
    try (Context ctx = Multitask.threads()) {
      RLock lock = ctx.rlock();
      List<Job<Void>> threads = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        int n = i;
        threads.add(ctx.start(() -> func(n, lock)));
      }
      for (Job<Void> t : threads) {
        t.result();
      }
      System.out.println(
          "all 5 threads done, no deadlock; the lock is free: isLocked=" + lock.isLocked());
    }
  }

  private static void func(int i, RLock lock) {
    // lock.acquire() twice, then release() twice: the second hold is the same thread locking again,
    // which an RLock counts instead of waiting; the holds close in reverse order
    try (Hold _ = lock.hold();
        Hold _ = lock.hold()) {
      System.out.println(i + " start sub thread (hold count " + lock.holdCount() + ")");
    }
  }
}

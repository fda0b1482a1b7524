package dev.multitask.job;

/**
 * Keeps the JVM alive while non-daemon jobs that have no non-daemon thread of their own run
 * (coroutine jobs on virtual threads, process jobs watched by daemon reapers), so that returning
 * from {@code main} waits for them as Python's main process does.
 *
 * <p>One non-daemon platform thread exists while the count is above zero.
 */
public final class NonDaemonKeeper {
  private static final Object LOCK = new Object();
  private static int holders;
  private static Thread keeper;

  private NonDaemonKeeper() {}

  /** Registers one more running non-daemon job. */
  public static void acquire() {
    synchronized (LOCK) {
      holders++;
      if (keeper == null) {
        keeper = Thread.ofPlatform().daemon(false).name("multitask-non-daemon-jobs").start(NonDaemonKeeper::hold);
      }
    }
  }

  /** Registers that one non-daemon job has ended. */
  public static void release() {
    synchronized (LOCK) {
      if (holders <= 0) {
        throw new IllegalStateException("NonDaemonKeeper released more often than acquired");
      }
      holders--;
      LOCK.notifyAll();
    }
  }

  private static void hold() {
    synchronized (LOCK) {
      try {
        while (holders > 0) {
          LOCK.wait();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        keeper = null;
      }
    }
  }
}

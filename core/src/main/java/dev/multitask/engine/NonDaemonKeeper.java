package dev.multitask.engine;

/**
 * Keeps the JVM alive while non-daemon jobs that have no non-daemon thread of their own run
 * (coroutine jobs on virtual threads, process jobs watched by daemon reapers), so that returning
 * from {@code main} waits for them as Python's main process does.
 *
 * <p>One non-daemon platform thread, the keeper, exists while the count is above zero. When the
 * count drops to zero while the launcher's {@code main} thread still runs, the keeper stays, joined
 * to {@code main}: the JVM cannot exit before {@code main} ends anyway, and a program that starts
 * job after job then does not pay a thread start (a few hundred microseconds) for each. Once {@code
 * main} has ended, the keeper ends with the count's last release.
 *
 * <pre>
 *   none --(acquire)--> holding --(count 0, main alive)--> lingering (joined to main)
 *                          ^  |                                 |
 *                          |  +--(count 0, main ended)--> none  +--(main ends)--> holding
 *                          +--------(acquire: count only)-------+
 * </pre>
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
        Thread main = MainThread.find();
        keeper =
            Thread.ofPlatform()
                .daemon(false)
                .name("multitask-non-daemon-jobs")
                .start(() -> hold(main));
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

  /** The keeper's body; {@code main} is the launcher's main thread, or null. */
  private static void hold(Thread main) {
    try {
      while (true) {
        synchronized (LOCK) {
          while (holders > 0) {
            LOCK.wait();
          }
          if (main == null || !main.isAlive()) {
            keeper = null; // under the lock: the next acquire starts a new keeper
            return;
          }
        }
        main.join(); // lingering: holders may come and go meanwhile; we look again once main ends
      }
    } catch (InterruptedException e) {
      synchronized (LOCK) {
        keeper = null;
      }
      Thread.currentThread().interrupt();
    }
  }
}

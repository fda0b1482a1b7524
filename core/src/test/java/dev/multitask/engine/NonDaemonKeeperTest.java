package dev.multitask.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The keeper thread of {@link NonDaemonKeeper}. That it lets the JVM exit once {@code main} has
 * returned and the jobs have ended is {@code ParentExitTest}'s part, in JVMs of their own.
 */
class NonDaemonKeeperTest {
  @Test
  void whileMainRuns_oneKeeperServesJobAfterJob() throws InterruptedException {
    // Surefire runs the tests on the launcher's main thread, which is what the keeper lingers on
    assertNotNull(MainThread.find(), "the launcher's main thread");
    NonDaemonKeeper.acquire();
    Thread first = onlyKeeper();
    assertFalse(first.isDaemon(), "the keeper keeps the JVM alive");
    NonDaemonKeeper.release();
    for (int job = 0; job < 3; job++) {
      NonDaemonKeeper.acquire();
      NonDaemonKeeper.release();
    }
    Thread.sleep(50); // a keeper that ended at count zero would be gone by now
    assertTrue(first.isAlive(), "the keeper lingers while main runs");
    NonDaemonKeeper.acquire();
    assertSame(first, onlyKeeper(), "the next job reuses the keeper rather than starting a thread");
    NonDaemonKeeper.release();
  }

  private static Thread onlyKeeper() {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    Thread[] all = new Thread[root.activeCount() + 16];
    int n = root.enumerate(all, true);
    List<Thread> keepers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (all[i].getName().equals("multitask-non-daemon-jobs")) {
        keepers.add(all[i]);
      }
    }
    assertTrue(keepers.size() == 1, "one keeper thread, found " + keepers);
    return keepers.get(0);
  }
}

package dev.multitask.engine;

/**
 * Finds the thread the launcher ran {@code main} on, whose end is the end of the program's own
 * code.
 */
public final class MainThread {
  private MainThread() {}

  /**
   * The launcher's {@code main} thread (named "main", in the "main" group), or null when it has
   * ended or there is none (an embedding host, a renamed thread).
   */
  public static Thread find() {
    Thread current = Thread.currentThread();
    if (isMain(current)) {
      return current; // the usual caller: no need to list the threads
    }
    ThreadGroup root = current.getThreadGroup();
    if (root == null) {
      return null; // a virtual thread's group is never null; a terminated thread's is
    }
    while (root.getParent() != null) {
      root = root.getParent();
    }
    // enumerating the groups, unlike Thread.getAllStackTraces, takes no safepoint
    Thread[] threads = new Thread[root.activeCount() + 16];
    int n = root.enumerate(threads, true);
    for (int i = 0; i < n; i++) {
      if (isMain(threads[i])) {
        return threads[i];
      }
    }
    return null;
  }

  private static boolean isMain(Thread t) {
    ThreadGroup group = t.getThreadGroup();
    return !t.isVirtual()
        && t.getName().equals("main")
        && group != null
        && group.getName().equals("main");
  }
}

package dev.multitask.engine;

import dev.multitask.ProcessInfo;

/**
 * Holds this JVM's {@link ProcessInfo}; a child worker replaces it when it takes a job.
 *
 * <p>The main process's info is made on first use, not when the class loads: a worker sets its own
 * from what its parent told it, and never pays for {@code ProcessHandle.current()} (some
 * milliseconds in a fresh JVM, on the way to its first job).
 */
public final class CurrentProcess {
  private static ProcessInfo info; // guarded by CurrentProcess.class
  private static ProcessInfo parent; // guarded by CurrentProcess.class; null in a main process

  private CurrentProcess() {}

  private static ProcessInfo mainProcess() {
    ProcessHandle self = ProcessHandle.current();
    var parentHandle = self.parent(); // no lambda here: this runs in every worker as it takes a job
    long parent = parentHandle.isPresent() ? parentHandle.get().pid() : -1L;
    return new ProcessInfo("MainProcess", self.pid(), parent, false, false);
  }

  /**
   * This JVM's identity.
   *
   * @return the current info
   */
  public static synchronized ProcessInfo get() {
    if (info == null) {
      info = mainProcess();
    }
    return info;
  }

  /**
   * The process that started this one, if this is a multitask child.
   *
   * @return the parent's identity as it was when it spawned this worker, or null
   */
  public static synchronized ProcessInfo parent() {
    return parent;
  }

  /**
   * Called in a child worker, once, with what its parent said about itself.
   *
   * @param name the parent's name
   * @param pid the parent's pid
   * @param parentPid the parent's own parent pid, or -1
   * @param isChild whether the parent is a multitask child itself
   */
  public static synchronized void parentIs(String name, long pid, long parentPid, boolean isChild) {
    parent = new ProcessInfo(name, pid, parentPid, isChild, false);
  }

  /**
   * Called in a child worker when it starts running a job.
   *
   * @param name the job's name
   * @param pid this process's pid, as the parent that spawned it knows it
   * @param parentPid the parent's pid
   * @param daemon whether the job is a daemon
   */
  public static synchronized void becomeChild(
      String name, long pid, long parentPid, boolean daemon) {
    info = new ProcessInfo(name, pid, parentPid, true, daemon);
  }
}

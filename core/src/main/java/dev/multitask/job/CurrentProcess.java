package dev.multitask.job;

import dev.multitask.ProcessInfo;

/**
 * Holds this JVM's {@link ProcessInfo}; a child worker replaces it when it takes a job.
 *
 * <p>The main process's info is made on first use, not when the class loads: a worker sets its
 * own from what its parent told it, and never pays for {@code ProcessHandle.current()} (some
 * milliseconds in a fresh JVM, on the way to its first job).
 */
public final class CurrentProcess {
  private static ProcessInfo info; // guarded by CurrentProcess.class

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
   * Called in a child worker when it starts running a job.
   *
   * @param name the job's name
   * @param pid this process's pid, as the parent that spawned it knows it
   * @param parentPid the parent's pid
   * @param daemon whether the job is a daemon
   */
  public static synchronized void becomeChild(String name, long pid, long parentPid, boolean daemon) {
    info = new ProcessInfo(name, pid, parentPid, true, daemon);
  }
}

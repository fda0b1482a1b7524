package dev.multitask.job;

import dev.multitask.ProcessInfo;

/** Holds this JVM's {@link ProcessInfo}; a child worker replaces it when it takes a job. */
public final class CurrentProcess {
  private static volatile ProcessInfo info = mainProcess();

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
  public static ProcessInfo get() {
    return info;
  }

  /**
   * Called in a child worker when it starts running a job.
   *
   * @param name the job's name
   * @param parentPid the parent's pid
   * @param daemon whether the job is a daemon
   */
  public static void becomeChild(String name, long parentPid, boolean daemon) {
    info = new ProcessInfo(name, ProcessHandle.current().pid(), parentPid, true, daemon);
  }
}

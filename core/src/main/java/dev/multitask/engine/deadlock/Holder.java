package dev.multitask.engine.deadlock;

/**
 * A thread of a process that holds or waits for a lock: a node of the wait-for graph.
 *
 * @param pid the process id
 * @param threadId the thread's {@link Thread#threadId()} in that process
 */
public record Holder(long pid, long threadId) {
  private static final long SELF_PID = ProcessHandle.current().pid();

  /** The calling thread. */
  public static Holder current() {
    return new Holder(SELF_PID, Thread.currentThread().threadId());
  }

  /** Whether this node is a thread of this JVM. */
  public boolean isLocal() {
    return pid == SELF_PID;
  }

  @Override
  public String toString() {
    return "thread " + threadId + " of pid " + pid;
  }
}

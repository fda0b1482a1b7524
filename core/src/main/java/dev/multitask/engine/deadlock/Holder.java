package dev.multitask.engine.deadlock;

import dev.multitask.engine.CurrentProcess;

/**
 * A thread of a process that holds or waits for a lock: a node of the wait-for graph.
 *
 * @param pid the process id
 * @param threadId the thread's {@link Thread#threadId()} in that process
 */
public record Holder(long pid, long threadId) {
  // a worker knows its pid from its bootstrap; ProcessHandle.current() costs a fresh JVM ~10 ms
  private static final long SELF_PID = CurrentProcess.get().pid();

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

package dev.multitask.local;

import dev.multitask.Task;
import dev.multitask.engine.NonDaemonKeeper;
import dev.multitask.spi.BaseJob;

/**
 * A job on a platform or virtual thread of this JVM. Exit code 0 when the body returns, 1 when it
 * throws (the stack trace is printed to {@code System.err}, as Python prints an uncaught exception
 * in a thread). Terminate and kill interrupt the thread.
 */
final class ThreadJob<R> extends BaseJob<R> {
  private static final long PID = ProcessHandle.current().pid();

  private final boolean keepsJvmAlive;
  private volatile Thread thread;

  ThreadJob(String name, boolean daemon, boolean keepsJvmAlive) {
    super(name, daemon);
    this.keepsJvmAlive = keepsJvmAlive;
  }

  void start(Thread.Builder builder, Task<R> body) {
    if (keepsJvmAlive) {
      NonDaemonKeeper.acquire();
    }
    try {
      thread = builder.name(name()).start(() -> run(body));
    } catch (RuntimeException | Error e) {
      if (keepsJvmAlive) {
        NonDaemonKeeper.release();
      }
      throw e;
    }
  }

  private void run(Task<R> body) {
    R value;
    try {
      value = body.call();
    } catch (Throwable t) {
      System.err.println("Exception in job " + name() + ":");
      t.printStackTrace();
      endWithFailure(1, "failed: " + t, t);
      if (t instanceof Error error && !(t instanceof StackOverflowError)) {
        throw error;
      }
      return;
    }
    endWithResult(0, value);
  }

  @Override
  protected void onEnded() {
    if (keepsJvmAlive) {
      NonDaemonKeeper.release();
    }
  }

  @Override
  protected void onClosed() {
    thread = null;
  }

  @Override
  public long pid() {
    return PID;
  }

  /** The job's own thread: {@link #run} ends the job there, and a trace asks as it ends. */
  @Override
  protected long traceThread() {
    return Thread.currentThread().threadId();
  }

  @Override
  public void terminate() {
    interrupt();
  }

  @Override
  public void kill() {
    interrupt();
  }

  private void interrupt() {
    Thread t = thread;
    if (isAlive() && t != null) { // isAlive() first: a closed job refuses
      t.interrupt();
    }
  }
}

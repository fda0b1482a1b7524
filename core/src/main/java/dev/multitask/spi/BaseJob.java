package dev.multitask.spi;

import dev.multitask.Job;
import dev.multitask.JobFailedException;
import dev.multitask.trace.Recorder;
import dev.multitask.trace.TraceEvent;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * What every backend's job shares: the name, the daemon flag, the end state and the result.
 *
 * <p>States: running (from construction) → ended (exactly once, through {@link #endWithResult} or
 * {@link #endWithFailure}) → closed ({@link #close()}, by the user). The exit code is published
 * before the result future completes, and both before {@link #join()} returns, so any of them
 * observes the other two.
 *
 * @param <R> the result type
 */
public abstract class BaseJob<R> implements Job<R> {
  private static final int RUNNING = Integer.MIN_VALUE;

  private final String name;
  private final boolean daemon;
  private final CompletableFuture<R> result = new CompletableFuture<>();
  private final CountDownLatch ended = new CountDownLatch(1);
  private volatile int exitCode = RUNNING;
  private volatile boolean closed;

  /** When the job was made, if a trace was recording then; else 0 (its end is not recorded). */
  private final long traceStart = Recorder.isOn() ? Recorder.now() : 0;

  /**
   * A running job.
   *
   * @param name its name
   * @param daemon whether it is a daemon
   */
  protected BaseJob(String name, boolean daemon) {
    this.name = name;
    this.daemon = daemon;
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final boolean isDaemon() {
    return daemon;
  }

  @Override
  public final boolean isAlive() {
    checkOpen();
    return exitCode == RUNNING;
  }

  @Override
  public final OptionalInt exitCode() {
    checkOpen();
    return code();
  }

  private OptionalInt code() {
    int code = exitCode;
    return code == RUNNING ? OptionalInt.empty() : OptionalInt.of(code);
  }

  @Override
  public final void join() throws InterruptedException {
    checkOpen();
    ended.await();
  }

  @Override
  public final boolean join(Duration timeout) throws InterruptedException {
    long nanos = Timeouts.nanos(timeout); // a negative timeout throws, as in every other timed call
    checkOpen();
    if (nanos == 0) {
      return ended.getCount() == 0;
    }
    return ended.await(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public final R result() throws InterruptedException {
    checkOpen();
    ended.await();
    try {
      return result.get();
    } catch (ExecutionException e) {
      // a fresh exception each time, so its stack trace shows this call site
      JobFailedException failure = (JobFailedException) e.getCause();
      JobFailedException rethrown =
          new JobFailedException(name, exitCode, failure.getMessage(), failure.getCause());
      rethrown.addSuppressed(failure);
      throw rethrown;
    }
  }

  @Override
  public final CompletableFuture<R> future() {
    checkOpen();
    return result.copy();
  }

  @Override
  public final void close() {
    if (closed) {
      return;
    }
    if (ended.getCount() != 0) { // after the end's bookkeeping too, not only the exit code
      throw new IllegalStateException(
          "job "
              + name
              + " is still running: join it (or terminate()"
              + " and join it) before close(), as Python's Process.close() raises ValueError");
    }
    closed = true;
    result.obtrudeValue(null); // the value or failure goes; result() is refused from now on
    onClosed();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException(
          "job "
              + name
              + " is closed: only its name, pid and daemon"
              + " flag are kept (Python's ValueError: process object is closed)");
    }
  }

  /** Called once by {@link #close()}: drop what the ended job still refers to. */
  protected void onClosed() {}

  /**
   * Ends the job with a value.
   *
   * @param code the exit code
   * @param value the result
   * @return false if the job had already ended
   */
  protected final boolean endWithResult(int code, R value) {
    if (!markEnded(code)) {
      return false;
    }
    result.complete(value);
    afterEnd(code, "ok");
    return true;
  }

  /**
   * Ends the job with a failure.
   *
   * @param code the exit code
   * @param message what happened, without the job's name (added here)
   * @param cause the body's exception, or null
   * @return false if the job had already ended
   */
  protected final boolean endWithFailure(int code, String message, Throwable cause) {
    if (!markEnded(code)) {
      return false;
    }
    result.completeExceptionally(
        new JobFailedException(name, code, "job " + name + " " + message, cause));
    afterEnd(code, "failed");
    return true;
  }

  private synchronized boolean markEnded(int code) {
    if (exitCode != RUNNING) {
      return false;
    }
    exitCode = code;
    return true;
  }

  private void afterEnd(int code, String outcome) {
    if (traceStart != 0) {
      // before join() returns, so that a trace stopped after join() has the job
      Recorder.job(name, pid(), traceThread(), traceStart, code, outcome);
    }
    ended.countDown();
    onEnded();
  }

  /**
   * The thread a trace draws the job on: by default {@link TraceEvent#MAIN_THREAD}, the main thread
   * of the job's process ({@link #pid()}); a job on a thread of this process names it.
   *
   * @return a thread id of the job's process
   */
  protected long traceThread() {
    return TraceEvent.MAIN_THREAD;
  }

  /** Called once, right after the job has ended. */
  protected void onEnded() {}

  @Override
  public String toString() {
    OptionalInt code = code();
    return getClass().getSimpleName()
        + "["
        + name
        + ", pid="
        + pid()
        + (code.isPresent() ? ", exitCode=" + code.getAsInt() : ", running")
        + (daemon ? ", daemon" : "")
        + (closed ? ", closed" : "")
        + "]";
  }
}

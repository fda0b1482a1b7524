package dev.multitask;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * A started unit of work: Python's {@code multiprocessing.Process}, {@code threading.Thread} or a
 * spawned coroutine, with the result of a future on top.
 *
 * <p><b>States.</b> A job is <em>running</em> from {@link Context#start} until its body has
 * returned or thrown and, for processes, its JVM has exited; then it has <em>ended</em>, and {@link
 * #exitCode()} is set. It never runs again.
 *
 * <p><b>Exit codes</b> follow Python: 0 when the body returned; 1 when it threw; {@code n} when it
 * called {@code System.exit(n)}; {@code -N} when the process was killed by signal {@code N} (so
 * {@link #kill()} gives -9 and {@link #terminate()} -15). Thread and coroutine jobs end with 0 or 1
 * only.
 *
 * <p><b>Stopping.</b> For processes {@link #terminate()} sends SIGTERM and {@link #kill()} SIGKILL:
 * the child dies at once, as Python's, without running shutdown hooks. For threads and coroutines
 * both interrupt the job's thread: stopping is cooperative, and a body that ignores interrupts runs
 * on.
 *
 * <p>All methods may be called from any thread. Memory consistency effects: actions of the body
 * happen-before a successful return from {@link #join()}, {@link #result()} or the completion of
 * {@link #future()} (for processes, through the result's serialization).
 *
 * @param <R> the type of the result
 */
public interface Job<R> {
  /**
   * The job's name, unique within its context unless the user chose it.
   *
   * @return the name
   */
  String name();

  /**
   * The operating-system process id running the job: the child's pid for processes, this JVM's pid
   * for threads and coroutines.
   *
   * @return the pid
   */
  long pid();

  /**
   * Whether the job is a daemon.
   *
   * @return the daemon flag
   */
  boolean isDaemon();

  /**
   * Whether the job has not ended yet.
   *
   * @return true while running
   */
  boolean isAlive();

  /**
   * Waits until the job has ended.
   *
   * @throws InterruptedException if the waiting thread is interrupted; the job runs on
   */
  void join() throws InterruptedException;

  /**
   * Waits at most {@code timeout} for the job to end.
   *
   * @param timeout how long to wait; zero only checks
   * @return true if the job has ended, false if the time ran out
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is negative, as for every timed call
   * @throws InterruptedException if the waiting thread is interrupted; the job runs on
   */
  boolean join(Duration timeout) throws InterruptedException;

  /**
   * Asks the job to stop: SIGTERM for processes, an interrupt for threads and coroutines. Does
   * nothing once the job has ended.
   */
  void terminate();

  /**
   * Stops the job: SIGKILL for processes, an interrupt for threads and coroutines. Does nothing
   * once the job has ended.
   */
  void kill();

  /**
   * The exit code once the job has ended (see the class documentation), empty while running.
   *
   * @return the exit code, or empty
   */
  OptionalInt exitCode();

  /**
   * Waits for the job and returns its body's result.
   *
   * @return the value the body returned ({@code null} for an {@link Action})
   * @throws JobFailedException if the body threw (the exception, or a faithful stand-in, is the
   *     cause), or the job ended without a result (killed, or {@code System.exit} before a {@link
   *     Task} returned; an {@link Action} that calls {@code System.exit(0)} has succeeded, as a
   *     Python child's {@code sys.exit(0)}); the message gives the exit code and signal
   * @throws InterruptedException if the waiting thread is interrupted; the job runs on
   */
  R result() throws JobFailedException, InterruptedException;

  /**
   * A future completed with the result, or exceptionally with the {@link JobFailedException} that
   * {@link #result()} would throw. Cancelling the future does not stop the job; use {@link
   * #terminate()} for that.
   *
   * @return the future of the result
   */
  CompletableFuture<R> future();

  /**
   * Releases what the ended job still holds (its result or failure, its process or thread handle),
   * as Python's {@code Process.close()}. Afterwards {@link #name()}, {@link #pid()} and {@link
   * #isDaemon()} still answer; every other method throws {@link IllegalStateException}. Closing
   * twice does nothing.
   *
   * @throws IllegalStateException if the job has not ended (Python's {@code ValueError}): join it
   *     first, or terminate and join it
   */
  void close();
}

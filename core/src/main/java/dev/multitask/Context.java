package dev.multitask;

import java.util.List;
/**
 * Where jobs run, as Python's {@code multiprocessing.get_context()}: child JVMs
 * ({@link Multitask#processes()}), platform threads ({@link Multitask#threads()}) or virtual
 * threads ({@link Multitask#coroutines()}). A program written against {@code Context} changes
 * execution model by changing the line that makes it.
 *
 * <p>A context may be used by many threads at once. {@link #close()} ends it as Python's main
 * process ends: daemon jobs are stopped, non-daemon jobs are waited for, and the context's
 * resources (for processes: warm standby workers) are released. Closing twice does nothing.
 */
public interface Context extends AutoCloseable {

  /**
   * Starts a job running {@code body} with default settings, as {@code job(body).start()}.
   *
   * @param body the work; for processes it is serialized here, so an unserializable capture
   *     fails in this call
   * @param <R> the type of the result
   * @return the started job
   * @throws NullPointerException if {@code body} is null
   * @throws IllegalArgumentException if {@code body} cannot be serialized for a child JVM
   * @throws IllegalStateException if the context is closed, or the caller is a daemon process
   *     job (which may not start processes, as in Python)
   */
  <R> Job<R> start(Task<R> body);

  /**
   * Starts a job running {@code body} with default settings; its result is {@code null}.
   *
   * @param body the work
   * @return the started job
   * @throws NullPointerException if {@code body} is null
   * @throws IllegalArgumentException if {@code body} cannot be serialized for a child JVM
   * @throws IllegalStateException if the context is closed, or the caller is a daemon process job
   */
  Job<Void> start(Action body);

  /**
   * Describes a job before starting it: its name, daemon flag and, for processes, its options.
   *
   * @param body the work
   * @param <R> the type of the result
   * @return a builder whose {@link JobBuilder#start()} starts the job once
   * @throws NullPointerException if {@code body} is null
   */
  <R> JobBuilder<R> job(Task<R> body);

  /**
   * Describes a job without a result before starting it.
   *
   * @param body the work
   * @return a builder whose {@link JobBuilder#start()} starts the job once
   * @throws NullPointerException if {@code body} is null
   */
  JobBuilder<Void> job(Action body);

  /**
   * The jobs started by this context that have not ended yet, as Python's
   * {@code multiprocessing.active_children()}.
   *
   * @return a snapshot, in no particular order
   */
  List<Job<?>> activeChildren();

  /**
   * Ends the context: no new jobs, daemon jobs stopped, non-daemon jobs waited for.
   * Daemon jobs are stopped first, as Python's main process terminates its daemonic children
   * before joining the others (for threads and coroutines, stopping is an interrupt).
   * If the waiting thread is interrupted, the wait ends and the interrupt flag is kept.
   */
  @Override
  void close();
}

package dev.multitask;

/**
 * Settings of one job before it starts, as the keyword arguments of Python's {@code
 * Process(name=..., daemon=...)}. Not thread-safe; {@link #start()} may be called once.
 *
 * @param <R> the type of the job's result
 */
public interface JobBuilder<R> {
  /**
   * Names the job (Python's {@code name=}); the default is {@code Process-N}, {@code Thread-N} or
   * {@code Coroutine-N}.
   *
   * @param name a non-blank name
   * @return this builder
   * @throws IllegalArgumentException if {@code name} is null or blank
   */
  JobBuilder<R> name(String name);

  /**
   * Marks the job as a daemon (Python's {@code daemon=True}): it is stopped when the code of the
   * program that started it ends, instead of being waited for; a daemon process job may not start
   * process jobs of its own.
   *
   * @param daemon whether the job is a daemon
   * @return this builder
   */
  JobBuilder<R> daemon(boolean daemon);

  /**
   * Options of the child JVM that runs this job (heap cap, JVM flags, environment, working
   * directory); they replace the context's options for this job. Ignored by the thread and
   * coroutine contexts, which have no JVM of their own.
   *
   * @param options the options
   * @return this builder
   * @throws NullPointerException if {@code options} is null
   */
  JobBuilder<R> options(ProcessOptions options);

  /**
   * Starts the job.
   *
   * @return the running job
   * @throws IllegalStateException if this builder already started a job, the context is closed, or
   *     a daemon process job tries to start a process job
   * @throws IllegalArgumentException if the body cannot be serialized for a child JVM
   */
  Job<R> start();
}

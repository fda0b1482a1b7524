package dev.multitask.pool;

import dev.multitask.Action;
import dev.multitask.ProcessOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How a pool is made: its workers, their set-up and recycling, the default deadline of a task, the
 * queue policy and a progress listener. Immutable; each method returns new options.
 *
 * <pre>{@code
 * ctx.pool(PoolOptions.workers(4).initializer(() -> warmUp()).maxTasksPerWorker(100)
 *     .deadline(Duration.ofSeconds(30)).policy(QueuePolicy.SHORTEST_JOB_FIRST));
 * }</pre>
 *
 * <p><b>How many workers.</b> A pool starts all its workers at once, so its size is limited per
 * backend, and {@code ctx.pool(n)} beyond the limit throws {@link IllegalArgumentException} naming
 * {@code n} and the limit:
 *
 * <ul>
 *   <li>processes: at most {@value #PROCESS_WORKERS_PER_CPU} worker JVMs per CPU ({@code
 *       Multitask.cpuCount()}), and at most one per {@value #MEMORY_PER_PROCESS_WORKER_MIB} MiB of
 *       the memory the machine (or the process's control group, when its limit is lower) has: an
 *       idle worker JVM holds some 55 MiB resident, and CPU-bound work gains nothing past one
 *       worker per CPU, while work that waits on I/O is better served by threads;
 *   <li>threads: at most {@value #MAX_THREAD_WORKERS} platform threads;
 *   <li>coroutines: no limit (a virtual thread per worker costs a few hundred bytes while idle).
 * </ul>
 */
public final class PoolOptions {
  /** The most worker JVMs a process pool may start per CPU. */
  public static final int PROCESS_WORKERS_PER_CPU = 32;

  /** A process pool may start at most one worker JVM per this many MiB of the machine's memory. */
  public static final int MEMORY_PER_PROCESS_WORKER_MIB = 64;

  /** The most workers of a pool of platform threads ({@code Multitask.threads()}). */
  public static final int MAX_THREAD_WORKERS = 10_000;

  private final int workers;
  private final Action initializer;
  private final int maxTasksPerWorker;
  private final Duration deadline;
  private final QueuePolicy policy;
  private final ProcessOptions processOptions;
  private final Consumer<Progress> progress;

  private PoolOptions(
      int workers,
      Action initializer,
      int maxTasksPerWorker,
      Duration deadline,
      QueuePolicy policy,
      ProcessOptions processOptions,
      Consumer<Progress> progress) {
    this.workers = workers;
    this.initializer = initializer;
    this.maxTasksPerWorker = maxTasksPerWorker;
    this.deadline = deadline;
    this.policy = policy;
    this.processOptions = processOptions;
    this.progress = progress;
  }

  /**
   * Options for a pool of {@code workers} workers, everything else default: no initializer, workers
   * never recycled, no deadline, first come first served, default {@link ProcessOptions} (one warm
   * standby worker), no progress listener.
   *
   * @param workers the number of workers, {@code >= 1}; the context's {@code pool(options)} refuses
   *     more than its backend allows on this machine (see above)
   * @return the options
   * @throws IllegalArgumentException if {@code workers < 1}
   */
  public static PoolOptions workers(int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("a pool needs at least 1 worker: workers=" + workers);
    }
    return new PoolOptions(
        workers,
        null,
        0,
        null,
        QueuePolicy.FIRST_COME_FIRST_SERVED,
        ProcessOptions.defaults(),
        null);
  }

  /**
   * Runs {@code initializer} once in each worker before its first task, as Python's {@code
   * Pool(initializer=...)}. A worker whose initializer throws is not used: the task it was started
   * for fails with an exception that names the initializer and the worker's process and has the
   * initializer's exception as its cause; the next task starts a new worker and tries again.
   *
   * @param initializer the set-up; serializable for processes
   * @return new options
   */
  public PoolOptions initializer(Action initializer) {
    Objects.requireNonNull(initializer, "initializer");
    return new PoolOptions(
        workers, initializer, maxTasksPerWorker, deadline, policy, processOptions, progress);
  }

  /**
   * Replaces each worker after {@code tasks} tasks, as Python's {@code maxtasksperchild}.
   *
   * @param tasks tasks per worker, {@code >= 1}, or 0 for no limit
   * @return new options
   * @throws IllegalArgumentException if {@code tasks < 0}
   */
  public PoolOptions maxTasksPerWorker(int tasks) {
    if (tasks < 0) {
      throw new IllegalArgumentException("maxTasksPerWorker must be >= 0 (0 = no limit): " + tasks);
    }
    return new PoolOptions(workers, initializer, tasks, deadline, policy, processOptions, progress);
  }

  /**
   * The deadline of every task that is not given its own, counted from when a worker starts it.
   *
   * @param deadline a positive duration
   * @return new options
   * @throws IllegalArgumentException if {@code deadline} is not positive
   */
  public PoolOptions deadline(Duration deadline) {
    Objects.requireNonNull(deadline, "deadline");
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline must be positive: " + deadline);
    }
    return new PoolOptions(
        workers, initializer, maxTasksPerWorker, deadline, policy, processOptions, progress);
  }

  /**
   * The order of waiting tasks.
   *
   * @param policy the policy
   * @return new options
   */
  public PoolOptions policy(QueuePolicy policy) {
    Objects.requireNonNull(policy, "policy");
    return new PoolOptions(
        workers, initializer, maxTasksPerWorker, deadline, policy, processOptions, progress);
  }

  /**
   * How worker processes are started: heap cap, JVM flags, environment, working directory and the
   * number of warm standby workers that replace a dead or recycled one at once.
   *
   * @param options the process options
   * @return new options
   */
  public PoolOptions processOptions(ProcessOptions options) {
    Objects.requireNonNull(options, "options");
    return new PoolOptions(
        workers, initializer, maxTasksPerWorker, deadline, policy, options, progress);
  }

  /**
   * Caps each worker process's heap, as {@code processOptions(...maxHeapMegabytes(megabytes))}.
   *
   * @param megabytes the cap in MiB, at least 8
   * @return new options
   */
  public PoolOptions maxHeapMegabytes(long megabytes) {
    return processOptions(processOptions.maxHeapMegabytes(megabytes));
  }

  /**
   * Keeps {@code workers} warm standby worker processes, as {@code
   * processOptions(...standby(workers))}.
   *
   * @param workers standby workers, {@code >= 0}
   * @return new options
   */
  public PoolOptions standby(int workers) {
    return processOptions(processOptions.standby(workers));
  }

  /**
   * Calls {@code listener} after each finished chunk of a {@code map}, {@code mapAsync} or {@code
   * imap}, on a pool thread, one report at a time (never two at once, even for concurrent calls,
   * which {@link Progress#call()} tells apart); an exception in it is logged and ignored. It should
   * return quickly and must not wait for the pool.
   *
   * @param listener the listener
   * @return new options
   */
  public PoolOptions onProgress(Consumer<Progress> listener) {
    Objects.requireNonNull(listener, "listener");
    return new PoolOptions(
        workers, initializer, maxTasksPerWorker, deadline, policy, processOptions, listener);
  }

  /**
   * The number of workers.
   *
   * @return the worker count
   */
  public int workers() {
    return workers;
  }

  /**
   * The initializer.
   *
   * @return it, or null
   */
  public Action initializer() {
    return initializer;
  }

  /**
   * Tasks per worker before it is replaced.
   *
   * @return the limit, 0 for none
   */
  public int maxTasksPerWorker() {
    return maxTasksPerWorker;
  }

  /**
   * The default deadline.
   *
   * @return it, or null for none
   */
  public Duration deadline() {
    return deadline;
  }

  /**
   * The queue policy.
   *
   * @return the policy
   */
  public QueuePolicy policy() {
    return policy;
  }

  /**
   * How worker processes are started.
   *
   * @return the process options
   */
  public ProcessOptions processOptions() {
    return processOptions;
  }

  /**
   * The progress listener.
   *
   * @return it, or null
   */
  public Consumer<Progress> progress() {
    return progress;
  }

  @Override
  public String toString() {
    return "PoolOptions[workers="
        + workers
        + ", initializer="
        + (initializer != null)
        + ", maxTasksPerWorker="
        + maxTasksPerWorker
        + ", deadline="
        + deadline
        + ", policy="
        + policy
        + ", "
        + processOptions
        + "]";
  }
}

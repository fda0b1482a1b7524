package dev.multitask.spi;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.ipc.JoinableQueue;
import dev.multitask.ipc.Pipe;
import dev.multitask.pool.PoolOptions;
import dev.multitask.shared.Manager;
import java.time.Duration;

/**
 * An execution model: what a {@link Context} needs from it. One implementation per backend: child
 * JVMs on this host, platform threads, virtual threads, a cluster of worker JVMs. The context is
 * one class over this interface, so every backend gets the same argument checks, the same job
 * tracking and closing rule, the same pool engine (over {@link PoolWorkers}), the same pipes (over
 * its queues), timed barriers and lock-free shared values.
 *
 * <p>The sync objects and shared values come from the {@link Primitives} part of it.
 *
 * <p>Arguments arrive checked (not null unless said, counts not negative, sizes positive) and the
 * context open. Objects a backend makes may be captured by a job of the same backend and must then
 * work there as here. Calls may come from any thread.
 */
public interface Backend extends Primitives {
  /**
   * A short name for messages.
   *
   * @return {@code "processes"}, {@code "threads"}, {@code "coroutines"}, ...
   */
  String name();

  /**
   * Starts a job.
   *
   * @param request the body, name, daemon flag and options
   * @param <R> the result type
   * @return the running job
   */
  <R> Job<R> launch(JobRequest<R> request);

  /**
   * Makes a queue (every queue counts unfinished tasks: it serves {@code joinableQueue} too).
   *
   * @param request the order, capacity and comparator
   * @param <T> the element type
   * @return a new, empty queue
   */
  <T> JoinableQueue<T> queue(QueueRequest<T> request);

  /**
   * Makes a pipe.
   *
   * @param duplex whether both ends send and receive
   * @param <T> the message type
   * @return the pipe
   */
  <T> Pipe<T> pipe(boolean duplex);

  /**
   * Makes a manager.
   *
   * @param context this backend's context: the manager's queues, locks and values come from it
   * @return the manager, open
   */
  Manager manager(Context context);

  /**
   * Says how a pool makes and feeds its workers.
   *
   * @param options the pool's options
   * @return the pool's workers' maker
   */
  PoolWorkers poolWorkers(PoolOptions options);

  /**
   * Refuses a pool this backend cannot start all at once; does nothing where there is no limit.
   *
   * @param workers the pool's size
   * @throws IllegalArgumentException naming {@code workers} and the limit
   */
  default void checkPoolSize(int workers) {}

  /**
   * Waits until new jobs start at full speed (standby workers ready, caches trained); at once where
   * there is nothing to wait for.
   *
   * @param timeout how long to wait at most
   * @return whether they do now
   * @throws InterruptedException if interrupted while waiting
   */
  default boolean awaitWarm(Duration timeout) throws InterruptedException {
    return true;
  }

  /** Releases what the backend holds; called once, after the context's jobs and pools ended. */
  void close();
}

package dev.multitask.pool;

import dev.multitask.Action;
import dev.multitask.Fn;
import dev.multitask.Task;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A pool of workers, as Python's {@code multiprocessing.Pool} and {@code concurrent.futures}
 * executors in one type. Made by {@code ctx.pool(n)} or {@code ctx.pool(options)}: child JVMs for
 * {@code Multitask.processes()}, platform threads for {@code threads()}, virtual threads for {@code
 * coroutines()}.
 *
 * <pre>{@code
 * try (Pool pool = ctx.pool(4)) {
 *   List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3));
 *   CompletableFuture<String> f = pool.submit(() -> "hello");
 * }
 * }</pre>
 *
 * <p><b>Failures.</b> A task's exception fails its future: {@code get()} throws an {@link
 * java.util.concurrent.ExecutionException} whose cause is the exception itself, or, when it cannot
 * travel from a worker process, a {@link dev.multitask.StandInException} standing in for it. A
 * worker process that dies fails only the task it was running ({@link WorkerDiedException}) and is
 * replaced; a map item it was running runs again on another worker, with the other items of its
 * chunk, unless the item killed its workers by itself ({@link TaskQuarantinedException} after
 * {@value TaskQuarantinedException#KILLS}); a task past its deadline fails with {@link
 * TaskTimeoutException} and its worker is replaced; the pool stays usable in every case.
 *
 * <p><b>Cancelling.</b> {@code future.cancel(false)} is Python's {@code Future.cancel()}: it
 * cancels a task no worker has taken yet (the task never runs) and returns {@code false} once a
 * worker has (the task runs on). {@code cancel(true)} is multitask's extension: it also stops a
 * running task, by killing its worker process (which the pool replaces) or interrupting its thread.
 *
 * <p><b>Lifecycle.</b> open → {@link #close()} (no new work; queued and running tasks finish;
 * workers stop) or {@link #terminate()} (workers killed, unfinished futures cancelled) → ended.
 * Submitting after either is a {@link java.util.concurrent.RejectedExecutionException}.
 */
public interface Pool extends AutoCloseable {
  /**
   * Queues {@code task}, as {@code executor.submit(fn)} or {@code pool.apply_async(fn)}.
   *
   * @param task the task
   * @param <R> the result type
   * @return its future; it completes on a pool thread
   * @throws java.util.concurrent.RejectedExecutionException if the pool is closed
   * @throws IllegalArgumentException for processes, if the task cannot be serialized (naming the
   *     field)
   */
  <R> CompletableFuture<R> submit(Task<R> task);

  /**
   * Queues {@code action}, a task without a result, as {@code executor.submit(fn)} for a function
   * that returns nothing.
   *
   * @param action the action
   * @return its future, completed with null when the action ends
   * @throws java.util.concurrent.RejectedExecutionException if the pool is closed
   * @throws IllegalArgumentException for processes, if the action cannot be serialized (naming the
   *     field)
   */
  CompletableFuture<Void> submit(Action action);

  /**
   * Queues {@code task} with a deadline, counted from when a worker starts it.
   *
   * @param task the task
   * @param deadline how long it may run; past it the task is stopped and fails with {@link
   *     TaskTimeoutException}
   * @param <R> the result type
   * @return its future
   * @throws java.util.concurrent.RejectedExecutionException if the pool is closed
   * @throws IllegalArgumentException if {@code deadline} is not positive, or the task cannot be
   *     serialized
   */
  <R> CompletableFuture<R> submit(Task<R> task, Duration deadline);

  /**
   * Queues {@code task} with a rank: its priority under {@link QueuePolicy#PRIORITY}, its cost hint
   * under {@link QueuePolicy#SHORTEST_JOB_FIRST} (its expected run time in nanoseconds, e.g. {@code
   * Duration.ofMillis(20).toNanos()}, which competes with the run times the pool predicts for tasks
   * submitted without a hint); lower runs first either way. Ignored under {@link
   * QueuePolicy#FIRST_COME_FIRST_SERVED}.
   *
   * @param task the task
   * @param rank the priority, or the expected run time in nanoseconds
   * @param <R> the result type
   * @return its future
   * @throws java.util.concurrent.RejectedExecutionException if the pool is closed
   */
  <R> CompletableFuture<R> submit(Task<R> task, long rank);

  /**
   * Queues {@code task} and calls back when it ends, as Python's {@code apply_async(fn, callback=,
   * error_callback=)}. Callbacks run on a pool thread; one that throws is logged to {@code
   * System.err} and harms nothing else.
   *
   * @param task the task
   * @param onSuccess called with the result
   * @param onError called with the failure
   * @param <R> the result type
   * @return its future
   * @throws java.util.concurrent.RejectedExecutionException if the pool is closed
   */
  <R> CompletableFuture<R> applyAsync(
      Task<R> task, Consumer<? super R> onSuccess, Consumer<? super Throwable> onError);

  /**
   * Applies {@code fn} to every item and returns the results in input order, as Python's {@code
   * pool.map(fn, items)}; items travel in chunks of a size chosen for the input.
   *
   * @param fn the function
   * @param items the input
   * @param <T> the item type
   * @param <R> the result type
   * @return the results, in input order
   * @throws MapFailedException naming the first failed item's index (the other items still run)
   * @throws InterruptedException if interrupted while waiting; the remaining chunks are cancelled
   */
  <T, R> List<R> map(Fn<T, R> fn, Iterable<T> items) throws InterruptedException;

  /**
   * As {@link #map(Fn, Iterable)}, sending {@code chunkSize} items per task.
   *
   * @param fn the function
   * @param items the input
   * @param chunkSize items per task, {@code >= 1}
   * @param <T> the item type
   * @param <R> the result type
   * @return the results, in input order
   * @throws MapFailedException naming the first failed item's index
   * @throws InterruptedException if interrupted while waiting; the remaining chunks are cancelled
   */
  <T, R> List<R> map(Fn<T, R> fn, Iterable<T> items, int chunkSize) throws InterruptedException;

  /**
   * As {@link #map(Fn, Iterable)}, giving up after {@code timeout}, as Python's {@code
   * executor.map(fn, items, timeout=t)}: then the chunks no worker has taken yet are cancelled (the
   * running ones finish; their results are dropped) and {@link TimeoutException} is thrown.
   *
   * @param fn the function
   * @param items the input
   * @param timeout how long the whole map may take, counted from this call
   * @param <T> the item type
   * @param <R> the result type
   * @return the results, in input order
   * @throws TimeoutException if not every result came within {@code timeout}
   * @throws MapFailedException naming the first failed item's index
   * @throws InterruptedException if interrupted while waiting; the remaining chunks are cancelled
   * @throws IllegalArgumentException if {@code timeout} is negative
   */
  <T, R> List<R> map(Fn<T, R> fn, Iterable<T> items, Duration timeout)
      throws InterruptedException, TimeoutException;

  /**
   * As {@link #map(Fn, Iterable)} without waiting, as Python's {@code map_async}: the future
   * completes once every chunk has ended, with the results in input order or with a {@link
   * MapFailedException} naming the first failed item in input order. Cancelling it cancels the
   * chunks still queued; {@code cancel(true)} also stops the running ones. Add callbacks with
   * {@code whenComplete}.
   *
   * @param fn the function
   * @param items the input, read before this method returns
   * @param <T> the item type
   * @param <R> the result type
   * @return the results to come
   * @throws java.util.concurrent.RejectedExecutionException if the pool is closed
   */
  <T, R> CompletableFuture<List<R>> mapAsync(Fn<T, R> fn, Iterable<T> items);

  /**
   * As {@link #mapAsync(Fn, Iterable)}, sending {@code chunkSize} items per task.
   *
   * @param fn the function
   * @param items the input, read before this method returns
   * @param chunkSize items per task, {@code >= 1}
   * @param <T> the item type
   * @param <R> the result type
   * @return the results to come
   * @throws java.util.concurrent.RejectedExecutionException if the pool is closed
   */
  <T, R> CompletableFuture<List<R>> mapAsync(Fn<T, R> fn, Iterable<T> items, int chunkSize);

  /**
   * Applies {@code fn} lazily, in input order, as Python's {@code imap}: items are read and sent
   * only as results are consumed, at most a few chunks per worker ahead, so an endless input takes
   * bounded memory. A failed item throws {@link MapFailedException} from the stream when its turn
   * comes; closing the stream cancels what is still in flight. An input whose iterator throws ends
   * there: the results of the items read before come out first, then its exception itself, as in
   * Python (the items of a chunk being read when it threw run too).
   *
   * @param fn the function
   * @param items the input, read from the consuming thread
   * @param <T> the item type
   * @param <R> the result type
   * @return the results, in input order
   */
  <T, R> Stream<R> imap(Fn<T, R> fn, Iterable<T> items);

  /**
   * As {@link #imap(Fn, Iterable)}, sending {@code chunkSize} items per task.
   *
   * @param fn the function
   * @param items the input
   * @param chunkSize items per task, {@code >= 1}
   * @param <T> the item type
   * @param <R> the result type
   * @return the results, in input order
   */
  <T, R> Stream<R> imap(Fn<T, R> fn, Iterable<T> items, int chunkSize);

  /**
   * As {@link #imap(Fn, Iterable)}, but in completion order, as Python's {@code imap_unordered}.
   *
   * @param fn the function
   * @param items the input
   * @param <T> the item type
   * @param <R> the result type
   * @return the results, as they complete
   */
  <T, R> Stream<R> imapUnordered(Fn<T, R> fn, Iterable<T> items);

  /**
   * As {@link #imapUnordered(Fn, Iterable)}, sending {@code chunkSize} items per task.
   *
   * @param fn the function
   * @param items the input
   * @param chunkSize items per task, {@code >= 1}
   * @param <T> the item type
   * @param <R> the result type
   * @return the results, as their chunks complete
   */
  <T, R> Stream<R> imapUnordered(Fn<T, R> fn, Iterable<T> items, int chunkSize);

  /**
   * How many workers the pool keeps.
   *
   * @return the worker count
   */
  int workers();

  /**
   * What each task ran on and when: one record per task finished so far (the most recent 100 000).
   *
   * @return the timeline
   */
  Timeline timeline();

  /** Lifts every quarantine: tasks whose code killed workers run again. */
  void releaseQuarantine();

  /**
   * Stops taking work, lets queued and running tasks finish, stops the workers and waits for them:
   * Python's {@code close()} followed by {@code join()}. Idempotent. If the waiting thread is
   * interrupted, the wait ends and the interrupt flag is kept.
   */
  @Override
  void close();

  /**
   * Stops taking work and waits for the workers to stop, as Python's {@code
   * executor.shutdown(wait=True, cancel_futures=...)}: with {@code cancelFutures} the tasks no
   * worker has taken yet are cancelled (their futures report it; a map waiting for them fails with
   * {@link MapFailedException}) and only the running ones finish; without, it is {@link #close()}.
   * Idempotent. If the waiting thread is interrupted, the wait ends and the interrupt flag is kept.
   *
   * @param cancelFutures whether to cancel the queued tasks
   */
  void shutdown(boolean cancelFutures);

  /**
   * Stops now, as Python's {@code terminate()}: workers are killed (threads interrupted), queued
   * and running tasks' futures are cancelled. Idempotent.
   */
  void terminate();

  /**
   * Waits until the pool has ended after {@link #close()} or {@link #terminate()}.
   *
   * @throws InterruptedException if interrupted while waiting
   * @throws IllegalStateException if neither was called (a pool that takes work never ends)
   */
  void join() throws InterruptedException;
}

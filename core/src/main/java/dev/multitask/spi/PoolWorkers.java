package dev.multitask.spi;

import dev.multitask.Fn;
import dev.multitask.Task;
import java.util.List;

/**
 * How one pool's workers are made and fed, one implementation per backend. The pool engine (queue,
 * slots, deadlines, quarantine, map chunking, progress) is the same for every backend and asks only
 * this; it never asks which backend it runs on.
 *
 * <p>The {@code prepare} methods run in the submitting thread, so that a task that cannot travel
 * fails there (a process backend encodes it; a local one keeps the object). The others run in the
 * pool's own threads.
 */
public interface PoolWorkers {
  /**
   * Starts a worker for slot {@code slot} and runs the pool's initializer in it.
   *
   * @param slot the slot's number, from 0
   * @return the worker, ready
   * @throws dev.multitask.pool.InitializerFailedException if the initializer threw; the worker is
   *     already gone
   * @throws InterruptedException if interrupted while starting
   */
  PoolWorker start(int slot) throws InterruptedException;

  /**
   * Makes and starts the thread of a slot.
   *
   * @param body what the thread runs
   * @param name the thread's name
   * @return the started thread
   */
  Thread newThread(Runnable body, String name);

  /**
   * Prepares a submitted task for the workers.
   *
   * @param task the task
   * @return what {@link WorkUnit#body()} then holds
   * @throws IllegalArgumentException if the task cannot reach a worker (it cannot be encoded, or is
   *     too large), naming why
   */
  Object prepare(Task<?> task);

  /**
   * Prepares a map's function once per call, for the chunks of that call.
   *
   * @param fn the function
   * @return what {@link #prepareChunk} takes as its function
   */
  Object prepareFunction(Fn<?, ?> fn);

  /**
   * Prepares a chunk of a map: {@code items} (a view the caller may change afterwards) with the
   * index of the first in the whole input, and the function as {@link #prepareFunction} made it.
   *
   * @param function what {@link #prepareFunction} returned
   * @param start the index in the whole input of the first item
   * @param items the chunk's items
   * @return what {@link WorkUnit#body()} then holds
   */
  Object prepareChunk(Object function, long start, List<?> items);

  /**
   * Items {@code from} (inclusive) to {@code to} (exclusive) of a chunk that {@link #prepareChunk}
   * made, as a chunk of their own, made the same way.
   *
   * @param preparedChunk what {@link #prepareChunk} returned
   * @param from the first item of the slice, from 0
   * @param to one past the last item of the slice
   * @return the slice, prepared
   */
  Object slice(Object preparedChunk, int from, int to);

  /**
   * Whether {@link PoolWorker#abort()} stops a running item for certain (a process is killed);
   * false where a running item can only be asked to stop (a thread is interrupted), and a pool that
   * terminates must then not wait for it.
   *
   * @return whether aborting stops the item
   */
  boolean abortStopsTheItem();

  /** Releases what the workers' backend holds once the pool has ended. */
  void close();
}

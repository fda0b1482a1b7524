package dev.multitask.ipc;

import java.util.concurrent.BlockingQueue;

/**
 * A first-in-first-out (or, as made, last-in-first-out or priority) queue shared by jobs: Python's
 * {@code multiprocessing.Queue} and {@code queue.Queue}, with Java's {@code put}/ {@code
 * take}/{@code offer}/{@code poll} names (Python's {@code get(timeout=t)} is {@link #poll(long,
 * java.util.concurrent.TimeUnit)}, {@code get_nowait()} is {@link #poll()}).
 *
 * <p>Any number of threads in any number of processes may put and take at once; each element is
 * delivered to exactly one taker. For a process context an element is serialized in the thread that
 * puts it, so a value that cannot be serialized fails in {@code put}/{@code offer} with the path to
 * the offending field, and nothing is buffered in a background thread: when {@code put} returns,
 * the element is in shared memory and survives the putting process's exit.
 *
 * <p>Capacity counts elements, as in Python; a queue made with capacity 0 is unbounded and {@code
 * put} never waits. {@link #size()}, {@link #isEmpty()} and {@link #remainingCapacity()} and {@link
 * #peek()} are snapshots: other threads and processes may change the queue before the caller acts
 * on them.
 *
 * <p>Iteration is the same on every backend. {@link #iterator()} is weakly consistent: it walks a
 * snapshot of the elements, taken when it is made, in the order {@code take} would return them; it
 * never throws {@link java.util.ConcurrentModificationException} and shows nothing put or taken
 * after the snapshot. {@code contains}, {@code toArray} and the enhanced {@code for} walk such a
 * snapshot. A process queue copies the encoded elements in one step under its lock and decodes them
 * outside it, as the walk reaches them (a priority queue's at once, to sort them): the walk costs a
 * decode per element and a copy of the queue's bytes, and holds up takers only for the copy.
 * Elements leave a queue only at its head ({@code take}, the {@code poll} forms, {@link #drainTo},
 * {@code clear}); removing from the middle is not supported on any backend: {@code
 * iterator().remove()}, {@code remove(Object)}, {@code removeAll}, {@code retainAll} and {@code
 * removeIf} throw {@link UnsupportedOperationException}.
 *
 * <p>Memory consistency effects: actions of a thread before it puts an element happen-before the
 * actions of the thread, in whatever process, that takes that element.
 *
 * @param <T> the element type; {@code null} is not allowed (as in every {@link BlockingQueue})
 */
public interface Queue<T> extends BlockingQueue<T> {

  /**
   * Closes the queue for every holder, in every process: later puts throw {@link
   * QueueClosedException}; takers drain what is left, after which {@link #take()} throws {@link
   * QueueClosedException} and the {@code poll} forms return {@code null} at once. Threads blocked
   * in either are woken. Closing twice does nothing.
   *
   * <p>How a consumer ends: loop on {@link #take()} until it throws {@link QueueClosedException}. A
   * consumer that polls with a timeout must not stop at the first {@code null} it sees on a closed
   * queue: that {@code null} may only say that the time ran out (elements put just before the
   * close, or another taker holding the queue, a process stopped by a signal for instance). Once
   * {@link #isClosed()} is true nothing more arrives, so finish with {@code take()}, which returns
   * what is left and then throws:
   *
   * <pre>{@code
   * while (true) {
   *   T e = q.poll(1, SECONDS);
   *   if (e != null) { handle(e); continue; }
   *   if (!q.isClosed()) continue;      // only late: keep waiting
   *   try {
   *     while (true) handle(q.take());   // closed: take the rest
   *   } catch (QueueClosedException drained) {
   *     break;
   *   }
   * }
   * }</pre>
   */
  void close();

  /**
   * Shuts the queue down for every holder, as Python 3.13's {@code Queue.shutdown(immediate)}:
   * {@code shutdown(false)} is {@link #close()} (puts throw {@link QueueClosedException}, Python's
   * {@code ShutDown}; takers drain what is left, then {@link #take()} throws it). {@code
   * shutdown(true)} also discards the elements still in the queue, so that takers stop at once, and
   * for a {@link JoinableQueue} counts each discarded element as done, so that {@code join()}
   * returns once the elements already taken are reported done.
   *
   * <p>Unlike Python's {@code get_nowait} and {@code get(timeout)}, the {@code poll} forms return
   * {@code null} on a shut-down, drained queue, as every {@code BlockingQueue}'s poll does for an
   * empty one; {@link #take()} is the call that tells a drained queue ({@link
   * QueueClosedException}) from one that still holds elements (see {@link #close()}).
   *
   * @param immediate whether to discard what is left
   */
  default void shutdown(boolean immediate) {
    close();
    if (!immediate) {
      return;
    }
    JoinableQueue<?> joinable = this instanceof JoinableQueue<?> j ? j : null;
    while (poll() != null) {
      if (joinable != null) {
        try {
          joinable.taskDone(); // as Python's shutdown(immediate=True): the element is done with
        } catch (IllegalStateException countIsZero) {
          // a taker reported more than it took: the count stays at zero, as in Python
        }
      }
    }
  }

  /**
   * Whether {@link #close()} was called, by any holder: from then on nothing more arrives. It does
   * not say that the queue is drained: {@link #take()} does, by throwing {@link
   * QueueClosedException} (see {@link #close()}).
   *
   * @return true once closed
   */
  boolean isClosed();
}

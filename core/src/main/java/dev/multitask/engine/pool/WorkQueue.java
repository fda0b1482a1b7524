package dev.multitask.engine.pool;

import dev.multitask.pool.QueuePolicy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The pool's waiting items in the order of its {@link QueuePolicy}: submission order, or lowest
 * rank first with submission order among equals. The rank is fixed when the item is made: the
 * caller's priority or cost hint, or under shortest-job-first the run time {@link RunTimes}
 * predicts for the item's kind. Closed by the pool's close: no more adds, and takers get {@code
 * null} once it is empty.
 */
final class WorkQueue {
  private static final Comparator<WorkItem> BY_RANK =
      Comparator.comparingLong((WorkItem i) -> i.rank).thenComparingLong(i -> i.id);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Queue<WorkItem> items;
  private boolean closed; // guarded by lock

  WorkQueue(QueuePolicy policy) {
    this.items =
        policy == QueuePolicy.FIRST_COME_FIRST_SERVED
            ? new ArrayDeque<>()
            : new PriorityQueue<>(BY_RANK);
  }

  void add(WorkItem item) {
    lock.lock();
    try {
      if (closed) {
        throw new RejectedExecutionException(
            "the pool is closed: make a new pool to run more tasks");
      }
      items.add(item);
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Puts items back ahead of the others (they were handed to a worker that was lost before running
   * them).
   */
  void putBack(List<WorkItem> back) {
    lock.lock();
    try {
      if (items instanceof ArrayDeque<WorkItem> deque) {
        for (int i = back.size() - 1; i >= 0; i--) {
          deque.addFirst(back.get(i));
        }
      } else {
        items.addAll(back); // by rank, then submission order: they come out first among equals
      }
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Up to {@code max} more items if they are waiting now, without waiting; leaves a fair share for
   * other takers.
   */
  List<WorkItem> pollMore(int max, int takers) {
    lock.lock();
    try {
      int n = Math.min(max, items.size() / Math.max(1, takers));
      List<WorkItem> more = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        more.add(items.poll());
      }
      return more;
    } finally {
      lock.unlock();
    }
  }

  /** The next item, waiting for one; null once the queue is closed and empty. */
  WorkItem take() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (items.isEmpty()) {
        if (closed) {
          return null;
        }
        notEmpty.await();
      }
      return items.poll();
    } finally {
      lock.unlock();
    }
  }

  void close() {
    lock.lock();
    try {
      closed = true;
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Removes and returns every waiting item. */
  List<WorkItem> drain() {
    lock.lock();
    try {
      List<WorkItem> drained = new ArrayList<>(items);
      items.clear();
      return drained;
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return items.size();
    } finally {
      lock.unlock();
    }
  }
}

package dev.multitask.coro;

/**
 * The FIFO of coroutines waiting on a primitive: an intrusive doubly linked list, so that a waiter
 * that times out or is cancelled leaves in O(1). Not thread-safe: the primitive's lock guards it.
 */
final class WaitQueue {
  private Waiter head;
  private Waiter tail;
  private int size;

  void add(Waiter w) {
    w.queued = true;
    w.prev = tail;
    w.next = null;
    if (tail == null) {
      head = w;
    } else {
      tail.next = w;
    }
    tail = w;
    size++;
  }

  Waiter poll() {
    Waiter w = head;
    if (w != null) {
      remove(w);
    }
    return w;
  }

  /** Removes {@code w} if it is queued. */
  void remove(Waiter w) {
    if (!w.queued) {
      return;
    }
    if (w.prev == null) {
      head = w.next;
    } else {
      w.prev.next = w.next;
    }
    if (w.next == null) {
      tail = w.prev;
    } else {
      w.next.prev = w.prev;
    }
    w.prev = null;
    w.next = null;
    w.queued = false;
    size--;
  }

  /**
   * Wakes the oldest waiter whose wait is still on, dropping those that already left.
   *
   * @return the woken waiter, or null if none could be woken
   */
  Waiter wakeFirst() {
    for (Waiter w; (w = poll()) != null; ) {
      if (w.wake()) {
        return w;
      }
    }
    return null;
  }

  /**
   * Wakes every waiter.
   *
   * @return how many were woken
   */
  int wakeAll() {
    int n = 0;
    for (Waiter w; (w = poll()) != null; ) {
      if (w.wake()) {
        n++;
      }
    }
    return n;
  }

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }
}

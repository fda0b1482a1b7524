package dev.multitask.cpython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.ipc.Queue;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Port of {@code Lib/test/test_queue.py}, class {@code BaseQueueTestMixin}, for every queue order
 * ({@link QueueTest}, {@link LifoQueueTest}, {@link PriorityQueueTest}). Python's {@code
 * put(block=False)} is {@code offer(x)} (false = {@code Full}), {@code get(block=False)} is {@code
 * poll()} (null = {@code Empty}), {@code put(x, timeout=t)} is {@code offer(x, t, unit)}, {@code
 * get(timeout=t)} is {@code poll(t, unit)}. The {@code task_done}/{@code join} and shutdown tests
 * are {@link QueueTest}'s: multitask offers {@code taskDone} and {@code join} on its FIFO {@code
 * joinableQueue}. Not ported: {@code test_shrinking_queue} (a multitask queue's capacity is fixed).
 */
abstract class BaseQueueTestMixin extends PortPart {
  static final int QUEUE_SIZE = 5;

  /** A new queue of the order under test. */
  abstract Queue<Integer> newQueue(int capacity);

  /** What 111, 333, 222 come out as. */
  abstract List<Integer> targetOrder();

  /** A blocking call the trigger has to unblock. */
  interface Blocking<T> {
    T call() throws Exception;
  }

  /**
   * CPython's {@code do_blocking_test}: a trigger thread waits a moment, says so, and unblocks
   * {@code block}; {@code block} must not return before the trigger came.
   */
  static <T> T doBlockingTest(Blocking<T> block, Bunch.Body trigger) throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    try (Bunch _ =
        Bunch.of(
            1,
            () -> {
              Thread.sleep(100);
              started.countDown();
              trigger.run();
            })) {
      T result = block.call();
      assertEquals(0, started.getCount(), "the blocking call appeared not to block");
      return result;
    }
  }

  private void basicQueueTest(Queue<Integer> q) throws Exception {
    assertTrue(q.isEmpty());
    assertFalse(q.remainingCapacity() == 0);
    q.put(111);
    q.put(333);
    q.put(222);
    assertEquals(targetOrder(), List.of(q.take(), q.take(), q.take()));
    for (int i = 0; i < QUEUE_SIZE - 1; i++) {
      q.put(i);
      assertFalse(q.isEmpty());
    }
    assertTrue(q.remainingCapacity() > 0, "not full yet");
    int last = 2 * QUEUE_SIZE;
    int full = 3 * 2 * QUEUE_SIZE;
    q.put(last);
    assertEquals(0, q.remainingCapacity(), "full");
    assertFalse(q.isEmpty());
    assertFalse(q.offer(full), "Full");
    assertFalse(q.offer(full, 10, TimeUnit.MILLISECONDS), "Full after the timeout");
    doBlockingTest(
        () -> {
          q.put(full);
          return null;
        },
        q::take);
    doBlockingTest(() -> q.offer(full, 10, TimeUnit.SECONDS), q::take);
    for (int i = 0; i < QUEUE_SIZE; i++) {
      q.take();
    }
    assertTrue(q.isEmpty());
    assertNull(q.poll(), "Empty");
    assertNull(q.poll(10, TimeUnit.MILLISECONDS), "Empty after the timeout");
    doBlockingTest(q::take, () -> q.put(-1));
    doBlockingTest(() -> q.poll(10, TimeUnit.SECONDS), () -> q.put(-1));
  }

  /** test_basic: order, bounds, non-blocking and blocking calls, twice on one queue. */
  @Test
  void queue_putsAndTakes_inItsOrderWithinItsBounds() throws Exception {
    Queue<Integer> q = newQueue(QUEUE_SIZE);
    basicQueueTest(q);
    basicQueueTest(q);
  }

  /**
   * test_negative_timeout_raises_exception. Differs on purpose: a negative timeout means no wait,
   * as in every {@code java.util.concurrent.BlockingQueue}, where Python raises ValueError.
   */
  @Test
  void offerAndPoll_withNegativeTimeout_doNotWait() throws Exception {
    Queue<Integer> q = newQueue(1);
    assertTrue(q.offer(1, -1, TimeUnit.SECONDS));
    assertFalse(q.offer(2, -1, TimeUnit.SECONDS));
    assertEquals(1, q.poll(-1, TimeUnit.SECONDS));
    assertNull(q.poll(-1, TimeUnit.SECONDS));
  }

  /** test_nowait. */
  @Test
  void offerAndPoll_withoutWaiting_reportFullAndEmpty() {
    Queue<Integer> q = newQueue(QUEUE_SIZE);
    for (int i = 0; i < QUEUE_SIZE; i++) {
      assertTrue(q.offer(1));
    }
    assertFalse(q.offer(1));
    for (int i = 0; i < QUEUE_SIZE; i++) {
      assertEquals(1, q.poll());
    }
    assertNull(q.poll());
  }
}

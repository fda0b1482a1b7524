package dev.multitask.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.ipc.QueueClosedException;
import dev.multitask.spi.QueueOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What {@link LocalQueue} does beyond the backend-neutral queue contract. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LocalQueueTest {

  @Test
  void toString_describesOrderSizeAndCapacity() throws Exception {
    LocalQueue<String> q = new LocalQueue<>(QueueOrder.FIFO, 3, null);
    q.put("a");
    q.put("b");

    assertEquals("LocalQueue[FIFO, size=2, capacity=3]", q.toString());
    q.close();
    assertEquals("LocalQueue[FIFO, size=2, capacity=3, closed]", q.toString());
    assertEquals(
        "LocalQueue[LIFO, size=0, capacity=unbounded]",
        new LocalQueue<>(QueueOrder.LIFO, 0, null).toString());
  }

  @Test
  void priorityPut_nonComparable_namesClassAndChangesNothing() throws Exception {
    LocalQueue<Object> q = new LocalQueue<>(QueueOrder.PRIORITY, 0, null);

    ClassCastException e = assertThrows(ClassCastException.class, () -> q.put(new Object()));

    assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
    assertEquals(0, q.size());
    assertEquals(0, q.unfinishedTasks(), "a refused element is not a task");
  }

  @Test
  void priorityPut_comparatorThrows_leavesQueueIntact() throws Exception {
    Comparator<Integer> refusesSeven =
        (a, b) -> {
          if (a == 7 || b == 7) {
            throw new IllegalArgumentException("no sevens");
          }
          return Integer.compare(a, b);
        };
    LocalQueue<Integer> q = new LocalQueue<>(QueueOrder.PRIORITY, 0, refusesSeven);
    for (int i : new int[] {5, 3, 9, 1, 4, 8, 2}) {
      q.put(i);
    }

    assertThrows(IllegalArgumentException.class, () -> q.put(7));

    List<Integer> out = new ArrayList<>();
    q.drainTo(out);
    assertEquals(List.of(1, 2, 3, 4, 5, 8, 9), out);
  }

  @Test
  void close_wakesBlockedPutterWithException() throws Exception {
    LocalQueue<String> q = new LocalQueue<>(QueueOrder.FIFO, 1, null);
    q.put("full");
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread putter =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    q.put("blocked");
                  } catch (Throwable t) {
                    outcome.set(t);
                  }
                });
    Thread.sleep(100);

    q.close();
    putter.join();

    assertTrue(outcome.get() instanceof QueueClosedException, String.valueOf(outcome.get()));
    assertEquals(List.of("full"), new ArrayList<>(q));
  }

  @Test
  void clear_unblocksPutter() throws Exception {
    LocalQueue<String> q = new LocalQueue<>(QueueOrder.FIFO, 1, null);
    q.put("full");
    Thread putter =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    q.put("next");
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    Thread.sleep(50);

    q.clear();
    putter.join();

    assertEquals("next", q.take());
    assertEquals(2, q.unfinishedTasks(), "clearing is taking; taskDone stays the taker's report");
  }

  @Test
  void timedCalls_negativeTimeout_isZeroButJoinRejectsIt() throws Exception {
    LocalQueue<String> q = new LocalQueue<>(QueueOrder.FIFO, 1, null);

    assertEquals(null, q.poll(-1, TimeUnit.SECONDS));
    assertTrue(q.offer("a", -1, TimeUnit.SECONDS));
    assertFalse(q.offer("b", -1, TimeUnit.SECONDS));
    assertThrows(IllegalArgumentException.class, () -> q.join(Duration.ofNanos(-1)));
    assertThrows(NullPointerException.class, () -> q.join(null));
    assertFalse(q.join(Duration.ZERO));
  }

  @Test
  void queue_negativeCapacityOrDrainIntoItself_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> new LocalQueue<>(QueueOrder.FIFO, -1, null));
    LocalQueue<String> q = new LocalQueue<>(QueueOrder.FIFO, 0, null);
    assertThrows(IllegalArgumentException.class, () -> q.drainTo(q));
    assertThrows(NullPointerException.class, () -> q.drainTo(null));
  }
}

package dev.multitask.ipc;

import static dev.multitask.ipc.IpcTesting.LONG_WAIT;
import static dev.multitask.ipc.IpcTesting.SHORT_MS;
import static dev.multitask.ipc.IpcTesting.putting;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Action;
import dev.multitask.Context;
import dev.multitask.Job;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What one {@link Queue} does with its elements: the order of each kind (FIFO, LIFO, priority by
 * natural order or by comparator, equal priorities in put order), its bounds (offer refused and put
 * blocked while full), poll, peek, size and drain, and the arguments it rejects; run over every
 * backend by {@link QueueContractTest}.
 *
 * <p>Job bodies capture only queues, strings and numbers (never the test instance, which is not
 * serializable), so that they travel to child JVMs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class QueueOperationContract {
  /** The backend's context, shared by its tests; set before each test from {@link #backend()}. */
  Context ctx;

  /** The backend under test, whose class nests this one. */
  abstract IpcContract backend();

  @BeforeEach
  void useBackend() {
    ctx = backend().ctx;
  }

  /** An element with a priority; ordered by priority alone, so names tell equal ones apart. */
  record Item(int priority, String name) implements Comparable<Item>, Serializable {
    @Override
    public int compareTo(Item other) {
      return Integer.compare(priority, other.priority);
    }
  }

  /** Serializable and not {@link Comparable}. */
  record Plain(int value) implements Serializable {}

  // ---- bodies (static, so that lambdas capture nothing but their arguments) ----

  /** Sleeps a moment, then puts {@code element}. */
  static Action puttingLater(Queue<String> q, String element) {
    return () -> {
      Thread.sleep(SHORT_MS);
      q.put(element);
    };
  }

  // ---- order ----

  @Test
  void fifoQueue_takesInPutOrder() throws Exception {
    Queue<Integer> q = ctx.queue();
    for (int i = 0; i < 5; i++) {
      q.put(i);
    }

    for (int i = 0; i < 5; i++) {
      assertEquals(i, q.take());
    }
  }

  @Test
  void lifoQueue_takesLastPutFirst() throws Exception {
    Queue<Integer> q = ctx.lifoQueue(0);
    q.put(0);
    q.put(1);
    q.put(2);

    assertEquals(List.of(2, 1, 0), List.of(q.take(), q.take(), q.take()));
  }

  @Test
  void priorityQueue_naturalOrder_takesLeastFirst() throws Exception {
    Queue<Item> q = ctx.priorityQueue(0);
    q.put(new Item(8, "A"));
    q.put(new Item(2, "B"));
    q.put(new Item(5, "C"));

    assertEquals(new Item(2, "B"), q.take());
    assertEquals(new Item(5, "C"), q.take());
    assertEquals(new Item(8, "A"), q.take());
  }

  @Test
  void priorityQueue_byComparator_takesLeastFirst() throws Exception {
    Queue<String> q =
        ctx.priorityQueue(0, (Comparator<String> & Serializable) (a, b) -> b.compareTo(a));
    q.put("b");
    q.put("c");
    q.put("a");

    assertEquals(List.of("c", "b", "a"), List.of(q.take(), q.take(), q.take()));
  }

  @Test
  void priorityQueue_equalPriorities_takesInPutOrder() throws Exception {
    Queue<Item> q = ctx.priorityQueue(0);
    q.put(new Item(1, "first"));
    q.put(new Item(0, "least"));
    q.put(new Item(1, "second"));
    q.put(new Item(1, "third"));

    assertEquals("least", q.take().name());
    assertEquals(
        List.of("first", "second", "third"),
        List.of(q.take().name(), q.take().name(), q.take().name()));
  }

  @Test
  void priorityQueue_naturalOrder_rejectsNonComparableElement() throws Exception {
    Queue<Object> q = ctx.priorityQueue(0);
    q.put(new Item(1, "comparable"));

    ClassCastException e = assertThrows(ClassCastException.class, () -> q.put(new Plain(1)));
    assertTrue(e.getMessage().contains(Plain.class.getName()), e.getMessage());
    assertEquals(1, q.size(), "the queue is unchanged");
    assertEquals(new Item(1, "comparable"), q.take());
  }

  // ---- bounds ----

  @Test
  void offer_whenFull_isRefused() throws Exception {
    Queue<String> q = ctx.queue(2);
    assertTrue(q.offer("a"));
    assertTrue(q.offer("b"));

    assertFalse(q.offer("c"));
    assertEquals(2, q.size());
    assertEquals(0, q.remainingCapacity());
  }

  @Test
  void timedOffer_whenFull_isRefusedAfterTimeout() throws Exception {
    Queue<String> q = ctx.queue(1);
    q.put("a");

    long start = System.nanoTime();
    assertFalse(q.offer("b", SHORT_MS, TimeUnit.MILLISECONDS));
    long waitedMs = (System.nanoTime() - start) / 1_000_000;

    assertTrue(waitedMs >= SHORT_MS * 3 / 4, "waited only " + waitedMs + " ms");
    assertEquals(List.of("a"), List.of(q.take()));
  }

  @Test
  void put_whenFull_blocksUntilTakeMakesRoom() throws Exception {
    Queue<Integer> q = ctx.queue(1);
    q.put(0);
    Job<Void> producer = ctx.start(putting(q, 1, 1));

    assertFalse(producer.join(Duration.ofMillis(SHORT_MS)), "put returned on a full queue");
    assertEquals(1, q.size());
    assertEquals(0, q.take());
    assertTrue(producer.join(LONG_WAIT), "put did not return once there was room");
    assertEquals(1, q.take());
  }

  @Test
  void remainingCapacity_isReported() throws Exception {
    Queue<String> bounded = ctx.queue(3);
    Queue<String> unbounded = ctx.queue();
    bounded.put("a");
    unbounded.put("a");

    assertEquals(2, bounded.remainingCapacity());
    assertEquals(Integer.MAX_VALUE, unbounded.remainingCapacity());
  }

  // ---- empty, size, drain ----

  @Test
  void poll_whenEmpty_returnsNull() throws Exception {
    Queue<String> q = ctx.queue();

    assertNull(q.poll());
    long start = System.nanoTime();
    assertNull(q.poll(SHORT_MS, TimeUnit.MILLISECONDS));
    long waitedMs = (System.nanoTime() - start) / 1_000_000;
    assertTrue(waitedMs >= SHORT_MS * 3 / 4, "waited only " + waitedMs + " ms");
  }

  @Test
  void timedPoll_elementArrivesMeanwhile_returnsIt() throws Exception {
    Queue<String> q = ctx.queue();
    Job<Void> job = ctx.start(puttingLater(q, "late"));

    String got = q.poll(LONG_WAIT.toMillis(), TimeUnit.MILLISECONDS);

    assertEquals(
        "late",
        got,
        () ->
            "poll gave up; the putting job: alive="
                + job.isAlive()
                + ", exit code "
                + job.exitCode());
    job.result();
  }

  @Test
  void peek_takesNothing() throws Exception {
    Queue<String> q = ctx.queue();
    assertNull(q.peek());
    q.put("a");

    assertEquals("a", q.peek());
    assertEquals(1, q.size());
    assertEquals("a", q.poll());
  }

  @Test
  void sizeAndIsEmpty_areReported() throws Exception {
    Queue<String> q = ctx.queue();
    assertTrue(q.isEmpty());
    assertEquals(0, q.size());

    q.put("a");
    q.put("b");

    assertFalse(q.isEmpty());
    assertEquals(2, q.size());
  }

  @Test
  void drainTo_movesAllElementsInOrder() throws Exception {
    Queue<Integer> q = ctx.queue();
    for (int i = 0; i < 5; i++) {
      q.put(i);
    }
    List<Integer> sink = new ArrayList<>();

    assertEquals(5, q.drainTo(sink));
    assertEquals(List.of(0, 1, 2, 3, 4), sink);
    assertTrue(q.isEmpty());
  }

  @Test
  void drainTo_movesAtMostMaxElements() throws Exception {
    Queue<Integer> q = ctx.queue(5);
    for (int i = 0; i < 5; i++) {
      q.put(i);
    }
    List<Integer> sink = new ArrayList<>();

    assertEquals(3, q.drainTo(sink, 3));
    assertEquals(List.of(0, 1, 2), sink);
    assertEquals(2, q.size());
    assertEquals(3, q.remainingCapacity());
  }

  // ---- arguments ----

  @Test
  void put_nullElement_isRejected() {
    Queue<String> q = ctx.queue(1);

    assertThrows(NullPointerException.class, () -> q.put(null));
    assertThrows(NullPointerException.class, () -> q.offer(null));
    assertThrows(NullPointerException.class, () -> q.offer(null, 1, TimeUnit.SECONDS));
    assertTrue(q.isEmpty());
  }

  @Test
  void queue_negativeCapacity_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> ctx.queue(-1));
    assertThrows(IllegalArgumentException.class, () -> ctx.lifoQueue(-1));
    assertThrows(IllegalArgumentException.class, () -> ctx.priorityQueue(-1));
    assertThrows(IllegalArgumentException.class, () -> ctx.joinableQueue(-1));
  }
}

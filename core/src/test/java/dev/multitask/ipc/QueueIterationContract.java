package dev.multitask.ipc;

import static dev.multitask.ipc.IpcTesting.LONG_WAIT;
import static dev.multitask.ipc.IpcTesting.putting;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Context;
import dev.multitask.ipc.QueueOperationContract.Item;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How a {@link Queue} is walked, the same on every backend: a weakly consistent iterator over a
 * snapshot in take order, {@code contains} and {@code toArray} over such a snapshot, and no way to
 * remove an element from the middle; run over every backend by {@link QueueContractTest}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class QueueIterationContract {
  /** The backend's context, shared by its tests; set before each test from {@link #backend()}. */
  Context ctx;

  /** The backend under test, whose class nests this one. */
  abstract IpcContract backend();

  @BeforeEach
  void useBackend() {
    ctx = backend().ctx;
  }

  private static <T> List<T> walk(Iterator<T> it) {
    List<T> seen = new ArrayList<>();
    it.forEachRemaining(seen::add);
    return seen;
  }

  @Test
  void iterator_ofEachOrder_walksInTakeOrderAndTakesNothing() throws Exception {
    Queue<Integer> fifo = ctx.queue();
    Queue<Integer> lifo = ctx.lifoQueue(0);
    Queue<Item> priority = ctx.priorityQueue(0);
    for (int i : new int[] {3, 1, 2}) {
      fifo.put(i);
      lifo.put(i);
    }
    priority.put(new Item(2, "two, first"));
    priority.put(new Item(1, "one"));
    priority.put(new Item(2, "two, second"));

    assertEquals(List.of(3, 1, 2), walk(fifo.iterator()));
    assertEquals(List.of(2, 1, 3), walk(lifo.iterator()));
    List<Item> byPriority =
        List.of(new Item(1, "one"), new Item(2, "two, first"), new Item(2, "two, second"));
    assertEquals(byPriority, walk(priority.iterator()));

    assertEquals(List.of(3, 1, 2), List.of(fifo.take(), fifo.take(), fifo.take()));
    assertEquals(List.of(2, 1, 3), List.of(lifo.take(), lifo.take(), lifo.take()));
    assertEquals(byPriority, List.of(priority.take(), priority.take(), priority.take()));
  }

  @Test
  void iterator_afterLaterPutsAndTakes_walksItsSnapshot() throws Exception {
    Queue<String> q = ctx.queue();
    q.put("a");
    q.put("b");
    q.put("c");

    Iterator<String> it = q.iterator();
    assertEquals("a", it.next());
    assertEquals("a", q.take());
    q.put("d");

    assertEquals(List.of("b", "c"), walk(it));
    assertEquals(List.of("b", "c", "d"), walk(q.iterator()));
  }

  @Test
  void iterator_ofEmptyQueue_hasNoElement() {
    Queue<String> q = ctx.queue();

    Iterator<String> it = q.iterator();

    assertFalse(it.hasNext());
    assertThrows(NoSuchElementException.class, it::next);
  }

  @Test
  void iterator_seesElementsAnotherJobPut() throws Exception {
    Queue<Integer> q = ctx.queue();
    ctx.start(putting(q, 0, 50)).join(LONG_WAIT);

    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      expected.add(i);
    }
    assertEquals(expected, walk(q.iterator()));
    assertEquals(50, q.size());
  }

  @Test
  void containsAndToArray_walkTheElements() throws Exception {
    Queue<String> q = ctx.queue();
    q.put("a");
    q.put("b");

    assertTrue(q.contains("b"));
    assertFalse(q.contains("z"));
    assertArrayEquals(new Object[] {"a", "b"}, q.toArray());
    assertArrayEquals(new String[] {"a", "b"}, q.toArray(new String[0]));
  }

  @Test
  void removeFromTheMiddle_isUnsupportedAndChangesNothing() throws Exception {
    Queue<String> q = ctx.queue();
    q.put("a");
    q.put("b");
    Iterator<String> it = q.iterator();
    it.next();

    assertThrows(UnsupportedOperationException.class, it::remove);
    assertThrows(UnsupportedOperationException.class, () -> q.remove("b"));
    assertThrows(UnsupportedOperationException.class, () -> q.remove("absent"));
    assertThrows(UnsupportedOperationException.class, () -> q.removeAll(List.of("a")));
    assertThrows(UnsupportedOperationException.class, () -> q.retainAll(List.of("a")));
    assertThrows(UnsupportedOperationException.class, () -> q.removeIf("b"::equals));

    assertEquals(List.of("a", "b"), walk(q.iterator()));
    assertEquals("a", q.remove(), "remove() takes the head, as poll does");
  }
}

package dev.multitask.cpython;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.ipc.Queue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Port of {@code Lib/test/test_queue.py}, class {@code BaseSimpleQueueTest}: Python's {@code
 * SimpleQueue} is an unbounded {@code ctx.queue()}. Not ported: {@code test_references} and {@code
 * test_is_default} (CPython objects), {@code test_reentrancy} (a C queue inside a signal handler).
 */
abstract class BaseSimpleQueueTest extends PortPart {
  private static final int SENTINEL = -1;

  private static void feed(Queue<Integer> q, List<Integer> seq, Random rnd) throws Exception {
    while (true) {
      Integer val;
      synchronized (seq) {
        val = seq.isEmpty() ? null : seq.remove(seq.size() - 1);
      }
      if (val == null) {
        q.put(SENTINEL);
        return;
      }
      q.put(val);
      if (rnd.nextDouble() > 0.5) {
        Thread.sleep(0, rnd.nextInt(1_000_000));
      }
    }
  }

  /** How a consumer takes: {@code take()}, {@code poll()} in a loop, or a short timed poll. */
  enum Consume {
    BLOCKING,
    NONBLOCKING,
    TIMEOUT
  }

  private static void consume(Queue<Integer> q, List<Integer> results, Consume how)
      throws Exception {
    while (true) {
      Integer val =
          switch (how) {
            case BLOCKING -> q.take();
            case NONBLOCKING -> {
              Integer v;
              while ((v = q.poll()) == null) {
                Thread.sleep(0, 10_000);
              }
              yield v;
            }
            case TIMEOUT -> {
              Integer v;
              while ((v = q.poll(10, TimeUnit.MICROSECONDS)) == null) {
                Thread.onSpinWait();
              }
              yield v;
            }
          };
      if (val == SENTINEL) {
        return;
      }
      results.add(val);
    }
  }

  private List<Integer> runThreads(int nThreads, List<Integer> inputs, Consume how)
      throws Exception {
    Queue<Integer> q = ctx().queue();
    List<Integer> results = Collections.synchronizedList(new ArrayList<>());
    List<Integer> seq = new ArrayList<>(inputs);
    Collections.reverse(seq);
    Random rnd = new Random(42);
    try (Bunch _ = Bunch.of(nThreads, () -> feed(q, seq, rnd));
        Bunch _ = Bunch.of(nThreads, () -> consume(q, results, how))) {
      // they run
    }
    assertTrue(q.isEmpty());
    assertEquals(0, q.size());
    return results;
  }

  /** test_basic. */
  @Test
  void queue_putAndTake_inOrder() throws Exception {
    Queue<Integer> q = ctx().queue();
    assertTrue(q.isEmpty());
    assertEquals(0, q.size());
    q.put(1);
    assertFalse(q.isEmpty());
    assertEquals(1, q.size());
    q.put(2);
    assertTrue(q.offer(3));
    q.put(4);
    assertEquals(4, q.size());
    assertEquals(1, q.take());
    assertEquals(3, q.size());
    assertEquals(2, q.poll());
    assertEquals(2, q.size());
    assertEquals(3, q.poll());
    assertEquals(1, q.size());
    assertEquals(4, q.poll(100, TimeUnit.MILLISECONDS));
    assertTrue(q.isEmpty());
    assertNull(q.poll());
    assertNull(q.poll(1, TimeUnit.MILLISECONDS));
    assertTrue(q.isEmpty());
    assertEquals(0, q.size());
  }

  /** test_order: one producer and one consumer keep the order. */
  @Test
  void queue_oneProducerOneConsumer_keepsTheOrder() throws Exception {
    List<Integer> inputs = IntStream.range(0, 100).boxed().toList();
    assertEquals(inputs, runThreads(1, inputs, Consume.BLOCKING));
  }

  private void checkManyThreads(Consume how) throws Exception {
    List<Integer> inputs = IntStream.range(0, 10_000).boxed().toList();
    List<Integer> results = new ArrayList<>(runThreads(50, inputs, how));
    Collections.sort(results);
    assertEquals(inputs, results);
  }

  /** test_many_threads. */
  @Test
  void queue_manyProducersAndConsumers_deliverEachOnce() throws Exception {
    checkManyThreads(Consume.BLOCKING);
  }

  /** test_many_threads_nonblock. */
  @Test
  void queue_manyNonBlockingConsumers_deliverEachOnce() throws Exception {
    checkManyThreads(Consume.NONBLOCKING);
  }

  /** test_many_threads_timeout. */
  @Test
  void queue_manyTimedConsumers_deliverEachOnce() throws Exception {
    checkManyThreads(Consume.TIMEOUT);
  }
}

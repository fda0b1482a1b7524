package dev.multitask.cpython;

import static dev.multitask.cpython.Waits.waitUntilAsleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.ipc.JoinableQueue;
import dev.multitask.ipc.Queue;
import dev.multitask.ipc.QueueClosedException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Port of {@code Lib/test/test_queue.py}, class {@code QueueTest} with the {@code task_done}/{@code
 * join} and {@code shutdown} tests of {@code BaseQueueTestMixin}, on multitask's FIFO {@link
 * JoinableQueue}. Python's {@code ShutDown} is {@link QueueClosedException}; {@code q.is_shutdown}
 * is {@code isClosed()}. Differs on purpose: on a shut-down, drained queue the {@code poll} forms
 * return {@code null} (as for any empty {@code BlockingQueue}) where Python's {@code get_nowait}
 * and {@code get(timeout)} raise {@code ShutDown}; the tests assert that, and {@code isClosed()}.
 */
abstract class QueueTest extends BaseQueueTestMixin {
  @Override
  Queue<Integer> newQueue(int capacity) {
    return ctx().joinableQueue(capacity);
  }

  JoinableQueue<Integer> newJoinable(int capacity) {
    return ctx().joinableQueue(capacity);
  }

  @Override
  List<Integer> targetOrder() {
    return List.of(111, 333, 222);
  }

  private static void worker(JoinableQueue<Integer> q, AtomicLong cum) throws Exception {
    while (true) {
      int x = q.take();
      if (x < 0) {
        q.taskDone();
        return;
      }
      cum.addAndGet(x);
      q.taskDone();
    }
  }

  private static void queueJoinTest(JoinableQueue<Integer> q) throws Exception {
    AtomicLong cum = new AtomicLong();
    try (Bunch _ = Bunch.of(2, () -> worker(q, cum))) {
      for (int i = 0; i < 100; i++) {
        q.put(i);
      }
      q.join();
      assertEquals(4950, cum.get(), "join() did not block until all tasks were done");
      for (int i = 0; i < 2; i++) {
        q.put(-1);
      }
      q.join(); // twice
    }
  }

  /** test_queue_task_done: more taskDone than puts is refused (Python's ValueError). */
  @Test
  void taskDone_withNothingPut_isRefused() {
    JoinableQueue<Integer> q = newJoinable(0);
    assertThrows(IllegalStateException.class, q::taskDone);
  }

  /** test_queue_join. */
  @Test
  void join_waitsUntilEveryTaskIsDone() throws Exception {
    JoinableQueue<Integer> q = newJoinable(0);
    queueJoinTest(q);
    queueJoinTest(q);
    assertThrows(IllegalStateException.class, q::taskDone);
  }

  /** test_shutdown_empty. */
  @Test
  void shutdown_empty_refusesPutsAndTakes() {
    Queue<Integer> q = newQueue(0);
    q.shutdown(false);
    assertThrows(QueueClosedException.class, () -> q.put(1));
    assertThrows(QueueClosedException.class, q::take);
  }

  /** test_shutdown_nonempty. */
  @Test
  void shutdown_nonEmpty_letsTheRestBeTaken() throws Exception {
    Queue<Integer> q = newQueue(0);
    q.put(1);
    q.shutdown(false);
    assertEquals(1, q.take());
    assertThrows(QueueClosedException.class, q::take);
  }

  /** test_shutdown_immediate. */
  @Test
  void shutdown_immediate_discardsTheRest() throws Exception {
    Queue<Integer> q = newQueue(0);
    q.put(1);
    q.shutdown(true);
    assertThrows(QueueClosedException.class, q::take);
  }

  /** test_shutdown_allowed_transitions. */
  @Test
  void shutdown_thenImmediate_staysShutDown() {
    Queue<Integer> q = newQueue(0);
    assertFalse(q.isClosed());
    q.shutdown(false);
    assertTrue(q.isClosed());
    q.shutdown(true);
    assertTrue(q.isClosed());
    q.shutdown(false);
  }

  private void shutdownAllMethodsInOneThread(boolean immediate) throws Exception {
    JoinableQueue<Integer> q = newJoinable(2);
    q.put(1);
    assertTrue(q.offer(2));
    q.shutdown(immediate);
    assertThrows(QueueClosedException.class, () -> q.put(3));
    assertThrows(QueueClosedException.class, () -> q.offer(4));
    if (immediate) {
      assertThrows(QueueClosedException.class, q::take);
      assertNull(q.poll()); // Python: ShutDown
      assertThrows(IllegalStateException.class, q::taskDone);
      q.join();
    } else {
      assertTrue(List.of(1, 2).contains(q.take()));
      q.taskDone();
      assertTrue(List.of(1, 2).contains(q.take()));
      q.taskDone();
      q.join();
      assertThrows(QueueClosedException.class, q::take);
      assertNull(q.poll()); // Python: ShutDown
      long start = System.nanoTime();
      assertNull(q.poll(1, TimeUnit.SECONDS)); // Python: ShutDown, at once
      assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(900), "poll waited");
    }
    assertTrue(q.isClosed());
  }

  /** test_shutdown_all_methods_in_one_thread. */
  @Test
  void shutdown_refusesEveryPutAndEndsTakesWhenDrained() throws Exception {
    shutdownAllMethodsInOneThread(false);
  }

  /** test_shutdown_immediate_all_methods_in_one_thread. */
  @Test
  void shutdownImmediate_refusesEveryPutAndTake() throws Exception {
    shutdownAllMethodsInOneThread(true);
  }

  private void shutdownAllMethodsInManyThreads(boolean immediate) throws Exception {
    JoinableQueue<Integer> q = newJoinable(0);
    int writers = 4;
    int readers = 6;
    int joiners = immediate ? 2 : 0;
    int messages = 1024 * 16;
    int perWriter = messages / writers;
    int whenShutdown = perWriter / 2;
    List<Boolean> puts = Collections.synchronizedList(new ArrayList<>());
    List<Boolean> gets = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch startBarrier = new CountDownLatch(writers + readers + joiners);
    CountDownLatch shutdownNow = new CountDownLatch(1);
    try (Bunch _ =
            Bunch.of(
                writers,
                () -> {
                  for (int i = 0; i < whenShutdown / 2; i++) {
                    q.put(i);
                  }
                  startBarrier.countDown();
                  startBarrier.await();
                  for (int i = whenShutdown / 2; i < perWriter; i++) {
                    try {
                      q.put(i);
                    } catch (QueueClosedException e) {
                      puts.add(false);
                      break;
                    }
                    if (i == whenShutdown && shutdownNow.getCount() > 0) {
                      shutdownNow.countDown();
                      puts.add(true);
                    }
                  }
                });
        Bunch _ =
            Bunch.of(
                readers,
                () -> {
                  q.take();
                  q.taskDone();
                  startBarrier.countDown();
                  startBarrier.await();
                  while (true) {
                    Integer x = q.poll(1, TimeUnit.MILLISECONDS); // Python spins on get(False)
                    if (x != null) {
                      q.taskDone();
                    } else if (q.isClosed()) { // Python: get(False) raises ShutDown
                      gets.add(true);
                      break;
                    }
                  }
                });
        Bunch _ =
            Bunch.of(
                joiners,
                () -> {
                  startBarrier.countDown();
                  startBarrier.await();
                  q.join();
                })) {
      shutdownNow.await();
      q.shutdown(immediate);
      if (immediate) {
        assertEquals(0, q.size());
      }
    }
    assertTrue(puts.contains(true));
    assertEquals(readers, gets.stream().filter(b -> b).count());
    if (immediate) {
      assertTrue(q.isEmpty());
    }
  }

  /** test_shutdown_all_methods_in_many_threads. */
  @Test
  void shutdown_withManyProducersAndConsumers_endsThemAll() throws Exception {
    shutdownAllMethodsInManyThreads(false);
  }

  /** test_shutdown_immediate_all_methods_in_many_threads: the joiners return too. */
  @Test
  void shutdownImmediate_withManyProducersConsumersAndJoiners_endsThemAll() throws Exception {
    shutdownAllMethodsInManyThreads(true);
  }

  private void shutdownGet(boolean immediate) throws Exception {
    JoinableQueue<Integer> q = newJoinable(2);
    List<Boolean> results = Collections.synchronizedList(new ArrayList<>());
    q.put(1);
    q.put(2);
    int n = immediate ? 2 : 3;
    CountDownLatch go = new CountDownLatch(1);
    try (Bunch _ =
        Bunch.of(
            n,
            () -> {
              go.await();
              try {
                q.take();
                results.add(!immediate);
              } catch (QueueClosedException e) {
                results.add(immediate);
              }
            })) {
      q.shutdown(immediate);
      go.countDown();
    }
    List<Boolean> sorted = new ArrayList<>(results);
    sorted.sort(null);
    if (immediate) {
      assertEquals(List.of(true, true), sorted);
    } else {
      assertEquals(List.of(false, true, true), sorted);
    }
  }

  /** test_shutdown_get. */
  @Test
  void shutdown_leavesTheRestToTakers_andTheNextTakeThrows() throws Exception {
    shutdownGet(false);
  }

  /** test_shutdown_immediate_get. */
  @Test
  void shutdownImmediate_throwsToEveryTaker() throws Exception {
    shutdownGet(true);
  }

  private void shutdownPut(boolean immediate) throws Exception {
    JoinableQueue<Integer> q = newJoinable(2);
    List<Boolean> results = Collections.synchronizedList(new ArrayList<>());
    q.put(1);
    q.put(2);
    CountDownLatch go = new CountDownLatch(1);
    try (Bunch _ =
        Bunch.of(
            2,
            () -> {
              go.await();
              try {
                q.put(3);
                results.add(false);
              } catch (QueueClosedException e) {
                results.add(true);
              }
            })) {
      q.shutdown(immediate);
      go.countDown();
    }
    assertEquals(List.of(true, true), results);
  }

  /** test_shutdown_put. */
  @Test
  void shutdown_refusesBlockedAndLatePuts() throws Exception {
    shutdownPut(false);
  }

  /** test_shutdown_immediate_put. */
  @Test
  void shutdownImmediate_refusesBlockedAndLatePuts() throws Exception {
    shutdownPut(true);
  }

  private void shutdownJoin(boolean immediate) throws Exception {
    JoinableQueue<Integer> q = newJoinable(0);
    q.put(1);
    CountDownLatch go = new CountDownLatch(1);
    List<Boolean> results = Collections.synchronizedList(new ArrayList<>());
    try (Bunch joiners =
            Bunch.of(
                2,
                () -> {
                  q.join();
                  results.add(true);
                });
        Bunch _ =
            Bunch.of(
                immediate ? 0 : 1,
                () -> {
                  go.await();
                  q.take();
                  q.taskDone();
                })) {
      waitUntilAsleep(joiners.threads());
      q.shutdown(immediate);
      go.countDown();
    }
    assertEquals(List.of(true, true), results);
  }

  /** test_shutdown_immediate_join. */
  @Test
  void shutdownImmediate_releasesJoiners() throws Exception {
    shutdownJoin(true);
  }

  /** test_shutdown_join. */
  @Test
  void shutdown_letsJoinersReturnOnceTheRestIsDone() throws Exception {
    shutdownJoin(false);
  }

  private void shutdownPutJoin(boolean immediate) throws Exception {
    JoinableQueue<Integer> q = newJoinable(2);
    q.put(1);
    CountDownLatch go = new CountDownLatch(1);
    List<Boolean> results = Collections.synchronizedList(new ArrayList<>());
    try (Bunch _ =
            Bunch.of(
                1,
                () -> {
                  go.await();
                  try {
                    q.put(2);
                    results.add(false);
                  } catch (QueueClosedException e) {
                    results.add(true);
                  }
                });
        Bunch _ =
            Bunch.of(
                1,
                () -> {
                  q.join();
                  results.add(true);
                })) {
      assertEquals(1, q.unfinishedTasks());
      q.shutdown(immediate);
      go.countDown();
      if (immediate) {
        assertThrows(QueueClosedException.class, q::take);
      } else {
        assertEquals(1, q.take());
        q.taskDone();
      }
    }
    assertEquals(List.of(true, true), results);
  }

  /** test_shutdown_immediate_put_join. */
  @Test
  void shutdownImmediate_withAPutterAndAJoiner_endsBoth() throws Exception {
    shutdownPutJoin(true);
  }

  /** test_shutdown_put_join. */
  @Test
  void shutdown_withAPutterAndAJoiner_endsBoth() throws Exception {
    shutdownPutJoin(false);
  }

  /** test_shutdown_get_task_done_join. */
  @Test
  void shutdown_withTakersAndJoiners_letsThemFinish() throws Exception {
    JoinableQueue<Integer> q = newJoinable(2);
    q.put(1);
    q.put(2);
    assertEquals(q.size(), q.unfinishedTasks());
    List<Boolean> results = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch go = new CountDownLatch(1);
    try (Bunch _ =
            Bunch.of(
                2,
                () -> {
                  go.await();
                  try {
                    q.take();
                    q.taskDone();
                    results.add(true);
                  } catch (QueueClosedException e) {
                    results.add(false);
                  }
                });
        Bunch _ =
            Bunch.of(
                2,
                () -> {
                  q.join();
                  results.add(true);
                })) {
      go.countDown();
      q.shutdown(false);
    }
    assertEquals(List.of(true, true, true, true), results);
  }

  /** test_shutdown_pending_get: a blocked taker gets the shutdown. */
  @Test
  void shutdown_wakesABlockedTakerWithTheError() throws Exception {
    Queue<Integer> q = newQueue(0);
    List<Object> results = Collections.synchronizedList(new ArrayList<>());
    try (Bunch taker =
        Bunch.of(
            1,
            () -> {
              try {
                results.add(q.take());
              } catch (QueueClosedException e) {
                results.add(e);
              }
            })) {
      waitUntilAsleep(taker.threads());
      q.shutdown(false);
      taker.waitForFinished();
    }
    assertEquals(1, results.size());
    assertTrue(results.get(0) instanceof QueueClosedException, results.toString());
  }
}

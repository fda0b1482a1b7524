package dev.multitask.coro;

import static dev.multitask.coro.CoroTesting.ms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Task;
import dev.multitask.ipc.QueueClosedException;
import dev.multitask.sync.Hold;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The contract of the async primitives, written once and run in both loop modes by {@link
 * AsyncPrimitiveContractTest}: the event loop, and parallel mode where coroutines run at once on
 * every carrier. Orders are asserted only where the arrivals are made ordered (each waiter is seen
 * waiting before the next one comes).
 */
abstract class AsyncPrimitiveContract {
  abstract LoopOptions options();

  <R> R run(Task<R> main) throws Exception {
    return CoroTesting.run(options(), main);
  }

  /** Waits (an await point) until {@code c} waits at an await point. */
  static void awaitWaiting(Coroutine<?> c) {
    long deadline = System.nanoTime() + CoroTesting.LIMIT.toNanos();
    while (c.state() != Coroutine.State.WAITING) {
      assertTrue(System.nanoTime() < deadline, c + " never waited");
      Coroutines.sleep(ms(1));
    }
  }

  // ---------------------------------------------------------------- AsyncLock

  @Test
  void lock_excludesAcrossAwaitPoints() throws Exception {
    AsyncLock lock = new AsyncLock();
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    int[] count = new int[1];
    run(
        () -> {
          List<Coroutine<Void>> all = new ArrayList<>();
          for (int c = 0; c < 8; c++) {
            all.add(
                Coroutines.spawn(
                    () -> {
                      for (int i = 0; i < 50; i++) {
                        try (Hold _ = lock.hold()) {
                          most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                          int v = count[0];
                          Coroutines.yield(); // an await point inside the critical section
                          count[0] = v + 1;
                          inside.decrementAndGet();
                        }
                      }
                    }));
          }
          Coroutines.gather(all);
          return null;
        });
    assertEquals(1, most.get());
    assertEquals(8 * 50, count[0]);
  }

  @Test
  void lock_goesToWaitersInArrivalOrder() throws Exception {
    List<Integer> order = Collections.synchronizedList(new ArrayList<>());
    run(
        () -> {
          AsyncLock lock = new AsyncLock();
          lock.lock();
          List<Coroutine<Void>> waiters = new ArrayList<>();
          for (int i = 0; i < 4; i++) {
            int id = i;
            Coroutine<Void> w =
                Coroutines.spawn(
                    () -> {
                      lock.lock();
                      order.add(id);
                      lock.unlock();
                    });
            awaitWaiting(w);
            waiters.add(w);
          }
          assertFalse(lock.tryLock(), "no barging while others wait");
          lock.unlock();
          Coroutines.gather(waiters);
          return null;
        });
    assertEquals(List.of(0, 1, 2, 3), order);
  }

  @Test
  void lock_timedAndNonWaitingForms() throws Exception {
    run(
        () -> {
          AsyncLock lock = new AsyncLock();
          assertTrue(lock.tryLock());
          assertTrue(lock.isLocked());
          assertTrue(lock.isHeldByCurrentCoroutine());
          assertFalse(lock.tryLock());
          assertFalse(lock.tryLock(ms(20)));
          Coroutine<Boolean> other = Coroutines.spawn(lock::isHeldByCurrentCoroutine);
          assertFalse(other.get());
          lock.unlock();
          assertFalse(lock.isLocked());
          IllegalStateException e = assertThrows(IllegalStateException.class, lock::unlock);
          assertTrue(e.getMessage().contains("not locked"), e.getMessage());
          Hold h = lock.hold();
          h.close();
          h.close(); // a second close releases nothing
          assertFalse(lock.isLocked());
          return null;
        });
  }

  @Test
  void lock_unlockFromAnotherCoroutineHandsItOver() throws Exception {
    run(
        () -> {
          AsyncLock lock = new AsyncLock();
          lock.lock();
          Coroutine<Boolean> waiter =
              Coroutines.spawn(
                  () -> {
                    lock.lock();
                    return lock.isHeldByCurrentCoroutine();
                  });
          awaitWaiting(waiter);
          Coroutines.spawn(lock::unlock).join(); // any coroutine may unlock, as in Python
          assertTrue(waiter.get());
          return null;
        });
  }

  // ---------------------------------------------------------------- AsyncSemaphore

  @Test
  void semaphore_admitsAtMostItsPermits() throws Exception {
    AsyncSemaphore sem = new AsyncSemaphore(3);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    run(
        () -> {
          List<Coroutine<Void>> all = new ArrayList<>();
          for (int c = 0; c < 10; c++) {
            all.add(
                Coroutines.spawn(
                    () -> {
                      try (Hold _ = sem.hold()) {
                        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        Coroutines.sleep(ms(5));
                        inside.decrementAndGet();
                      }
                    }));
          }
          Coroutines.gather(all);
          return null;
        });
    assertEquals(3, most.get());
    assertEquals(3, sem.availablePermits());
  }

  @Test
  void semaphore_releaseOfSeveralWakesSeveralWaiters() throws Exception {
    run(
        () -> {
          AsyncSemaphore sem = new AsyncSemaphore(0);
          assertTrue(sem.isLocked());
          List<Coroutine<Void>> waiters = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            Coroutine<Void> w = Coroutines.spawn(sem::acquire);
            awaitWaiting(w);
            waiters.add(w);
          }
          sem.release(2);
          Coroutines.sleep(ms(10));
          assertEquals(2, waiters.stream().filter(Coroutine::done).count());
          assertEquals(0, sem.availablePermits());
          sem.release();
          Coroutines.gather(waiters);
          assertFalse(sem.tryAcquire(ms(10)));
          assertThrows(IllegalArgumentException.class, () -> sem.release(0));
          return null;
        });
  }

  @Test
  void boundedSemaphore_refusesToGrowPastItsCount() throws Exception {
    run(
        () -> {
          AsyncSemaphore sem = AsyncSemaphore.bounded(2);
          sem.acquire();
          sem.release();
          IllegalStateException e = assertThrows(IllegalStateException.class, sem::release);
          assertTrue(e.getMessage().contains("released too many times"), e.getMessage());
          assertEquals(2, sem.availablePermits());
          assertThrows(IllegalArgumentException.class, () -> new AsyncSemaphore(-1));
          return null;
        });
  }

  // ---------------------------------------------------------------- AsyncEvent

  @Test
  void event_setWakesEveryWaiter() throws Exception {
    run(
        () -> {
          AsyncEvent e = new AsyncEvent();
          List<Coroutine<Void>> waiters = new ArrayList<>();
          for (int i = 0; i < 5; i++) {
            waiters.add(Coroutines.spawn(() -> e.await()));
          }
          for (Coroutine<Void> w : waiters) {
            awaitWaiting(w);
          }
          assertFalse(e.isSet());
          e.set();
          Coroutines.gather(waiters);
          assertTrue(e.isSet());
          e.await(); // a set event lets every await through
          e.clear();
          assertFalse(e.await(ms(20)), "a cleared event blocks again");
          return null;
        });
  }

  @Test
  void event_setFromAPlainThreadWakesACoroutine() throws Exception {
    AsyncEvent e = new AsyncEvent();
    boolean got =
        run(
            () -> {
              Thread.ofPlatform()
                  .start(
                      () -> {
                        try {
                          Thread.sleep(30);
                        } catch (InterruptedException stop) {
                          return;
                        }
                        e.set();
                      });
              return e.await(Duration.ofSeconds(20));
            });
    assertTrue(got);
  }

  // ---------------------------------------------------------------- AsyncCondition

  @Test
  void condition_producerAndConsumers() throws Exception {
    AsyncCondition cond = new AsyncCondition();
    List<Integer> items = new ArrayList<>();
    List<Integer> consumed = Collections.synchronizedList(new ArrayList<>());
    run(
        () -> {
          List<Coroutine<Void>> consumers = new ArrayList<>();
          for (int c = 0; c < 3; c++) {
            consumers.add(
                Coroutines.spawn(
                    () -> {
                      for (int i = 0; i < 10; i++) {
                        try (Hold _ = cond.hold()) {
                          cond.awaitFor(() -> !items.isEmpty());
                          consumed.add(items.removeFirst());
                        }
                      }
                    }));
          }
          for (int i = 0; i < 30; i++) {
            try (Hold _ = cond.hold()) {
              items.add(i);
              cond.signal();
            }
            if (i % 5 == 0) {
              Coroutines.sleep(ms(1));
            }
          }
          Coroutines.gather(consumers);
          return null;
        });
    assertEquals(30, consumed.size());
    assertEquals(30, new HashSet<>(consumed).size());
  }

  @Test
  void condition_needsItsLock() throws Exception {
    run(
        () -> {
          AsyncCondition cond = new AsyncCondition();
          IllegalStateException e = assertThrows(IllegalStateException.class, cond::await);
          assertTrue(e.getMessage().contains("needs the condition's lock"), e.getMessage());
          assertThrows(IllegalStateException.class, cond::signal);
          assertThrows(IllegalStateException.class, cond::signalAll);
          return null;
        });
  }

  @Test
  void condition_timedAwaitReturnsFalseHoldingTheLockAgain() throws Exception {
    run(
        () -> {
          AsyncCondition cond = new AsyncCondition();
          try (Hold _ = cond.hold()) {
            assertFalse(cond.await(ms(20)));
            assertTrue(cond.lock().isHeldByCurrentCoroutine());
            assertFalse(cond.awaitFor(() -> false, ms(20)));
          }
          return null;
        });
  }

  @Test
  void condition_cancelledWaiterHoldsTheLockAgainWhenItThrows() throws Exception {
    run(
        () -> {
          AsyncCondition cond = new AsyncCondition();
          List<Boolean> heldWhenThrown = Collections.synchronizedList(new ArrayList<>());
          Coroutine<Void> waiter =
              Coroutines.spawn(
                  () -> {
                    try (Hold _ = cond.hold()) {
                      try {
                        cond.await();
                      } catch (CancelledException e) {
                        heldWhenThrown.add(cond.lock().isHeldByCurrentCoroutine());
                        throw e;
                      }
                    }
                  });
          awaitWaiting(waiter);
          cond.lock().lock(); // the waiter released it while waiting
          waiter.cancel();
          Coroutines.sleep(ms(10));
          assertFalse(waiter.done(), "it waits for the lock again before it throws");
          cond.lock().unlock();
          waiter.join();
          assertEquals(List.of(true), heldWhenThrown);
          assertFalse(cond.lock().isLocked());
          return null;
        });
  }

  @Test
  void condition_signalAllWakesEveryWaiter() throws Exception {
    run(
        () -> {
          AsyncCondition cond = new AsyncCondition();
          List<Coroutine<Void>> waiters = new ArrayList<>();
          for (int i = 0; i < 4; i++) {
            Coroutine<Void> w =
                Coroutines.spawn(
                    () -> {
                      try (Hold _ = cond.hold()) {
                        cond.await();
                      }
                    });
            awaitWaiting(w);
            waiters.add(w);
          }
          try (Hold _ = cond.hold()) {
            cond.signalAll();
          }
          Coroutines.gather(waiters);
          return null;
        });
  }

  // ---------------------------------------------------------------- AsyncBarrier

  @Test
  void barrier_releasesEachRoundWithDistinctIndexesAndRunsTheActionOnce() throws Exception {
    AtomicInteger actions = new AtomicInteger();
    AsyncBarrier barrier = new AsyncBarrier(3, actions::incrementAndGet);
    Set<Integer> indexes = Collections.synchronizedSet(new HashSet<>());
    run(
        () -> {
          List<Coroutine<Void>> all = new ArrayList<>();
          for (int i = 0; i < 6; i++) {
            all.add(
                Coroutines.spawn(
                    () -> {
                      indexes.add(barrier.await() + 10 * actions.get());
                    }));
            Coroutines.sleep(ms(1));
          }
          Coroutines.gather(all);
          return null;
        });
    assertEquals(2, actions.get());
    assertEquals(Set.of(10, 11, 12, 20, 21, 22), indexes);
    assertEquals(0, barrier.numberWaiting());
  }

  @Test
  void barrier_timeoutBreaksItForEveryone() throws Exception {
    run(
        () -> {
          AsyncBarrier barrier = new AsyncBarrier(3);
          Coroutine<Integer> other = Coroutines.spawn(() -> barrier.await());
          awaitWaiting(other);
          assertThrows(TimeoutException.class, () -> barrier.await(ms(20)));
          assertTrue(barrier.isBroken());
          assertThrows(CoroutineFailedException.class, other::get);
          assertTrue(other.exception() instanceof BrokenBarrierException);
          assertThrows(BrokenBarrierException.class, barrier::await);
          barrier.reset();
          assertFalse(barrier.isBroken());
          return null;
        });
  }

  @Test
  void barrier_abortBreaksItAndCancelledPartiesLeave() throws Exception {
    run(
        () -> {
          AsyncBarrier barrier = new AsyncBarrier(2);
          Coroutine<Integer> leaving = Coroutines.spawn(() -> barrier.await());
          awaitWaiting(leaving);
          assertEquals(1, barrier.numberWaiting());
          leaving.cancel();
          leaving.join();
          assertEquals(0, barrier.numberWaiting(), "a cancelled party leaves the round");
          assertFalse(barrier.isBroken());
          Coroutine<Integer> waiting = Coroutines.spawn(() -> barrier.await());
          awaitWaiting(waiting);
          barrier.abort();
          waiting.join();
          assertTrue(waiting.exception() instanceof BrokenBarrierException);
          assertThrows(IllegalArgumentException.class, () -> new AsyncBarrier(0));
          return null;
        });
  }

  // ---------------------------------------------------------------- AsyncQueue

  @Test
  void queue_ordersFifoLifoAndPriority() throws Exception {
    run(
        () -> {
          AsyncQueue<Integer> fifo = new AsyncQueue<>();
          AsyncQueue<Integer> lifo = AsyncQueue.lifo(0);
          AsyncQueue<Integer> prio = AsyncQueue.priority(0);
          for (int x : new int[] {3, 1, 2}) {
            fifo.put(x);
            lifo.put(x);
            prio.put(x);
          }
          assertEquals(List.of(3, 1, 2), List.of(fifo.take(), fifo.take(), fifo.take()));
          assertEquals(List.of(2, 1, 3), List.of(lifo.take(), lifo.take(), lifo.take()));
          assertEquals(List.of(1, 2, 3), List.of(prio.take(), prio.take(), prio.take()));
          record Job(int priority, String name) {}
          AsyncQueue<Job> byPriority =
              AsyncQueue.priority(0, java.util.Comparator.comparingInt(Job::priority));
          byPriority.put(new Job(8, "A"));
          byPriority.put(new Job(2, "B"));
          byPriority.put(new Job(2, "C"));
          assertEquals("B", byPriority.take().name());
          assertEquals("C", byPriority.take().name(), "ties leave in arrival order");
          return null;
        });
  }

  @Test
  void queue_boundedPutWaitsAndNonWaitingFormsReport() throws Exception {
    run(
        () -> {
          AsyncQueue<String> q = new AsyncQueue<>(2);
          assertTrue(q.offer("a"));
          assertTrue(q.offer("b"));
          assertTrue(q.isFull());
          assertFalse(q.offer("c"), "Python's QueueFull");
          assertFalse(q.offer("c", ms(20)));
          Coroutine<Void> putter = Coroutines.spawn(() -> q.put("c"));
          awaitWaiting(putter);
          assertEquals("a", q.take());
          putter.join();
          assertEquals(List.of("b", "c"), List.of(q.take(), q.poll()));
          assertNull(q.poll(), "Python's QueueEmpty");
          assertNull(q.poll(ms(20)));
          assertThrows(NullPointerException.class, () -> q.offer(null));
          assertThrows(IllegalArgumentException.class, () -> new AsyncQueue<>(-1));
          return null;
        });
  }

  @Test
  void queue_waitingPuttersAndTakersAreServedInArrivalOrder() throws Exception {
    run(
        () -> {
          AsyncQueue<Integer> q = new AsyncQueue<>(1);
          q.put(0);
          List<Coroutine<Void>> putters = new ArrayList<>();
          for (int i = 1; i <= 3; i++) {
            int x = i;
            Coroutine<Void> p = Coroutines.spawn(() -> q.put(x));
            awaitWaiting(p);
            putters.add(p);
          }
          List<Integer> got = new ArrayList<>();
          for (int i = 0; i < 4; i++) {
            got.add(q.take());
          }
          assertEquals(List.of(0, 1, 2, 3), got);
          List<Coroutine<Integer>> takers = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            Coroutine<Integer> t = Coroutines.spawn(q::take);
            awaitWaiting(t);
            takers.add(t);
          }
          q.put(10);
          q.put(11);
          q.put(12);
          assertEquals(List.of(10, 11, 12), Coroutines.gather(takers));
          return null;
        });
  }

  @Test
  void queue_taskDoneAndJoin() throws Exception {
    run(
        () -> {
          AsyncQueue<Integer> q = new AsyncQueue<>();
          List<Integer> done = Collections.synchronizedList(new ArrayList<>());
          Coroutines.spawn(
              () -> {
                while (true) {
                  int x = q.take();
                  Coroutines.sleep(ms(1));
                  done.add(x);
                  q.taskDone();
                }
              });
          for (int i = 0; i < 5; i++) {
            q.put(i);
          }
          assertFalse(q.join(ms(1)));
          q.join();
          assertEquals(5, done.size());
          assertEquals(0, q.unfinishedTasks());
          assertThrows(IllegalStateException.class, q::taskDone);
          return null;
        });
  }

  @Test
  void queue_closeFailsPutsAndDrainsTakers() throws Exception {
    run(
        () -> {
          AsyncQueue<String> q = new AsyncQueue<>(1);
          q.put("left");
          Coroutine<Void> putter = Coroutines.spawn(() -> q.put("refused"));
          awaitWaiting(putter);
          q.close();
          putter.join();
          assertTrue(putter.exception() instanceof QueueClosedException);
          assertThrows(QueueClosedException.class, () -> q.put("late"));
          assertEquals("left", q.take(), "takers drain what is left");
          assertThrows(QueueClosedException.class, q::take);
          assertThrows(QueueClosedException.class, q::poll);
          AsyncQueue<String> empty = new AsyncQueue<>();
          Coroutine<String> taker = Coroutines.spawn(empty::take);
          awaitWaiting(taker);
          empty.close();
          taker.join();
          assertTrue(taker.exception() instanceof QueueClosedException);
          return null;
        });
  }

  @Test
  void queue_everyElementIsTakenOnceByManyProducersAndConsumers() throws Exception {
    AsyncQueue<Integer> q = new AsyncQueue<>(8);
    Set<Integer> seen = Collections.synchronizedSet(new HashSet<>());
    AtomicInteger duplicates = new AtomicInteger();
    run(
        () -> {
          List<Coroutine<Void>> all = new ArrayList<>();
          for (int p = 0; p < 4; p++) {
            int base = p * 1000;
            all.add(
                Coroutines.spawn(
                    () -> {
                      for (int i = 0; i < 500; i++) {
                        q.put(base + i);
                      }
                    }));
          }
          for (int c = 0; c < 4; c++) {
            all.add(
                Coroutines.spawn(
                    () -> {
                      for (int i = 0; i < 500; i++) {
                        if (!seen.add(q.take())) {
                          duplicates.incrementAndGet();
                        }
                      }
                    }));
          }
          Coroutines.gather(all);
          return null;
        });
    assertEquals(0, duplicates.get());
    assertEquals(2000, seen.size());
  }

  @Test
  void queue_fedByAPlainThread() throws Exception {
    AsyncQueue<Integer> q = new AsyncQueue<>();
    int sum =
        run(
            () -> {
              Thread.ofPlatform()
                  .start(
                      () -> {
                        for (int i = 1; i <= 100; i++) {
                          q.offer(i);
                        }
                      });
              int s = 0;
              for (int i = 0; i < 100; i++) {
                s += q.take();
              }
              return s;
            });
    assertEquals(5050, sum);
  }
}

package dev.multitask.sync;

import static dev.multitask.sync.SyncTesting.LONG_WAIT;
import static dev.multitask.sync.SyncTesting.SHORT;
import static dev.multitask.sync.SyncTesting.SHORT_MS;
import static dev.multitask.sync.SyncTesting.assertWaited;
import static dev.multitask.sync.SyncTesting.foreignLock;
import static dev.multitask.sync.SyncTesting.joinAll;
import static dev.multitask.sync.SyncTesting.startAll;
import static dev.multitask.sync.SyncTesting.startThreads;
import static dev.multitask.sync.SyncTesting.thrownBy;
import static dev.multitask.sync.SyncTesting.waitUntil;
import static dev.multitask.sync.SyncTesting.waitUntilAsleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Action;
import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Task;
import dev.multitask.process.shm.Futex;
import dev.multitask.shared.SharedLong;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link Semaphore}, {@link Event}, {@link Condition} and {@link Barrier} contract; run over
 * every backend by {@link SyncContract}. Job bodies capture only primitives, strings and numbers.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class CoordinationContract {
  /** The context of the running test, new for each test. */
  abstract Context ctx();

  // ---- bodies ----

  /**
   * Enters {@code semaphore} {@code times} times, counting who is inside and the most ever inside.
   */
  static Task<Long> countingInside(
      Semaphore semaphore, SharedLong inside, SharedLong most, int times) {
    return () -> {
      for (int i = 0; i < times; i++) {
        try (Hold _ = semaphore.hold()) {
          long now = inside.addAndGet(1);
          long seen = most.get();
          while (now > seen && !most.compareAndSet(seen, now)) {
            seen = most.get();
          }
          Thread.sleep(1);
          inside.addAndGet(-1);
        }
      }
      return most.get();
    };
  }

  /** Meets the other parties {@code rounds} times; returns "index/actions run" after each round. */
  static Task<ArrayList<String>> meetingRounds(Barrier barrier, SharedLong actions, int rounds) {
    return () -> {
      ArrayList<String> seen = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        int index = barrier.await(LONG_WAIT);
        seen.add(index + "/" + actions.get());
      }
      return seen;
    };
  }

  // ---- Semaphore ----

  @Test
  void semaphore_admitsAtMostPermitsJobsAtOnce() throws Exception {
    Semaphore semaphore = ctx().semaphore(2);
    SharedLong inside = ctx().sharedLong(0);
    SharedLong most = ctx().sharedLong(0);

    for (Job<Long> job : startAll(ctx(), 4, countingInside(semaphore, inside, most, 50))) {
      job.result();
    }

    assertTrue(most.get() <= 2, "jobs inside at once: " + most.get());
    assertTrue(most.get() >= 1);
    assertEquals(2, semaphore.availablePermits(), "every permit came back");
  }

  @Test
  void boundedSemaphore_releasePastInitialCount_isRefused() throws Exception {
    Semaphore bounded = ctx().boundedSemaphore(2);

    assertThrows(IllegalStateException.class, bounded::release);
    assertEquals(2, bounded.availablePermits());
    bounded.acquire();
    assertThrows(IllegalStateException.class, () -> bounded.release(2));
    assertEquals(1, bounded.availablePermits(), "a refused release(n) releases none");
    bounded.release(1);
    assertEquals(2, bounded.availablePermits());

    Semaphore unbounded = ctx().semaphore(0);
    unbounded.release(3);
    unbounded.release();
    assertEquals(4, unbounded.availablePermits(), "a plain semaphore grows past its initial count");
  }

  @Test
  void tryAcquire_timesOut_returnsFalse() throws Exception {
    Semaphore semaphore = ctx().semaphore(1);
    assertTrue(semaphore.tryAcquire());
    assertFalse(semaphore.tryAcquire());

    long start = System.nanoTime();
    assertFalse(semaphore.tryAcquire(SHORT));

    assertWaited(start, SHORT_MS);
    assertEquals(0, semaphore.availablePermits());
    semaphore.release();
    assertTrue(semaphore.tryAcquire(SHORT));
  }

  @Test
  void release_wakesAcquirerInAnotherJob() throws Exception {
    Semaphore semaphore = ctx().semaphore(0);
    Job<String> job =
        ctx()
            .start(
                () -> {
                  semaphore.acquire();
                  return "acquired";
                });

    assertFalse(job.join(SHORT), "acquire returned with no permit");
    semaphore.release();

    assertEquals("acquired", job.result());
    assertEquals(0, semaphore.availablePermits());
  }

  @Test
  void acquire_interrupted_takesNoPermit() throws Exception {
    Semaphore semaphore = ctx().semaphore(0);
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread waiter =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    semaphore.acquire();
                    outcome.set("acquired");
                  } catch (Throwable t) {
                    outcome.set(t);
                  }
                });
    Thread.sleep(SHORT_MS);

    waiter.interrupt();
    waiter.join(LONG_WAIT);

    assertInstanceOf(InterruptedException.class, outcome.get());
    semaphore.release();
    assertEquals(1, semaphore.availablePermits());
  }

  @Test
  void semaphoreHold_closedTwice_releasesOnce() throws Exception {
    Semaphore bounded = ctx().boundedSemaphore(1);
    Hold hold = bounded.hold();
    assertEquals(0, bounded.availablePermits());

    hold.close();
    hold.close(); // a second release would pass the bound and throw

    assertEquals(1, bounded.availablePermits());
  }

  @Test
  void semaphore_badArguments_areRejected() {
    Semaphore semaphore = ctx().semaphore(0);

    assertThrows(IllegalArgumentException.class, () -> ctx().semaphore(-1));
    assertThrows(IllegalArgumentException.class, () -> ctx().boundedSemaphore(-1));
    assertThrows(IllegalArgumentException.class, () -> semaphore.release(0));
    assertThrows(IllegalArgumentException.class, () -> semaphore.tryAcquire(Duration.ofMillis(-1)));
    assertEquals(0, semaphore.availablePermits());
  }

  // ---- Event ----

  @Test
  void event_set_wakesWaitersInOtherJobs() throws Exception {
    Event event = ctx().event();
    List<Job<Boolean>> timed = startAll(ctx(), 2, () -> event.await(LONG_WAIT));
    Job<String> untimed =
        ctx()
            .start(
                () -> {
                  event.await();
                  return "woken";
                });

    assertFalse(untimed.join(SHORT), "await returned before set");
    event.set();

    for (Job<Boolean> job : timed) {
      assertTrue(job.result());
    }
    assertEquals("woken", untimed.result());
    assertTrue(event.isSet());
  }

  @Test
  void event_timedAwait_returnsTheFlag() throws Exception {
    Event event = ctx().event();
    assertFalse(event.isSet());

    long start = System.nanoTime();
    assertFalse(event.await(SHORT));
    assertWaited(start, SHORT_MS);

    event.set();
    assertTrue(event.await(Duration.ZERO));
    event.await();
    assertTrue(ctx().start(() -> event.await(Duration.ZERO)).result(), "a job sees the flag set");

    event.clear();
    assertFalse(event.isSet());
    assertFalse(event.await(Duration.ofMillis(50)));
    assertThrows(IllegalArgumentException.class, () -> event.await(Duration.ofMillis(-1)));
  }

  /**
   * CPython's bpo-13502: a waiter asleep at a {@code set} returns true even if a {@code clear}
   * follows at once, before it runs again.
   */
  @Test
  void event_setThenClearAtOnce_wakesEveryWaiterWithTrue() throws Exception {
    Event event = ctx().event();
    List<Boolean> results = Collections.synchronizedList(new ArrayList<>());
    List<Thread> waiters =
        startThreads(
            5,
            "waiter",
            () -> {
              try {
                results.add(event.await(LONG_WAIT));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    waitUntilAsleep(waiters);

    event.set();
    event.clear();

    joinAll(waiters);
    assertEquals(
        List.of(true, true, true, true, true),
        results,
        "a waiter woken by set went back to sleep when it saw the flag cleared");
    assertFalse(event.isSet());
  }

  // ---- Condition ----

  @Test
  void condition_awaitTimesOut_returnsFalse() throws Exception {
    Lock lock = ctx().lock();
    Condition condition = ctx().condition(lock);

    try (Hold _ = lock.hold()) {
      long start = System.nanoTime();
      assertFalse(condition.await(SHORT));
      assertWaited(start, SHORT_MS);
      assertTrue(lock.isHeldByCurrentThread(), "await returns holding the lock");
      assertFalse(condition.awaitFor(() -> false, Duration.ofMillis(50)));
      assertThrows(IllegalArgumentException.class, () -> condition.await(Duration.ofMillis(-1)));
    }
  }

  @Test
  void condition_madeWithoutLock_usesItsOwnRLock() throws Exception {
    Condition condition = ctx().condition(); // Python's Condition(): over a new RLock
    assertThrows(
        IllegalMonitorStateException.class,
        () -> condition.await(SHORT),
        "the lock is not held yet");
    try (Hold _ = condition.hold()) {
      assertTrue(condition.lock() instanceof RLock, "the default lock is reentrant, as in Python");
      assertFalse(condition.await(SHORT));
      assertTrue(condition.lock().isHeldByCurrentThread());
      condition.signalAll();
    }
    assertFalse(condition.lock().isLocked());
  }

  @Test
  void condition_signal_wakesConsumer() throws Exception {
    Lock lock = ctx().lock();
    Condition ready = ctx().condition(lock);
    SharedLong value = ctx().sharedLong(0);
    Job<Boolean> consumer =
        ctx()
            .start(
                () -> {
                  try (Hold _ = lock.hold()) {
                    return ready.awaitFor(() -> value.get() == 42, LONG_WAIT);
                  }
                });
    Thread.sleep(SHORT_MS); // let it wait (if it has not yet, it sees the value at once)

    try (Hold _ = lock.hold()) {
      value.set(42);
      ready.signal();
    }

    assertTrue(consumer.join(LONG_WAIT.dividedBy(3)), "the signal did not wake the consumer");
    assertTrue(consumer.result());
  }

  @Test
  void condition_signalAll_wakesEveryWaiter() throws Exception {
    Lock lock = ctx().lock();
    Condition condition = ctx().condition(lock);
    SharedLong waiting = ctx().sharedLong(0);
    List<Job<Boolean>> waiters =
        startAll(
            ctx(),
            3,
            () -> {
              try (Hold _ = lock.hold()) {
                waiting.addAndGet(1);
                return condition.await(Duration.ofSeconds(20));
              }
            });
    waitUntil("3 jobs wait", () -> waiting.get() == 3);

    try (Hold _ = lock.hold()) { // free only once each job counted itself is inside await
      condition.signalAll();
    }

    for (Job<Boolean> waiter : waiters) {
      assertTrue(waiter.result(), "a waiter timed out: signalAll did not wake it");
    }
  }

  /**
   * Python's {@code notify(n)}: exactly {@code n} waiters wake, and the others stay asleep (a
   * process waiter once woke up to a second after a signal meant for another, on its own).
   */
  @Test
  void condition_signalN_wakesExactlyNWaiters() throws Exception {
    Lock lock = ctx().lock();
    Condition condition = ctx().condition(lock);
    AtomicInteger waiting = new AtomicInteger();
    AtomicInteger woken = new AtomicInteger();
    List<Thread> waiters =
        startThreads(
            5,
            "waiter",
            () -> {
              lock.lock();
              try {
                waiting.incrementAndGet();
                if (condition.await(LONG_WAIT)) {
                  woken.incrementAndGet();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } finally {
                lock.unlock();
              }
            });
    waitUntil("5 threads wait", () -> waiting.get() == 5);
    waitUntilAsleep(waiters);

    try (Hold _ = lock.hold()) { // each thread counted is inside await: the lock is free
      condition.signal(2);
    }
    waitUntil("2 waiters wake", () -> woken.get() == 2);
    Thread.sleep(Futex.INTERRUPT_CHECK_MILLIS + SHORT_MS); // a process waiter's longest kernel nap
    assertEquals(2, woken.get(), "signal(2) woke more than 2 waiters");

    try (Hold _ = lock.hold()) {
      condition.signal(0);
      condition.signal(4); // more than wait
    }
    joinAll(waiters);
    assertEquals(5, woken.get());
    try (Hold _ = lock.hold()) {
      condition.signal(3); // nobody waits: nothing happens
      assertThrows(IllegalArgumentException.class, () -> condition.signal(-1));
    }
    assertThrows(IllegalMonitorStateException.class, () -> condition.signal(1));
  }

  /**
   * Hands tokens through a condition to consumers in jobs and in threads of this JVM, for about a
   * second: every signal must reach a waiter, so no timed wait may run out while a token waits (a
   * lost wake-up once held timed waits on processes for their whole timeout).
   */
  @Test
  void condition_manySignalsToTimedWaiters_loseNone() throws Exception {
    Lock lock = ctx().lock();
    Condition condition = ctx().condition(lock);
    SharedLong tokens = ctx().sharedLong(0);
    SharedLong consumed = ctx().sharedLong(0);
    SharedLong timeouts = ctx().sharedLong(0);
    SharedLong done = ctx().sharedLong(0);
    Task<Long> consumer =
        () -> {
          long mine = 0;
          while (true) {
            try (Hold _ = lock.hold()) {
              while (tokens.get() == 0 && done.get() == 0) {
                if (!condition.await(Duration.ofSeconds(5)) && tokens.get() > 0) {
                  timeouts.addAndGet(1); // ran out with a token there: a signal went nowhere
                }
              }
              if (tokens.get() == 0) {
                return mine;
              }
              tokens.addAndGet(-1);
              consumed.addAndGet(1);
              mine++;
            }
          }
        };
    List<Job<Long>> jobs = startAll(ctx(), 2, consumer);
    List<Thread> threads =
        startThreads(
            2,
            "consumer",
            () -> {
              try {
                consumer.call();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });

    long produced = 0;
    long end = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    while (System.nanoTime() - end < 0) {
      int batch = 1 + (int) (produced % 3);
      try (Hold _ = lock.hold()) {
        tokens.addAndGet(batch);
        condition.signal(batch);
      }
      produced += batch;
      if (produced % 64 < 3) {
        Thread.sleep(1); // let the consumers fall asleep now and then
      }
    }
    long total = produced;
    waitUntil("every token is taken", () -> consumed.get() == total);
    try (Hold _ = lock.hold()) {
      done.set(1);
      condition.signalAll();
    }

    long byJobs = 0;
    for (Job<Long> job : jobs) {
      byJobs += job.result();
    }
    joinAll(threads);
    assertEquals(produced, consumed.get());
    assertTrue(byJobs <= produced);
    assertEquals(0, timeouts.get(), "timed waits that ran out while a token waited");
  }

  @Test
  void condition_await_releasesRLockFullyAndRestoresHoldCount() throws Exception {
    RLock lock = ctx().rlock();
    Condition condition = ctx().condition(lock);
    lock.lock();
    lock.lock();
    lock.lock();
    Job<Boolean> signaller =
        ctx()
            .start(
                () -> {
                  if (!lock.tryLock(LONG_WAIT)) {
                    return false;
                  }
                  try {
                    condition.signal();
                    return true;
                  } finally {
                    lock.unlock();
                  }
                });

    assertTrue(
        condition.await(LONG_WAIT),
        "no signal: the job never got the lock await should have released");

    assertEquals(3, lock.holdCount());
    assertTrue(signaller.result());
    lock.unlock();
    lock.unlock();
    lock.unlock();
    assertFalse(lock.isLocked());
  }

  @Test
  void condition_awaitInterrupted_holdsTheLockAgain() throws Exception {
    Lock lock = ctx().lock();
    Condition condition = ctx().condition(lock);
    AtomicReference<String> outcome = new AtomicReference<>();
    Thread waiter =
        Thread.ofPlatform()
            .start(
                () -> {
                  lock.lock();
                  try {
                    condition.await();
                    outcome.set("woken");
                  } catch (InterruptedException e) {
                    outcome.set("interrupted, holding=" + lock.isHeldByCurrentThread());
                  } finally {
                    lock.unlock();
                  }
                });
    Thread.sleep(SHORT_MS);
    assertFalse(lock.isLocked(), "await released the lock");

    waiter.interrupt();
    waiter.join(LONG_WAIT);

    assertEquals("interrupted, holding=true", outcome.get());
    assertFalse(lock.isLocked());
  }

  @Test
  void condition_usedWithoutTheLock_isRejected() throws Exception {
    Lock lock = ctx().lock();
    Condition condition = ctx().condition(lock);
    Condition overOwnRLock = ctx().condition();

    assertThrows(IllegalMonitorStateException.class, condition::await);
    assertThrows(IllegalMonitorStateException.class, () -> condition.await(SHORT));
    assertThrows(IllegalMonitorStateException.class, () -> condition.awaitFor(() -> false, SHORT));
    assertThrows(IllegalMonitorStateException.class, condition::signal);
    assertThrows(IllegalMonitorStateException.class, condition::signalAll);
    assertThrows(IllegalMonitorStateException.class, () -> overOwnRLock.await(SHORT));
    assertThrows(IllegalMonitorStateException.class, overOwnRLock::signal);
    lock.lock();
    assertEquals(
        "IllegalMonitorStateException",
        ctx().start(() -> thrownBy(condition::signal)).result(),
        "another job does not hold the lock the test holds");
    lock.unlock();
  }

  @Test
  void condition_overNullOrForeignLock_isRejected() {
    assertThrows(NullPointerException.class, () -> ctx().condition(null));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ctx().condition(foreignLock()));
    assertTrue(e.getMessage().contains("a lock of no backend"), e.getMessage());
  }

  // ---- Barrier ----

  @Test
  void barrier_givesDistinctIndexesAndRunsActionOncePerRound() throws Exception {
    SharedLong actions = ctx().sharedLong(0);
    Barrier barrier = ctx().barrier(4, () -> actions.addAndGet(1));

    List<Job<ArrayList<String>>> jobs = startAll(ctx(), 4, meetingRounds(barrier, actions, 3));

    List<List<String>> seen = new ArrayList<>();
    for (Job<ArrayList<String>> job : jobs) {
      seen.add(job.result());
    }
    for (int round = 0; round < 3; round++) {
      Set<String> ofRound = new HashSet<>();
      for (List<String> party : seen) {
        ofRound.add(party.get(round));
      }
      int actionsRun = round + 1;
      assertEquals(
          Set.of("0/" + actionsRun, "1/" + actionsRun, "2/" + actionsRun, "3/" + actionsRun),
          ofRound,
          "index/actions run, as seen by each party after round " + round + ": " + seen);
    }
    assertEquals(3, actions.get());
    assertFalse(barrier.isBroken());
  }

  @Test
  void barrier_awaitTimesOut_breaks() throws Exception {
    Barrier barrier = ctx().barrier(3);
    Job<String> other = ctx().start(() -> thrownBy(() -> barrier.await(LONG_WAIT)));
    waitUntil("the job waits", () -> barrier.numberWaiting() == 1);

    long start = System.nanoTime();
    assertThrows(TimeoutException.class, () -> barrier.await(SHORT));

    assertWaited(start, SHORT_MS);
    assertTrue(barrier.isBroken());
    assertEquals("BrokenBarrierException", other.result());
    assertThrows(BrokenBarrierException.class, () -> barrier.await(LONG_WAIT), "a later await");

    barrier.reset();
    assertFalse(barrier.isBroken());
    List<Job<Integer>> partners = startAll(ctx(), 2, () -> barrier.await(LONG_WAIT));
    Set<Integer> indexes = new HashSet<>(Set.of(barrier.await(LONG_WAIT)));
    for (Job<Integer> partner : partners) {
      indexes.add(partner.result());
    }
    assertEquals(Set.of(0, 1, 2), indexes, "a reset barrier serves a new round");
  }

  /**
   * Python's {@code Barrier(parties, timeout=t)}: {@code await()} gives up after the default
   * timeout with {@code BrokenBarrierException} (Python's {@code BrokenBarrierError}), breaking the
   * barrier for the party waiting in another job too; {@code await(Duration)} keeps its own.
   */
  @Test
  void barrier_withDefaultTimeout_breaksWhenAwaitRunsOut() throws Exception {
    Barrier barrier = ctx().barrier(3, Duration.ofMillis(SHORT_MS));
    Job<String> other = ctx().start(() -> thrownBy(() -> barrier.await(LONG_WAIT)));
    waitUntil("the job waits", () -> barrier.numberWaiting() == 1);

    long start = System.nanoTime();
    BrokenBarrierException e = assertThrows(BrokenBarrierException.class, barrier::await);

    assertWaited(start, SHORT_MS);
    assertInstanceOf(TimeoutException.class, e.getCause());
    assertTrue(barrier.isBroken());
    assertEquals("BrokenBarrierException", other.result());
    barrier.reset();
    List<Job<Integer>> partners = startAll(ctx(), 2, () -> barrier.await(LONG_WAIT));
    Set<Integer> indexes = new HashSet<>(Set.of(barrier.await(LONG_WAIT)));
    for (Job<Integer> partner : partners) {
      indexes.add(partner.result());
    }
    assertEquals(Set.of(0, 1, 2), indexes, "await(Duration) waits as long as it says");

    SharedLong actions = ctx().sharedLong(0);
    Barrier withAction = ctx().barrier(1, () -> actions.addAndGet(1), LONG_WAIT);
    assertEquals(0, withAction.await());
    assertEquals(1, actions.get());
    assertEquals(3, barrier.parties());
    assertThrows(IllegalArgumentException.class, () -> ctx().barrier(2, Duration.ZERO));
    assertThrows(NullPointerException.class, () -> ctx().barrier(2, (Duration) null));
  }

  @Test
  void barrier_abort_breaksItUntilReset() throws Exception {
    Barrier barrier = ctx().barrier(2);
    Job<String> waiter = ctx().start(() -> thrownBy(() -> barrier.await(LONG_WAIT)));
    waitUntil("the job waits", () -> barrier.numberWaiting() == 1);

    barrier.abort();

    assertEquals("BrokenBarrierException", waiter.result());
    assertTrue(barrier.isBroken());
    assertThrows(BrokenBarrierException.class, () -> barrier.await(LONG_WAIT));
    barrier.reset();
    assertFalse(barrier.isBroken());
    assertEquals(0, barrier.numberWaiting());
    Job<Integer> partner = ctx().start(() -> barrier.await(LONG_WAIT));
    assertEquals(Set.of(0, 1), new HashSet<>(List.of(barrier.await(LONG_WAIT), partner.result())));
  }

  @Test
  void barrier_resetWhileWaiting_breaksWaiters() throws Exception {
    Barrier barrier = ctx().barrier(3);
    Job<String> waiter = ctx().start(() -> thrownBy(() -> barrier.await(LONG_WAIT)));
    waitUntil("the job waits", () -> barrier.numberWaiting() == 1);

    barrier.reset();

    assertEquals("BrokenBarrierException", waiter.result());
    assertFalse(barrier.isBroken(), "reset leaves the barrier whole for the next round");
  }

  @Test
  void barrier_actionThrows_breaks() throws Exception {
    Barrier barrier =
        ctx()
            .barrier(
                2,
                () -> {
                  throw new IllegalStateException("action failed");
                });
    Job<String> waiter = ctx().start(() -> thrownBy(() -> barrier.await(LONG_WAIT)));
    waitUntil("the job waits", () -> barrier.numberWaiting() == 1);

    BrokenBarrierException e =
        assertThrows(BrokenBarrierException.class, () -> barrier.await(LONG_WAIT));

    assertInstanceOf(
        IllegalStateException.class, e.getCause(), "the last party ran the action: its exception");
    assertEquals("action failed", e.getCause().getMessage());
    assertEquals("BrokenBarrierException", waiter.result());
    assertTrue(barrier.isBroken());
  }

  @Test
  void barrier_waiterInterrupted_breaks() throws Exception {
    Barrier barrier = ctx().barrier(2);
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread waiter =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    outcome.set(barrier.await());
                  } catch (Throwable t) {
                    outcome.set(t);
                  }
                });
    waitUntil("the thread waits", () -> barrier.numberWaiting() == 1);

    waiter.interrupt();
    waiter.join(LONG_WAIT);

    assertInstanceOf(InterruptedException.class, outcome.get());
    assertTrue(barrier.isBroken());
    assertThrows(BrokenBarrierException.class, () -> barrier.await(SHORT));
  }

  @Test
  void barrier_ofOneParty_tripsAtOnceAndBadArgumentsAreRejected() throws Exception {
    SharedLong actions = ctx().sharedLong(0);
    Barrier solo = ctx().barrier(1, () -> actions.addAndGet(1));

    assertEquals(0, solo.await());
    assertEquals(0, solo.await(Duration.ZERO));

    assertEquals(2, actions.get());
    assertEquals(1, solo.parties());
    assertEquals(0, solo.numberWaiting());
    assertThrows(IllegalArgumentException.class, () -> solo.await(Duration.ofMillis(-1)));
    assertThrows(IllegalArgumentException.class, () -> ctx().barrier(0));
    assertThrows(IllegalArgumentException.class, () -> ctx().barrier(-1, () -> {}));
    assertThrows(NullPointerException.class, () -> ctx().barrier(2, (Action) null));
  }

  // ---- how they print ----

  /**
   * Every backend prints "<kind> <name> [state]", so a log line reads the same whatever runs it.
   */
  @Test
  void toString_onEveryBackend_printsKindNameAndState() throws Exception {
    Semaphore semaphore = ctx().semaphore(2);
    semaphore.acquire();
    assertTrue(
        semaphore.toString().matches("Semaphore\\b.* \\[1 of 2 free]"), semaphore.toString());
    semaphore.release();

    Event event = ctx().event();
    assertTrue(event.toString().matches("Event\\b.* \\[not set]"), event.toString());
    event.set();
    assertTrue(event.toString().matches("Event\\b.* \\[set]"), event.toString());

    Barrier barrier = ctx().barrier(2);
    assertTrue(barrier.toString().matches("Barrier\\b.* \\[0 of 2 waiting]"), barrier.toString());

    Lock lock = ctx().lock();
    Condition condition = ctx().condition(lock);
    assertTrue(condition.toString().matches("Condition\\b.* over Lock\\b.*"), condition.toString());
  }
}

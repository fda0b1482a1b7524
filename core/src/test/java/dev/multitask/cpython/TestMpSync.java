package dev.multitask.cpython;

import static dev.multitask.cpython.Waits.LONG;
import static dev.multitask.cpython.Waits.assertTimeout;
import static dev.multitask.cpython.Waits.since;
import static dev.multitask.cpython.Waits.waitUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.multitask.Action;
import dev.multitask.Job;
import dev.multitask.shared.SharedLong;
import dev.multitask.sync.Condition;
import dev.multitask.sync.Event;
import dev.multitask.sync.Hold;
import dev.multitask.sync.Lock;
import dev.multitask.sync.RLock;
import dev.multitask.sync.Semaphore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Port of {@code Lib/test/_test_multiprocessing.py}, classes {@code _TestLock}, {@code
 * _TestSemaphore}, {@code _TestCondition} and {@code _TestEvent}: the synchronization objects
 * shared with jobs (child JVMs on the process backend) and threads of this JVM at once. Python's
 * {@code get_value(sem)} is {@code availablePermits()}; its {@code RuntimeError} and {@code
 * ValueError} are {@link IllegalMonitorStateException} and {@link IllegalStateException}. Not
 * ported: the {@code repr} tests, which print the owner's process and thread names (multitask
 * prints the holder's pid and thread id), and {@code check_invariant} (CPython's condition
 * internals); {@code test_wait_result}'s SIGINT part.
 */
abstract class TestMpSync extends PortPart {
  static final Duration TIMEOUT1 = Duration.ofMillis(100);
  static final Duration TIMEOUT2 = Duration.ofMillis(200);

  /** test_lock. */
  @Test
  void lock_acquireAndRelease() {
    Lock lock = ctx().lock();
    lock.lock();
    assertTrue(lock.isLocked());
    assertFalse(lock.tryLock());
    lock.unlock();
    assertFalse(lock.isLocked());
    assertThrows(IllegalStateException.class, lock::unlock);
  }

  /** test_lock_locked_2processes, test_rlock_locked_2processes. */
  @Test
  void lock_heldByAJob_isLockedHere() throws Exception {
    for (Lock lock : List.of(ctx().lock(), ctx().rlock())) {
      Event event = ctx().event();
      SharedLong res = ctx().sharedLong(0);
      Event done = ctx().event();
      Action child =
          () -> {
            lock.lock();
            res.set(lock.isLocked() ? 1 : 0);
            event.set();
            done.await(LONG);
          };
      Job<Void> p = ctx().start(child);
      assertTrue(event.await(LONG));
      assertTrue(lock.isLocked());
      assertEquals(1, res.get());
      done.set();
      p.join();
    }
  }

  /** test_rlock. */
  @Test
  void rlock_nestsAndRefusesAnExtraRelease() {
    RLock lock = ctx().rlock();
    lock.lock();
    assertTrue(lock.isLocked());
    lock.lock();
    lock.lock();
    lock.unlock();
    assertTrue(lock.isLocked());
    lock.unlock();
    lock.unlock();
    assertFalse(lock.isLocked());
    assertThrows(IllegalMonitorStateException.class, lock::unlock);
  }

  /** test_lock_context, test_rlock_context. */
  @Test
  void hold_locksForTheBlock() {
    for (Lock lock : List.of(ctx().lock(), ctx().rlock())) {
      try (Hold _ = lock.hold()) {
        assertTrue(lock.isLocked());
      }
      assertFalse(lock.isLocked());
    }
  }

  private static void checkSemaphore(Semaphore sem) throws Exception {
    assertEquals(2, sem.availablePermits());
    sem.acquire();
    assertEquals(1, sem.availablePermits());
    sem.acquire();
    assertEquals(0, sem.availablePermits());
    assertFalse(sem.tryAcquire());
    assertEquals(0, sem.availablePermits());
    sem.release();
    assertEquals(1, sem.availablePermits());
    sem.release();
    assertEquals(2, sem.availablePermits());
  }

  /** test_semaphore. */
  @Test
  void semaphore_countsItsPermits() throws Exception {
    Semaphore sem = ctx().semaphore(2);
    checkSemaphore(sem);
    sem.release();
    assertEquals(3, sem.availablePermits());
    sem.release();
    assertEquals(4, sem.availablePermits());
  }

  /** test_bounded_semaphore (with the check CPython leaves out for macOS). */
  @Test
  void boundedSemaphore_countsItsPermitsUpToTheBound() throws Exception {
    Semaphore sem = ctx().boundedSemaphore(2);
    checkSemaphore(sem);
    assertThrows(IllegalStateException.class, sem::release);
    assertEquals(2, sem.availablePermits());
  }

  /** test_timeout (semaphores). */
  @Test
  void semaphore_tryAcquire_waitsItsTimeout() throws Exception {
    Semaphore sem = ctx().semaphore(0);
    long t = System.nanoTime();
    assertFalse(sem.tryAcquire());
    assertTrue(since(t).compareTo(TIMEOUT2) < 0);
    t = System.nanoTime();
    assertFalse(sem.tryAcquire(TIMEOUT2));
    assertTimeout(since(t), TIMEOUT2);
  }

  /** CPython's {@code f}: takes the lock, says it sleeps, waits, says it woke. */
  static Action sleeper(Condition cond, Semaphore sleeping, Semaphore woken, Duration timeout) {
    return () -> {
      cond.lock().lock();
      try {
        sleeping.release();
        if (timeout == null) {
          cond.await();
        } else {
          cond.await(timeout);
        }
        woken.release();
      } finally {
        cond.lock().unlock();
      }
    };
  }

  private static void startThread(Action body) {
    Thread.ofPlatform()
        .daemon(true)
        .start(
            () -> {
              try {
                body.run();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
  }

  private static void signal(Condition cond, int n) {
    try (Hold _ = cond.hold()) {
      cond.signal(n);
    }
  }

  /** test_notify: one job and one thread wait; each notify wakes one. */
  @Test
  void signal_wakesOneWaiterOfAJobAndAThread() throws Exception {
    Condition cond = ctx().condition();
    Semaphore sleeping = ctx().semaphore(0);
    Semaphore woken = ctx().semaphore(0);
    Job<Void> p = ctx().job(sleeper(cond, sleeping, woken, null)).daemon(true).start();
    startThread(sleeper(cond, sleeping, woken, null));
    sleeping.acquire();
    sleeping.acquire();
    assertEquals(0, woken.availablePermits());
    signal(cond, 1);
    waitUntil("one wakes", () -> woken.availablePermits() == 1);
    signal(cond, 1);
    waitUntil("the other wakes", () -> woken.availablePermits() == 2);
    p.join();
  }

  /**
   * test_notify_all: timed waits of jobs and threads time out; then all are woken (two jobs and two
   * threads a round here, CPython three and three).
   */
  @Test
  void signalAll_wakesEveryWaiterOfJobsAndThreads() throws Exception {
    Condition cond = ctx().condition();
    Semaphore sleeping = ctx().semaphore(0);
    Semaphore woken = ctx().semaphore(0);
    List<Job<Void>> workers = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      workers.add(ctx().job(sleeper(cond, sleeping, woken, TIMEOUT1)).daemon(true).start());
      startThread(sleeper(cond, sleeping, woken, TIMEOUT1));
    }
    for (int i = 0; i < 4; i++) {
      sleeping.acquire();
    }
    for (int i = 0; i < 4; i++) {
      woken.acquire(); // they timed out
    }
    assertEquals(0, woken.availablePermits());
    for (int i = 0; i < 2; i++) {
      workers.add(ctx().job(sleeper(cond, sleeping, woken, null)).daemon(true).start());
      startThread(sleeper(cond, sleeping, woken, null));
    }
    for (int i = 0; i < 4; i++) {
      sleeping.acquire();
    }
    Thread.sleep(TIMEOUT1.toMillis());
    assertEquals(0, woken.availablePermits());
    try (Hold _ = cond.hold()) {
      cond.signalAll();
    }
    for (int i = 0; i < 4; i++) {
      assertTrue(woken.tryAcquire(LONG));
    }
    assertEquals(0, woken.availablePermits());
    for (Job<Void> w : workers) {
      w.join();
    }
  }

  /** test_notify_n: notify(2) wakes two of six, notify(4) the rest, notify(3) nobody. */
  @Test
  void signalN_wakesNWaitersOfJobsAndThreads() throws Exception {
    Condition cond = ctx().condition();
    Semaphore sleeping = ctx().semaphore(0);
    Semaphore woken = ctx().semaphore(0);
    List<Job<Void>> workers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      workers.add(ctx().job(sleeper(cond, sleeping, woken, null)).daemon(true).start());
      startThread(sleeper(cond, sleeping, woken, null));
    }
    for (int i = 0; i < 6; i++) {
      sleeping.acquire();
    }
    Thread.sleep(TIMEOUT1.toMillis());
    assertEquals(0, woken.availablePermits());
    signal(cond, 2);
    waitUntil("2 wake", () -> woken.availablePermits() == 2);
    Thread.sleep(TIMEOUT1.toMillis());
    assertEquals(2, woken.availablePermits(), "notify(2) woke more than 2");
    signal(cond, 4);
    waitUntil("6 wake", () -> woken.availablePermits() == 6);
    signal(cond, 3);
    assertEquals(6, woken.availablePermits());
    for (Job<Void> w : workers) {
      w.join();
    }
  }

  /** test_timeout (condition). */
  @Test
  void await_withTimeout_returnsFalseAfterIt() throws Exception {
    Condition cond = ctx().condition();
    try (Hold _ = cond.hold()) {
      long t = System.nanoTime();
      assertFalse(cond.await(TIMEOUT1));
      assertTimeout(since(t), TIMEOUT1);
    }
  }

  /** test_waitfor: a job and the main process wait for each other's state changes. */
  @Test
  void awaitFor_acrossAJob_seesTheState() throws Exception {
    Condition cond = ctx().condition();
    SharedLong state = ctx().sharedLong(-1);
    Action child =
        () -> {
          try (Hold _ = cond.hold()) {
            state.set(0);
            cond.signal();
            if (!cond.awaitFor(() -> state.get() == 4, LONG) || state.get() != 4) {
              System.exit(1);
            }
          }
        };
    Job<Void> p = ctx().job(child).daemon(true).start();
    try (Hold _ = cond.hold()) {
      assertTrue(cond.awaitFor(() -> state.get() == 0, LONG));
      assertEquals(0, state.get());
    }
    for (int i = 0; i < 4; i++) {
      Thread.sleep(10);
      try (Hold _ = cond.hold()) {
        state.addAndGet(1);
        cond.signal();
      }
    }
    p.join();
    assertEquals(OptionalInt.of(0), p.exitCode());
  }

  /** test_waitfor_timeout: a job's timed waitFor returns false after its timeout. */
  @Test
  void awaitFor_withTimeoutInAJob_returnsFalse() throws Exception {
    Condition cond = ctx().condition();
    SharedLong state = ctx().sharedLong(0);
    SharedLong success = ctx().sharedLong(0);
    Semaphore sem = ctx().semaphore(0);
    Action child =
        () -> {
          sem.release();
          try (Hold _ = cond.hold()) {
            long dt = System.nanoTime();
            boolean result = cond.awaitFor(() -> state.get() == 4, Duration.ofMillis(100));
            if (!result && System.nanoTime() - dt >= 90_000_000L) {
              success.set(1);
            }
          }
        };
    Job<Void> p = ctx().job(child).daemon(true).start();
    assertTrue(sem.tryAcquire(LONG));
    for (int i = 0; i < 3; i++) {
      Thread.sleep(10);
      try (Hold _ = cond.hold()) {
        state.addAndGet(1);
        cond.signal();
      }
    }
    p.join();
    assertEquals(1, success.get());
  }

  /** test_wait_result: a timed wait returns false alone, true when a job notifies. */
  @Test
  void await_returnsWhetherItWasSignalled() throws Exception {
    Condition c = ctx().condition();
    try (Hold _ = c.hold()) {
      assertFalse(c.await(Duration.ZERO));
      assertFalse(c.await(TIMEOUT1));
      Action child =
          () -> {
            try (Hold _ = c.hold()) {
              c.signal();
            }
          };
      Job<Void> p = ctx().start(child);
      assertTrue(c.await(LONG));
      p.join();
    }
  }

  /** _TestEvent.test_event: timed waits, then a job sets it. */
  @Test
  void event_setByAJob_wakesTheWaiter() throws Exception {
    Event event = ctx().event();
    assertFalse(event.isSet());
    long t = System.nanoTime();
    assertFalse(event.await(Duration.ZERO));
    assertTrue(since(t).compareTo(TIMEOUT1) < 0);
    t = System.nanoTime();
    assertFalse(event.await(TIMEOUT1));
    assertTimeout(since(t), TIMEOUT1);
    event.set();
    assertTrue(event.isSet());
    event.await();
    assertTrue(event.await(TIMEOUT1));
    event.clear();
    Action child =
        () -> {
          Thread.sleep(TIMEOUT2.toMillis());
          event.set();
        };
    Job<Void> p = ctx().job(child).daemon(true).start();
    event.await();
    assertTrue(event.isSet());
    p.join();
  }

  /** _TestEvent.test_repr. */
  @Test
  void event_printsItsState() {
    Event event = ctx().event();
    assertTrue(event.toString().endsWith("[not set]"), event.toString());
    event.set();
    assertTrue(event.toString().endsWith("[set]"), event.toString());
    event.clear();
    assertTrue(event.toString().endsWith("[not set]"), event.toString());
  }
}

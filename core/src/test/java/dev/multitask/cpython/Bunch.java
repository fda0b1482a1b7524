package dev.multitask.cpython;

import static dev.multitask.cpython.Waits.LONG;
import static dev.multitask.cpython.Waits.waitUntil;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * CPython's {@code lock_tests.Bunch}: {@code n} platform threads running the same body. Made, it
 * has started them all; closed, it lets them end, joins them and fails with the first exception a
 * body threw. With {@code waitBeforeExit} a thread that finished its body waits for {@link
 * #doFinish()} (or the close) before it ends.
 */
final class Bunch implements AutoCloseable {
  /** A body that may throw: its exception fails the test when the bunch closes. */
  interface Body {
    void run() throws Exception;
  }

  private final AtomicInteger started = new AtomicInteger();
  private final AtomicInteger finished = new AtomicInteger();
  private final List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
  private final CountDownLatch canExit;
  private final List<Thread> threads = new ArrayList<>();

  private Bunch(int n, Body body, boolean waitBeforeExit) throws InterruptedException {
    canExit = new CountDownLatch(waitBeforeExit ? 1 : 0);
    for (int i = 0; i < n; i++) {
      threads.add(
          Thread.ofPlatform()
              .name("bunch-" + i)
              .start(
                  () -> {
                    started.incrementAndGet();
                    try {
                      body.run();
                    } catch (Throwable t) {
                      failures.add(t);
                    } finally {
                      finished.incrementAndGet();
                      try {
                        canExit.await();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    }
                  }));
    }
    waitUntil(n + " threads start", () -> started.get() == n);
  }

  /** Starts {@code n} threads running {@code body}. */
  static Bunch of(int n, Body body) throws InterruptedException {
    return new Bunch(n, body, false);
  }

  /** Starts {@code n} threads running {@code body} that end only after {@link #doFinish()}. */
  static Bunch held(int n, Body body) throws InterruptedException {
    return new Bunch(n, body, true);
  }

  /** How many bodies have ended. */
  int finished() {
    return finished.get();
  }

  /** The threads, for {@link Waits#waitUntilAsleep}. */
  List<Thread> threads() {
    return threads;
  }

  void waitForFinished() throws InterruptedException {
    waitUntil("the bunch's bodies end", () -> finished.get() == threads.size());
  }

  void doFinish() {
    canExit.countDown();
  }

  /** Lets the threads end and joins them; an interrupt of the caller fails the test, flag kept. */
  @Override
  public void close() {
    doFinish();
    for (Thread t : threads) {
      try {
        t.join(LONG);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while joining " + t.getName(), e);
      }
      if (t.isAlive()) {
        throw new AssertionError(t.getName() + " is still running after " + LONG);
      }
    }
    if (!failures.isEmpty()) {
      Throwable first = failures.get(0);
      AssertionError e = new AssertionError("a thread of the bunch failed: " + first, first);
      failures.subList(1, failures.size()).forEach(e::addSuppressed);
      throw e;
    }
  }
}

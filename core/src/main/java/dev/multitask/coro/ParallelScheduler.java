package dev.multitask.coro;

import java.util.concurrent.locks.LockSupport;

/**
 * Parallel mode: no baton. Every fiber runs as soon as it is ready, on any carrier thread of the
 * JDK's virtual-thread scheduler, so coroutines of one loop run at the same time. Await points
 * still park and are woken the same way; what is lost is the event loop's guarantee that state
 * touched between awaits needs no lock.
 */
final class ParallelScheduler extends Scheduler {
  @Override
  int spawn(Fiber f) {
    int live;
    lock.lock();
    try {
      live = link(f);
    } finally {
      lock.unlock();
    }
    startRunner(f);
    return live;
  }

  @Override
  void makeReady(Fiber f) {
    f.resumed = true;
    LockSupport.unpark(f.thread);
  }

  @Override
  void suspend(Fiber f) {
    while (!f.resumed) {
      LockSupport.park(this);
      if (Thread.interrupted()) {
        f.interruptedWhileParked();
      }
    }
    f.resumed = false;
  }

  @Override
  void yieldNow(Fiber f) {
    Thread.yield();
  }

  @Override
  Fiber finish(Fiber f, boolean inline) {
    lock.lock();
    try {
      unlink(f);
    } finally {
      lock.unlock();
    }
    return null;
  }

  @Override
  Fiber running() {
    return null;
  }
}

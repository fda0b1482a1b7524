package dev.multitask.redis.sync;

import dev.multitask.redis.client.Lua;
import dev.multitask.redis.client.Redis;
import dev.multitask.redis.client.RedisObject;
import dev.multitask.redis.client.Waiting;
import dev.multitask.spi.Timeouts;
import dev.multitask.sync.Condition;
import dev.multitask.sync.Lock;
import java.io.Serial;
import java.time.Duration;
import java.util.List;

/**
 * A condition over a {@link RedisLock}: {@code await} registers the caller in the condition's wait
 * list, releases the lock (every hold), waits for a signal and takes the lock again; {@code signal}
 * wakes the longest waiter. A waiter whose JVM died is skipped by nothing: its signal is lost, as a
 * signal to a thread that is gone; {@code signalAll} reaches everyone left.
 */
public final class RedisCondition extends RedisObject implements Condition {
  @Serial private static final long serialVersionUID = 1L;

  private final RedisLock lock;

  /**
   * A condition at {@code key} over {@code lock}.
   *
   * @param redis the client
   * @param key the key
   * @param lock the lock, a cluster lock
   */
  public RedisCondition(Redis redis, String key, RedisLock lock) {
    super(redis, key);
    this.lock = lock;
  }

  @Override
  public Lock lock() {
    return lock;
  }

  @Override
  public void await() throws InterruptedException {
    awaitSignal(Long.MAX_VALUE);
  }

  @Override
  public boolean await(Duration timeout) throws InterruptedException {
    return awaitSignal(Timeouts.nanos(timeout));
  }

  private boolean awaitSignal(long nanos) throws InterruptedException {
    checkHeld("await");
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted before waiting on " + this);
    }
    Waiting waiting = new Waiting(redis());
    redis().scripts().integer(Lua.WAIT_ON, List.of(key), waiting.id());
    int holds = lock.releaseAll();
    boolean signalled = false;
    InterruptedException interrupted = null;
    try {
      long deadline = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + nanos;
      while (!signalled) {
        long remaining = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
        if (remaining <= 0) {
          break;
        }
        signalled = waiting.sleep(remaining);
      }
    } catch (InterruptedException e) {
      interrupted = e;
    } finally {
      if (waiting.leave(key)) {
        signalled = true; // the signal came as we gave up: it is ours
      }
      lock.reacquire(holds);
    }
    if (interrupted != null) {
      if (signalled) {
        Thread.currentThread().interrupt(); // keep the signal, and the interrupt as a flag
      } else {
        throw interrupted;
      }
    }
    return signalled;
  }

  @Override
  public long awaitNanos(long nanosTimeout) throws InterruptedException {
    long start = System.nanoTime();
    await(Duration.ofNanos(Math.max(0, nanosTimeout)));
    return nanosTimeout - (System.nanoTime() - start);
  }

  @Override
  public void signal() {
    signal(1);
  }

  @Override
  public void signal(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("signal count must not be negative: n=" + n);
    }
    checkHeld("signal");
    redis().scripts().integer(Lua.NOTIFY_WAITERS, List.of(key), n);
  }

  @Override
  public void signalAll() {
    checkHeld("signalAll");
    redis().scripts().integer(Lua.NOTIFY_WAITERS, List.of(key), -1);
  }

  private void checkHeld(String what) {
    if (!lock.isHeldByCurrentThread()) {
      throw new IllegalMonitorStateException(
          "the calling thread must hold " + lock + " to " + what + " on its condition");
    }
  }

  @Override
  public String toString() {
    return "Condition[" + key + " on " + server + "] over " + lock;
  }
}

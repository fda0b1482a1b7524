package dev.multitask.redis.sync;

import dev.multitask.redis.client.Lua;
import dev.multitask.redis.client.Redis;
import dev.multitask.redis.client.RedisObject;
import dev.multitask.redis.client.Waiting;
import dev.multitask.spi.OnceHold;
import dev.multitask.spi.Timeouts;
import dev.multitask.sync.Hold;
import dev.multitask.sync.Semaphore;
import java.io.Serial;
import java.time.Duration;
import java.util.List;

/**
 * A counting semaphore in Redis; bounded, a release past the initial count is refused. Permits are
 * not tied to holders: a holder that dies keeps its permits taken (as Python's semaphore).
 */
public final class RedisSemaphore extends RedisObject implements Semaphore {
  @Serial private static final long serialVersionUID = 1L;

  private final int max;

  /** The permits it was made with. */
  private final int initial;

  /**
   * A new semaphore at {@code key} with {@code permits} permits.
   *
   * @param redis the client
   * @param key the key
   * @param permits the initial permits
   * @param bounded whether releases may not pass the initial count
   */
  public RedisSemaphore(Redis redis, String key, int permits, boolean bounded) {
    super(redis, key);
    this.max = bounded ? permits : -1;
    this.initial = permits;
    redis.call(c -> c.set(key, Integer.toString(permits).getBytes()));
  }

  @Override
  public void acquire() throws InterruptedException {
    take(Long.MAX_VALUE);
  }

  @Override
  public boolean tryAcquire() {
    return redis().scripts().integer(Lua.SEM_ACQUIRE, List.of(key, key + ":wq"), "") == 1;
  }

  @Override
  public boolean tryAcquire(Duration timeout) throws InterruptedException {
    long nanos = Timeouts.nanos(timeout);
    if (nanos == 0) {
      return tryAcquire();
    }
    return take(System.nanoTime() + nanos);
  }

  private boolean take(long deadline) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    Waiting waiting = new Waiting(redis());
    try {
      while (true) {
        if (redis().scripts().integer(Lua.SEM_ACQUIRE, List.of(key, key + ":wq"), waiting.id())
            == 1) {
          return true;
        }
        long remaining = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        waiting.sleep(remaining);
      }
    } finally {
      // a release that woke us as we left (or after we took a permit anyway) is passed on, so no
      // waiter misses the permit
      waiting.leavePassingOn(key + ":wq");
    }
  }

  @Override
  public void release() {
    release(1);
  }

  @Override
  public void release(int permits) {
    if (permits < 1) {
      throw new IllegalArgumentException("release needs permits >= 1: permits=" + permits);
    }
    long n = redis().scripts().integer(Lua.SEM_RELEASE, List.of(key, key + ":wq"), permits, max);
    if (n < 0) {
      throw new IllegalStateException(
          "release("
              + permits
              + ") would raise a bounded semaphore"
              + " past its initial count: initial="
              + max
              + " (more releases than acquires)");
    }
  }

  @Override
  public int availablePermits() {
    byte[] v = redis().call(c -> c.get(key));
    return v == null ? 0 : Integer.parseInt(new String(v));
  }

  @Override
  public Hold hold() throws InterruptedException {
    acquire();
    return new OnceHold(this::release);
  }

  @Override
  public String toString() {
    return "Semaphore["
        + key
        + " on "
        + server
        + "] ["
        + availablePermits()
        + " of "
        + initial
        + " free]";
  }
}

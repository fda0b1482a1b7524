package dev.multitask.redis.sync;

import dev.multitask.Action;
import dev.multitask.redis.client.Lua;
import dev.multitask.redis.client.Redis;
import dev.multitask.redis.client.RedisObject;
import dev.multitask.redis.client.Scripts;
import dev.multitask.redis.client.Waiting;
import dev.multitask.spi.Timeouts;
import dev.multitask.sync.Barrier;
import java.io.Serial;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

/**
 * A barrier in Redis: a generation and an arrival count. The last party to arrive runs the action
 * in its own JVM, then opens the barrier for the others; if the action throws, the barrier breaks.
 * A party that times out or is interrupted breaks it too, as Python's. {@code await} returns the
 * arrival index, 0 for the first party of the round to {@code parties - 1} for the last.
 *
 * <p>A party whose JVM dies while waiting stays counted: the round waits for the others, who time
 * out (with a timed await) and break the barrier. Use timeouts where a party may die.
 */
public final class RedisBarrier extends RedisObject implements Barrier {
  @Serial private static final long serialVersionUID = 1L;

  private final int parties;
  private final Action action;

  /**
   * A new barrier at {@code key}.
   *
   * @param redis the client
   * @param key the key
   * @param parties the parties of a round
   * @param action run by the last party of each round, or null
   */
  public RedisBarrier(Redis redis, String key, int parties, Action action) {
    super(redis, key);
    this.parties = parties;
    this.action = action;
  }

  private List<String> keys() {
    return List.of(key, key + ":wq");
  }

  @Override
  public int await() throws InterruptedException, BrokenBarrierException {
    try {
      return arrive(Long.MAX_VALUE);
    } catch (TimeoutException impossible) {
      throw new AssertionError(impossible);
    }
  }

  @Override
  public int await(Duration timeout)
      throws InterruptedException, BrokenBarrierException, TimeoutException {
    long nanos = Timeouts.nanos(timeout);
    return arrive(nanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + nanos);
  }

  private int arrive(long deadline)
      throws InterruptedException, BrokenBarrierException, TimeoutException {
    if (Thread.interrupted()) {
      abort();
      throw new InterruptedException("interrupted on arrival at " + this + ", which is now broken");
    }
    Waiting waiting = new Waiting(redis());
    List<Object> r;
    try {
      r = redis().scripts().multi(Lua.BARRIER_ARRIVE, keys(), parties, waiting.id());
    } catch (IllegalStateException e) {
      // Redis.call keeps an interrupt that came during the script: whether the server counted
      // this party or not, an interrupted party breaks the barrier, as one interrupted while it
      // waits
      if (!Thread.interrupted()) {
        throw e;
      }
      abort();
      waiting.leave(key + ":wq");
      InterruptedException ie =
          new InterruptedException("interrupted on arrival at " + this + ", which is now broken");
      ie.initCause(e);
      throw ie;
    }
    long state = Scripts.asLong(r.get(0));
    int index = (int) Scripts.asLong(r.get(1));
    long gen = Scripts.asLong(r.get(2));
    if (state < 0) {
      throw new BrokenBarrierException(this + " is broken: reset() it to use it again");
    }
    if (state == 1) {
      trip(gen);
      return index;
    }
    try {
      while (true) {
        long remaining = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
        if (remaining <= 0) {
          abort();
          throw new TimeoutException(
              "timed out waiting at "
                  + this
                  + " with "
                  + index
                  + " of "
                  + parties
                  + " parties before it; the barrier is now broken");
        }
        try {
          waiting.sleep(remaining);
        } catch (InterruptedException e) {
          long now = redis().scripts().integer(Lua.BARRIER_CHECK, keys(), gen, waiting.id());
          if (now == 1) {
            Thread.currentThread().interrupt(); // the round is over already: its outcome stands
            return index;
          }
          abort();
          throw e;
        }
        long now = redis().scripts().integer(Lua.BARRIER_CHECK, keys(), gen, waiting.id());
        if (now == 1) {
          return index;
        }
        if (now < 0) {
          throw new BrokenBarrierException(
              this
                  + " was broken (aborted, reset, or a party timed"
                  + " out or failed) while this party waited");
        }
      }
    } finally {
      waiting.leave(key + ":wq");
    }
  }

  private void trip(long gen) throws BrokenBarrierException {
    if (action != null) {
      try {
        action.run();
      } catch (Throwable t) {
        redis().scripts().integer(Lua.BARRIER_TRIP, keys(), gen, "1");
        if (t instanceof Error e) {
          throw e;
        }
        BrokenBarrierException b =
            new BrokenBarrierException(this + " broke: its action threw " + t);
        b.initCause(t);
        throw b;
      }
    }
    redis().scripts().integer(Lua.BARRIER_TRIP, keys(), gen, "0");
  }

  @Override
  public void abort() {
    redis().scripts().integer(Lua.BARRIER_BREAK, keys(), "abort");
  }

  @Override
  public void reset() {
    redis().scripts().integer(Lua.BARRIER_BREAK, keys(), "reset");
  }

  @Override
  public boolean isBroken() {
    byte[] v = redis().call(c -> c.hget(key, "broken"));
    return v != null && v.length == 1 && v[0] == '1';
  }

  @Override
  public int parties() {
    return parties;
  }

  @Override
  public int numberWaiting() {
    if (isBroken()) {
      return 0;
    }
    byte[] v = redis().call(c -> c.hget(key, "count"));
    return v == null ? 0 : Integer.parseInt(new String(v));
  }

  @Override
  public String toString() {
    return "Barrier["
        + key
        + " on "
        + server
        + "] ["
        + numberWaiting()
        + " of "
        + parties
        + " waiting]";
  }
}

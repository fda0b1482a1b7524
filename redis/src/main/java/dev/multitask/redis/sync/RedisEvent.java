package dev.multitask.redis.sync;

import dev.multitask.redis.client.Lua;
import dev.multitask.redis.client.Redis;
import dev.multitask.redis.client.RedisObject;
import dev.multitask.redis.client.Waiting;
import dev.multitask.spi.Timeouts;
import dev.multitask.sync.Event;
import java.io.Serial;
import java.time.Duration;
import java.util.List;

/**
 * An event in Redis: a flag and a wait list; {@code set} wakes every waiter. A waiter returns once
 * it saw the flag set, or saw the count of sets move since it began (a {@code set} quickly followed
 * by {@code clear} still releases who waited then, as Python's).
 */
public final class RedisEvent extends RedisObject implements Event {
  @Serial private static final long serialVersionUID = 1L;

  /**
   * A new, clear event at {@code key}.
   *
   * @param redis the client
   * @param key the key
   */
  public RedisEvent(Redis redis, String key) {
    super(redis, key);
  }

  private List<String> keys() {
    return List.of(key, key + ":wq", key + ":sets");
  }

  @Override
  public void set() {
    redis().scripts().integer(Lua.EVENT_SET, keys());
  }

  @Override
  public void clear() {
    redis().call(c -> c.del(key));
  }

  @Override
  public boolean isSet() {
    byte[] v = redis().call(c -> c.get(key));
    return v != null && v.length == 1 && v[0] == '1';
  }

  @Override
  public void await() throws InterruptedException {
    waitFor(Long.MAX_VALUE);
  }

  @Override
  public boolean await(Duration timeout) throws InterruptedException {
    long nanos = Timeouts.nanos(timeout);
    return waitFor(nanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + nanos);
  }

  private long sets() {
    byte[] v = redis().call(c -> c.get(key + ":sets"));
    return v == null ? 0 : Long.parseLong(new String(v));
  }

  private boolean waitFor(long deadline) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    // the flag and the count of sets in one read: a set (and clear) after it moves the count, which
    // the loop sees; read apart, a set between the two reads would be missed
    List<byte[]> now =
        redis()
            .call(
                c ->
                    c.mget(key, key + ":sets").stream()
                        .map(kv -> kv.hasValue() ? kv.getValue() : null)
                        .toList());
    byte[] flag = now.get(0);
    if (flag != null && flag.length == 1 && flag[0] == '1') {
      return true;
    }
    long setsBefore = now.get(1) == null ? 0 : Long.parseLong(new String(now.get(1)));
    Waiting waiting = new Waiting(redis());
    try {
      while (true) {
        if (redis().scripts().integer(Lua.EVENT_CHECK, keys(), waiting.id()) == 1) {
          return true;
        }
        if (sets() != setsBefore) {
          return true; // set and cleared again while we looked away
        }
        long remaining = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        waiting.sleep(remaining);
      }
    } finally {
      waiting.leave(key + ":wq");
    }
  }

  @Override
  public String toString() {
    return "Event[" + key + " on " + server + "]" + (isSet() ? " [set]" : " [not set]");
  }
}

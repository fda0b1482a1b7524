package dev.multitask.redis.client;

import java.time.Duration;
import java.util.List;

/**
 * A waiter's side of the protocol in {@link Lua}: block on its wake key for a slice, and leave the
 * wait list when it gives up. One {@code Waiting} per blocking call.
 */
public final class Waiting {
  /** The longest one wait lasts before the caller looks at the state again. */
  public static final Duration SLICE = Duration.ofSeconds(2);

  private final Redis redis;
  private final String id = Ids.next();

  /**
   * A new waiter.
   *
   * @param redis where it waits
   */
  public Waiting(Redis redis) {
    this.redis = redis;
  }

  /** The waiter's id, to register with a script. */
  public String id() {
    return id;
  }

  /**
   * Waits for a token, at most {@code nanos} (and at most a slice).
   *
   * @param nanos the most to wait; at least a millisecond is waited
   * @return true if woken by a token, false on timeout
   * @throws InterruptedException if interrupted
   */
  public boolean sleep(long nanos) throws InterruptedException {
    long millis = Math.max(1, Math.min(SLICE.toMillis(), nanos / 1_000_000));
    double seconds = millis / 1000.0;
    var reply = redis.block(c -> c.blpop(seconds, "mt:w:" + id), null);
    return reply != null;
  }

  /**
   * Leaves the wait list {@code wq} and drops a token that came too late.
   *
   * @param wq the wait list it registered in
   * @return whether a token was waiting (a wake-up the caller did not use)
   */
  public boolean leave(String wq) {
    List<Object> r =
        redis.call(
            c -> {
              c.lrem(wq, 0, Scripts.bytes(id));
              byte[] token = c.lpop("mt:w:" + id);
              c.del("mt:w:" + id);
              return java.util.Arrays.asList((Object) token);
            });
    return r.get(0) != null;
  }
}

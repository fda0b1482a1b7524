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
   * Leaves the wait list {@code wq} and drops a token that came too late, in one step.
   *
   * @param wq the wait list it registered in
   * @return whether a token was waiting (a wake-up the caller did not use)
   */
  public boolean leave(String wq) {
    return redis.scripts().integer(Lua.LEAVE, List.of(wq, "mt:w:" + id), id) == 1;
  }

  /**
   * Leaves {@code wq} and, if a wake-up came that this waiter did not use, passes it to the next
   * waiter, so that a put, acquire or the like that made progress possible wakes someone.
   *
   * @param wq the wait list it registered in
   */
  public void leavePassingOn(String wq) {
    redis.scripts().integer(Lua.LEAVE_PASSING_ON, List.of(wq, "mt:w:" + id), id);
  }
}

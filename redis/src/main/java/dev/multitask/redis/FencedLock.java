package dev.multitask.redis;

import dev.multitask.sync.Lock;

/**
 * A cluster lock's fencing token: a lock in Redis has a lease, and a holder that paused past it (a
 * GC pause, SIGSTOP, a frozen VM) may still believe it holds the lock when another holder already
 * has it. Every acquisition of a free lock gets a token strictly greater than all earlier ones; a
 * resource that remembers the highest token it saw and refuses smaller ones ({@link FencedValue})
 * refuses the stale holder's late writes.
 *
 * <p>The locks of a cluster context ({@code ctx.lock()}, {@code ctx.rlock()}) implement it: {@code
 * ((FencedLock) lock).fencingToken()}.
 */
public interface FencedLock extends Lock {
  /**
   * The token of the calling thread's hold.
   *
   * @return the token, at least 1
   * @throws IllegalMonitorStateException if the calling thread does not hold the lock
   */
  long fencingToken();
}

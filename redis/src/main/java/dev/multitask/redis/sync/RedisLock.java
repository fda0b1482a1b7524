package dev.multitask.redis.sync;

import dev.multitask.redis.FencedLock;
import dev.multitask.redis.client.Lua;
import dev.multitask.redis.client.Redis;
import dev.multitask.redis.client.RedisObject;
import dev.multitask.redis.client.Scripts;
import dev.multitask.redis.client.Waiting;
import dev.multitask.spi.OnceHold;
import dev.multitask.sync.Condition;
import dev.multitask.sync.DeadlockException;
import dev.multitask.sync.Hold;
import dev.multitask.sync.RLock;
import java.io.Serial;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A lock in Redis with a lease and a fencing token: {@code Lock} or, when reentrant, {@code RLock}.
 * The owner is a thread of a JVM; the lease ({@link #leaseMillis()}, 10 s unless the system
 * property {@code multitask.redis.leaseMillis} says otherwise) is renewed by {@link Leases} while
 * the JVM lives and runs. Each acquisition that takes a free lock gets the next fencing token,
 * strictly greater than every earlier one; {@link #ownerDied()} tells the new holder that the
 * previous one lost its lease without unlocking (died, or paused past it).
 *
 * <p>Waiting acquirers register in the lock's wait list and are woken by the unlock; when the
 * holder vanished instead, they wake when its lease runs out. No fairness is promised.
 */
public final class RedisLock extends RedisObject implements RLock, FencedLock {
  @Serial private static final long serialVersionUID = 1L;

  private final boolean reentrant;

  /** Per owner in this JVM: the token of its hold, whether the last taker saw the owner die. */
  private transient volatile Map<String, long[]> holds;

  /**
   * A lock at {@code key} (nothing is written until it is first taken).
   *
   * @param redis the client
   * @param key the key
   * @param reentrant whether the owner may take it again (RLock)
   */
  public RedisLock(Redis redis, String key, boolean reentrant) {
    super(redis, key);
    this.reentrant = reentrant;
  }

  /** The lease of every lock this JVM takes, in milliseconds. */
  static long leaseMillis() {
    return Long.getLong("multitask.redis.leaseMillis", 10_000L);
  }

  Redis client() {
    return redis();
  }

  /**
   * This JVM's client of the lock's server (for objects guarded by the lock).
   *
   * @return the client
   */
  public Redis redisClient() {
    return redis();
  }

  private Map<String, long[]> holds() {
    Map<String, long[]> h = holds;
    if (h == null) {
      synchronized (this) {
        if (holds == null) {
          holds = new ConcurrentHashMap<>();
        }
        h = holds;
      }
    }
    return h;
  }

  private static String owner() {
    return dev.multitask.redis.client.Ids.jvm() + ":" + Thread.currentThread().threadId();
  }

  private List<String> keys() {
    return List.of(key, key + ":fence", key + ":held", key + ":wq");
  }

  /** One attempt; registers {@code waiter} when it fails. Returns 1 acquired, else -pttl-1. */
  private long attempt(String owner, String waiter) {
    List<Object> r =
        redis()
            .scripts()
            .multi(
                Lua.LOCK_ACQUIRE,
                keys(),
                owner,
                leaseMillis(),
                reentrant ? "1" : "0",
                waiter == null ? "" : waiter);
    if (Scripts.asLong(r.get(0)) == 1) {
      long token = Scripts.asLong(r.get(1));
      boolean died = Scripts.asLong(r.get(2)) == 1;
      if (Scripts.asLong(r.get(3)) == 1) {
        holds().put(owner, new long[] {token, died ? 1 : 0});
        Leases.add(this, owner);
      }
      return 1;
    }
    if (Scripts.asLong(r.get(2)) == 1 && waiter != null) {
      // a plain lock its own holder waits for: it would wait forever (or until its timeout)
      throw new DeadlockException(
          List.of(describe(owner) + " waits for " + name(key) + " held by " + describe(owner)));
    }
    if (Scripts.asLong(r.get(2)) == 2) {
      List<String> cycle = new java.util.ArrayList<>();
      for (int i = 4; i + 2 < r.size(); i += 3) {
        cycle.add(
            describe(text(r.get(i)))
                + " waits for "
                + name(text(r.get(i + 1)))
                + " held by "
                + describe(text(r.get(i + 2))));
      }
      throw new DeadlockException(cycle);
    }
    return -Math.max(0, Scripts.asLong(r.get(1))) - 1;
  }

  private static String text(Object reply) {
    return reply instanceof byte[] b
        ? new String(b, java.nio.charset.StandardCharsets.UTF_8)
        : String.valueOf(reply);
  }

  /** A lock as the cycle of a deadlock names it. */
  private static String name(String key) {
    return "Lock[" + key + "]";
  }

  /** An owner as people read it: "thread T of pid P" (the pid on the owner's host). */
  private static String describe(String owner) {
    int colon = owner.lastIndexOf(':');
    String jvm = owner.substring(0, colon);
    int dash = jvm.indexOf('-');
    return "thread "
        + owner.substring(colon + 1)
        + " of pid "
        + (dash < 0 ? jvm : jvm.substring(0, dash));
  }

  @Override
  public void lock() {
    boolean interrupted = false;
    while (true) {
      try {
        acquire(Long.MAX_VALUE);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void lockInterruptibly() throws InterruptedException {
    acquire(Long.MAX_VALUE);
  }

  @Override
  public boolean tryLock() {
    return attempt(owner(), null) == 1;
  }

  @Override
  public boolean tryLock(Duration timeout) throws InterruptedException {
    long nanos = dev.multitask.spi.Timeouts.nanos(timeout);
    if (nanos == 0) {
      return tryLock();
    }
    return acquire(System.nanoTime() + nanos);
  }

  private boolean acquire(long deadline) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    String owner = owner();
    Waiting waiting = new Waiting(redis());
    boolean recorded = false; // what this owner waits for is in Redis (the wait-for graph)
    boolean registered = true; // whether it may be in the wait list, or a wake-up on its way
    try {
      while (true) {
        long r = attempt(owner, waiting.id());
        if (r == 1) {
          recorded = false; // taking the lock deleted the record
          registered = false; // and left the wait list: no round trip to leave it
          return true;
        }
        recorded = true;
        long remaining = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        long pttl = -r - 1; // the holder's lease: past it the lock is free without a wake-up
        long wait = Math.min(remaining, pttl > 0 ? pttl * 1_000_000L + 1_000_000L : Long.MAX_VALUE);
        waiting.sleep(wait);
      }
    } finally {
      if (registered) {
        waiting.leavePassingOn(key + ":wq");
      }
      if (recorded) {
        // a waiter that gives up drops its record, or the next waiter would see a cycle through a
        // thread that no longer waits
        redis().scripts().integer(Lua.LOCK_GAVE_UP, List.of(), owner);
      }
    }
  }

  /**
   * Releases the lock. A plain {@code Lock} may be released by any thread, as Python's; a thread
   * that took it and lost it (its lease ran out, and another may hold it now) may not: it still
   * holds the stale token. An {@code RLock} is released only by its owner.
   *
   * @throws IllegalStateException if the lock is not held
   * @throws IllegalMonitorStateException if the caller may not release it (see above)
   */
  @Override
  public void unlock() {
    String owner = owner();
    long[] mine = holds().get(owner);
    long left =
        redis()
            .scripts()
            .integer(
                Lua.LOCK_RELEASE,
                List.of(key, key + ":held", key + ":wq"),
                owner,
                "0",
                mine == null ? "" : Long.toString(mine[0]),
                reentrant ? "0" : "1");
    if (left == -2 && !reentrant) {
      throw new IllegalStateException(this + " is not locked: unlock only what was locked");
    }
    if (left < 0) {
      holds().remove(owner);
      Leases.remove(this, owner);
      throw new IllegalMonitorStateException(
          "the calling thread does not hold "
              + this
              + ": it never took it, or its lease ran out (the JVM paused longer than "
              + leaseMillis()
              + " ms) and another holder may have it");
    }
    if (left == 0) {
      holds().remove(owner);
      Leases.remove(this, owner);
    }
  }

  /** Releases every hold of the current owner; returns how many there were (for conditions). */
  int releaseAll() {
    int count = holdCount();
    String owner = owner();
    long left =
        redis()
            .scripts()
            .integer(
                Lua.LOCK_RELEASE, List.of(key, key + ":held", key + ":wq"), owner, "1", "", "0");
    holds().remove(owner);
    Leases.remove(this, owner);
    if (left < 0) {
      throw new IllegalMonitorStateException("the calling thread does not hold " + this);
    }
    return count;
  }

  /** Takes the lock {@code count} times (after a condition's wait). */
  void reacquire(int count) {
    lock();
    for (int i = 1; i < count; i++) {
      lock();
    }
  }

  /**
   * A renewal found the lock no longer {@code owner}'s. Its token stays: it is what makes the
   * owner's late unlock (or fenced write) refused, instead of taken for another thread's release.
   */
  void lost(String owner) {
    // nothing to drop: the next acquisition by this owner replaces the stale token
  }

  @Override
  public Hold hold() {
    lock();
    return new OnceHold(this::unlock);
  }

  @Override
  public boolean isLocked() {
    return redis().call(c -> c.exists(key)) > 0;
  }

  @Override
  public boolean isHeldByCurrentThread() {
    return holdCount() > 0;
  }

  @Override
  public int holdCount() {
    byte[] v = redis().call(c -> c.get(key));
    if (v == null) {
      return 0;
    }
    String s = new String(v, java.nio.charset.StandardCharsets.UTF_8);
    String owner = owner();
    if (!s.startsWith(owner + "|")) {
      return 0;
    }
    return Integer.parseInt(s.substring(s.lastIndexOf('|') + 1));
  }

  @Override
  public boolean ownerDied() {
    long[] h = holds().get(owner());
    return h != null && h[1] == 1;
  }

  @Override
  public long fencingToken() {
    long[] h = holds().get(owner());
    if (h == null) {
      throw new IllegalMonitorStateException(
          "the calling thread does not hold " + this + ": take it first; a token is the holder's");
    }
    return h[0];
  }

  @Override
  public Condition newCondition() {
    return new RedisCondition(
        redis(), key + ":cond:" + dev.multitask.redis.client.Ids.next(), this);
  }

  @Override
  public String toString() {
    byte[] v = redis().call(c -> c.get(key));
    String state;
    if (v == null) {
      state = "unlocked";
    } else {
      String s = new String(v, java.nio.charset.StandardCharsets.UTF_8);
      state = "held by " + describe(s.substring(0, s.indexOf('|')));
    }
    return (reentrant ? "RLock" : "Lock") + "[" + key + " on " + server + "] [" + state + "]";
  }
}

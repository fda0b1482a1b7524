package dev.multitask.redis.sync;

import dev.multitask.redis.client.Lua;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renews the leases of the locks this JVM holds, from one daemon thread, every third of a lease. A
 * JVM that stops (SIGSTOP, a long GC pause, a frozen VM) stops renewing: its leases run out and
 * another holder may take the lock, with a higher fencing token. A renewal that finds the lock no
 * longer ours marks the hold lost, so the late holder's {@code unlock} says so.
 */
final class Leases {
  private static final Map<Hold, Boolean> HELD = new ConcurrentHashMap<>();
  private static volatile Thread renewer;

  private Leases() {}

  /** One hold of one lock by one owner. */
  record Hold(RedisLock lock, String owner) {}

  static void add(RedisLock lock, String owner) {
    HELD.put(new Hold(lock, owner), Boolean.TRUE);
    startRenewer();
  }

  static void remove(RedisLock lock, String owner) {
    HELD.remove(new Hold(lock, owner));
  }

  private static synchronized void startRenewer() {
    if (renewer == null) {
      renewer = Thread.ofPlatform().daemon(true).name("multitask-lock-leases").start(Leases::run);
    }
  }

  private static void run() {
    while (true) {
      long period = Math.max(50, RedisLock.leaseMillis() / 3);
      try {
        Thread.sleep(period);
      } catch (InterruptedException e) {
        return;
      }
      for (Hold h : HELD.keySet()) {
        try {
          long ok =
              h.lock()
                  .client()
                  .scripts()
                  .integer(
                      Lua.LOCK_RENEW, List.of(h.lock().key()), h.owner(), RedisLock.leaseMillis());
          if (ok == 0) {
            HELD.remove(h);
            h.lock().lost(h.owner());
          }
        } catch (RuntimeException e) {
          // Redis away: the next round tries again; the lease may run out meanwhile
        }
      }
    }
  }
}

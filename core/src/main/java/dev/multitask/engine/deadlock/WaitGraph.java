package dev.multitask.engine.deadlock;

import dev.multitask.trace.Recorder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The wait-for graph: which thread waits for which lock, and who holds each lock. A thread that
 * blocks on a lock {@linkplain #waiting registers} for the time it waits; {@link #findCycle} walks
 * holder → the lock it waits for → its holder … and reports the walk if it comes back to the
 * caller. Threads of this JVM are looked up here; threads of other processes through the {@link
 * Remote} a backend registers (the process backend's tables in shared memory).
 *
 * <p>The walk reads snapshots that change under it, so a reported cycle is confirmed by walking it
 * twice; a real deadlock does not change between the walks, a passing convoy does.
 */
public final class WaitGraph {
  private static final int MAX_STEPS = 64;
  private static final ConcurrentHashMap<Long, Waitable> WAITING = new ConcurrentHashMap<>();
  private static volatile boolean enabled = Boolean.getBoolean("multitask.detectDeadlocks");
  private static volatile Remote remote = Remote.NONE;

  /**
   * How the waits of other processes are published and looked up: one per backend that has them.
   */
  public interface Remote {
    /** No other processes. */
    Remote NONE =
        new Remote() {
          @Override
          public Runnable publish(long threadId, Waitable lock) {
            return null;
          }

          @Override
          public Waitable waitingFor(Holder holder) {
            return null;
          }
        };

    /**
     * Publishes that thread {@code threadId} of this process waits for {@code lock}, if other
     * processes can see the lock.
     *
     * @return what withdraws it, or null if nothing was published
     */
    Runnable publish(long threadId, Waitable lock);

    /**
     * What a thread of another process waits for, as published there.
     *
     * @return the lock, or null if it waits for none (or its process is gone)
     */
    Waitable waitingFor(Holder holder);
  }

  /** Registers how other processes' waits are seen (the process backend, once per JVM). */
  public static void remote(Remote r) {
    remote = r;
  }

  private WaitGraph() {}

  /**
   * Whether untimed lock calls check for a cycle when they block (timed ones always do when they
   * time out).
   */
  public static boolean enabled() {
    return enabled;
  }

  /**
   * Turns the check of untimed lock calls on or off for this JVM (also {@code
   * -Dmultitask.detectDeadlocks=true}).
   */
  public static void setEnabled(boolean on) {
    enabled = on;
  }

  /** A registration of the calling thread as a waiter; close it when the wait ends. */
  public interface Registration extends AutoCloseable {
    /** A registration of nothing, for waits that are not on a lock. */
    Registration NONE = () -> {};

    @Override
    void close();
  }

  /**
   * Registers the calling thread as waiting for {@code lock} until the returned registration is
   * closed; a process lock is also published for other processes to see.
   */
  public static Registration waiting(Waitable lock) {
    long tid = Thread.currentThread().threadId();
    WAITING.put(tid, lock);
    Runnable published = remote.publish(tid, lock);
    if (Recorder.isOn()) {
      return traced(lock, tid, published);
    }
    return () -> {
      WAITING.remove(tid, lock);
      if (published != null) {
        published.run();
      }
    };
  }

  /** A registration that also records the wait, with the holder the waiter found, in the trace. */
  private static Registration traced(Waitable lock, long tid, Runnable published) {
    long start = Recorder.now();
    Holder found;
    try {
      found = lock.holder();
    } catch (RuntimeException e) {
      found = null; // a lock closed under the waiter: its own call reports that, not the trace
    }
    Holder holder = found;
    return () -> {
      WAITING.remove(tid, lock);
      if (published != null) {
        published.run();
      }
      Recorder.lockWait(
          lock.describe(),
          holder == null ? 0 : holder.pid(),
          holder == null ? 0 : holder.threadId(),
          start);
    };
  }

  /**
   * The cycle the calling thread closes by waiting for {@code lock}, as messages "A waits for L
   * held by B", or {@code null} if there is none (confirmed by a second walk).
   */
  public static List<String> findCycle(Waitable lock) {
    List<String> first = walk(lock);
    return first != null && walk(lock) != null ? first : null;
  }

  private static List<String> walk(Waitable lock) {
    Holder me = Holder.current();
    List<String> edges = new ArrayList<>();
    Set<Holder> seen = new HashSet<>();
    Holder from = me;
    Waitable waited = lock;
    for (int step = 0; step < MAX_STEPS && waited != null; step++) {
      Holder holder = waited.holder();
      if (holder == null) {
        return null;
      }
      edges.add(
          (from.equals(me) ? "this thread (" + me + ")" : from.toString())
              + " waits for "
              + waited.describe()
              + " held by "
              + (holder.equals(me) ? "this thread" : holder.toString()));
      if (holder.equals(me)) {
        return edges;
      }
      if (!seen.add(holder)) {
        return null; // a cycle that does not pass through the caller: its members find it
        // themselves
      }
      from = holder;
      waited = holder.isLocal() ? WAITING.get(holder.threadId()) : remote.waitingFor(holder);
    }
    return null;
  }
}

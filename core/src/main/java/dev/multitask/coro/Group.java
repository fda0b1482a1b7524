package dev.multitask.coro;

import dev.multitask.Action;
import dev.multitask.Task;
import dev.multitask.spi.ActionTask;
import dev.multitask.spi.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A supervising group of coroutines: gevent's {@code Group}, and with {@link #bounded(int)} its
 * {@code Pool(n)}. Coroutines spawned into (or {@linkplain #add added to}) the group are tracked
 * until they end; one that fails does not touch the others (Kotlin's {@code supervisorScope}).
 * {@link #join} waits for all of them, {@link #kill} kills all. A bounded group runs at most {@code
 * n} at once: {@link #spawn} waits (an await point) for a free slot, in the order callers came.
 *
 * <p>For asyncio's {@code TaskGroup}, where the first failure cancels the rest, see {@link
 * TaskGroup}. The methods that wait must be called from a coroutine; the others from anywhere.
 */
public final class Group {
  private final ReentrantLock mutex = new ReentrantLock();
  private final WaitQueue joiners = new WaitQueue();
  private final Set<Coroutine<?>> members = new LinkedHashSet<>();
  private final List<Coroutine<?>> failed = new ArrayList<>();
  private final int size;
  private final AsyncSemaphore slots;

  /** One listener for every member. */
  private final EndListener memberEnded =
      new EndListener() {
        @Override
        void ended(Coroutine<?> member) {
          onEnd(member);
        }
      };

  /** An unbounded group: {@code gevent.pool.Group()}. */
  public Group() {
    this.size = 0;
    this.slots = null;
  }

  private Group(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("size must be >= 1: size=" + size);
    }
    this.size = size;
    this.slots = new AsyncSemaphore(size);
  }

  /**
   * A group running at most {@code size} coroutines at once: {@code gevent.pool.Pool(size)}.
   *
   * @param size the most at once, at least 1
   * @return the group
   * @throws IllegalArgumentException if {@code size < 1}
   */
  public static Group bounded(int size) {
    return new Group(size);
  }

  /**
   * Spawns a coroutine on the caller's loop into the group; a bounded group first waits for a free
   * slot.
   *
   * @param body the body
   * @param <R> its result type
   * @return the coroutine
   * @throws CancelledException if the caller is cancelled while waiting for a slot
   */
  public <R> Coroutine<R> spawn(Task<R> body) {
    return spawn(null, body);
  }

  /**
   * Spawns a named coroutine into the group.
   *
   * @param name the name, or null
   * @param body the body
   * @param <R> its result type
   * @return the coroutine
   */
  public <R> Coroutine<R> spawn(String name, Task<R> body) {
    Objects.requireNonNull(body, "body");
    Fiber me = Fiber.current("Group.spawn");
    if (slots != null) {
      slots.acquire();
    }
    Coroutine<R> c;
    try {
      c = me.loop.spawnInternal(name, body);
    } catch (RuntimeException e) {
      if (slots != null) {
        slots.release();
      }
      throw e;
    }
    track(c);
    return c;
  }

  /**
   * Spawns a coroutine whose body returns nothing.
   *
   * @param body the body
   * @return the coroutine
   */
  public Coroutine<Void> spawn(Action body) {
    return spawn(null, new ActionTask(Objects.requireNonNull(body, "body")));
  }

  /**
   * Adds a coroutine spawned elsewhere: gevent's {@code add}. A bounded group waits for a slot
   * (from a coroutine), as for a spawn.
   *
   * @param coroutine the coroutine
   */
  public void add(Coroutine<?> coroutine) {
    Objects.requireNonNull(coroutine, "coroutine");
    if (slots != null) {
      slots.acquire();
    }
    track(coroutine);
  }

  private void track(Coroutine<?> c) {
    mutex.lock();
    try {
      members.add(c);
    } finally {
      mutex.unlock();
    }
    c.whenEnded(memberEnded);
  }

  private void onEnd(Coroutine<?> c) {
    boolean wasMember;
    mutex.lock();
    try {
      wasMember = members.remove(c);
      if (wasMember && c.exception() != null) {
        failed.add(c);
      }
      if (wasMember) {
        joiners.wakeAll();
      }
    } finally {
      mutex.unlock();
    }
    if (wasMember && slots != null) {
      slots.release();
    }
  }

  /**
   * Stops tracking {@code coroutine} (it goes on running): gevent's {@code discard}.
   *
   * @param coroutine the coroutine
   */
  public void discard(Coroutine<?> coroutine) {
    boolean was;
    mutex.lock();
    try {
      was = members.remove(coroutine);
      if (was) {
        joiners.wakeAll();
      }
    } finally {
      mutex.unlock();
    }
    if (was && slots != null) {
      slots.release();
    }
  }

  /**
   * The members that have not ended: a snapshot.
   *
   * @return the coroutines
   */
  public List<Coroutine<?>> coroutines() {
    mutex.lock();
    try {
      return List.copyOf(members);
    } finally {
      mutex.unlock();
    }
  }

  /**
   * How many members have not ended: {@code len(group)}.
   *
   * @return the count
   */
  public int size() {
    mutex.lock();
    try {
      return members.size();
    } finally {
      mutex.unlock();
    }
  }

  /**
   * Free slots now: gevent's {@code free_count()}; {@link Integer#MAX_VALUE} when unbounded.
   *
   * @return the count
   */
  public int freeCount() {
    return slots == null ? Integer.MAX_VALUE : slots.availablePermits();
  }

  /**
   * Whether a spawn would wait now: gevent's {@code full()}.
   *
   * @return the flag
   */
  public boolean isFull() {
    return slots != null && slots.isLocked();
  }

  /**
   * The most members at once, 0 when unbounded.
   *
   * @return the size
   */
  public int capacity() {
    return size;
  }

  /**
   * Waits until every member has ended, however: gevent's {@code join()}.
   *
   * @throws CancelledException if the caller is cancelled first
   */
  public void join() {
    join(null, false);
  }

  /**
   * Waits until every member has ended, at most {@code timeout}: gevent's {@code join(timeout,
   * raise_error)}.
   *
   * @param timeout the longest wait, or null
   * @param raiseError whether a member failing (during the wait) ends it by being thrown
   * @return whether every member had ended
   * @throws CoroutineFailedException with {@code raiseError}, for a member that failed
   */
  public boolean join(Duration timeout, boolean raiseError) {
    long timeoutNanos = timeout == null ? -1 : Timeouts.nanos(timeout);
    Fiber me = Fiber.current("Group.join");
    me.throwIfCancelled();
    long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
    int failuresSeen = raiseError ? 0 : Integer.MAX_VALUE;
    while (true) {
      long left = timeoutNanos < 0 ? -1 : Math.max(0, deadline - System.nanoTime());
      Waiter w;
      mutex.lock();
      try {
        if (failed.size() > failuresSeen) {
          Coroutine<?> f = failed.get(failuresSeen);
          throw new CoroutineFailedException(f.name(), f.exception());
        }
        if (members.isEmpty()) {
          return true;
        }
        if (left == 0) {
          return false;
        }
        w = new Waiter(me, me.beginWait(this, Fiber.THROW));
        joiners.add(w);
      } finally {
        mutex.unlock();
      }
      int reason = me.park(w.seq, left);
      if (reason != Fiber.WOKEN) {
        mutex.lock();
        try {
          joiners.remove(w);
        } finally {
          mutex.unlock();
        }
        if (reason == Fiber.INTERRUPTED) {
          me.throwIfCancelled();
        }
      }
    }
  }

  /**
   * Waits for a free slot without taking it: gevent's {@code wait_available()}.
   *
   * @throws CancelledException if the caller is cancelled first
   */
  public void waitAvailable() {
    if (slots != null) {
      slots.acquire();
      slots.release();
    }
  }

  /**
   * Kills every member and waits for them: gevent's {@code kill()}.
   *
   * @throws CancelledException if the caller is cancelled while waiting
   */
  public void kill() {
    kill(true, null);
  }

  /**
   * Kills every member; with {@code block}, waits at most {@code timeout} for them to end.
   *
   * @param block whether to wait (an await point)
   * @param timeout the longest wait, or null
   * @return whether every member had ended
   */
  public boolean kill(boolean block, Duration timeout) {
    for (Coroutine<?> c : coroutines()) {
      c.kill(null, false, null);
    }
    return !block || join(timeout, false);
  }

  @Override
  public String toString() {
    mutex.lock();
    try {
      return "Group[" + members.size() + " running" + (size > 0 ? " of at most " + size : "") + "]";
    } finally {
      mutex.unlock();
    }
  }
}

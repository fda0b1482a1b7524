package dev.multitask.coro;

import dev.multitask.Action;
import dev.multitask.Task;
import dev.multitask.spi.ActionTask;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Structured concurrency: asyncio's {@code TaskGroup}. {@link #run} runs a body that spawns
 * coroutines into the group and returns only when every one of them has ended.
 *
 * <pre>{@code
 * List<Integer> r = TaskGroup.run(g -> {                // async with TaskGroup() as g:
 *   Coroutine<Integer> a = g.spawn(() -> fetch(1));     //   a = g.create_task(fetch(1))
 *   Coroutine<Integer> b = g.spawn(() -> fetch(2));
 *   return List.of(a, b);
 * }).stream().map(Coroutine::result).toList();
 * }</pre>
 *
 * <p>The first child that fails cancels the others and the body (its await point in progress throws
 * {@link CancelledException}); when all have ended, {@code run} throws a {@link
 * CoroutineFailedException} whose cause is the first failure and whose {@linkplain
 * Throwable#getSuppressed() suppressed} exceptions are the others, the body's own failure among
 * them (asyncio's {@code ExceptionGroup}). A cancellation of the caller cancels the children, waits
 * for them, and propagates. The group only takes back the cancellation it asked for itself: one
 * from outside, or from an enclosing timeout or group, stays pending (nested groups cannot swallow
 * each other's cancellation, cpython #116720). Children cancelled on their own are not failures.
 *
 * <p>For gevent's supervising {@code Group}, where one child's failure does not touch the others,
 * see {@link Group}.
 */
public final class TaskGroup {
  /**
   * The body of a task group.
   *
   * @param <R> its result type
   */
  @FunctionalInterface
  public interface Body<R> {
    /**
     * Runs in the calling coroutine.
     *
     * @param group the group to spawn into
     * @return the result of {@link TaskGroup#run}
     * @throws Exception anything; it counts among the group's failures
     */
    R run(TaskGroup group) throws Exception;
  }

  private final Fiber owner;
  private final ReentrantLock mutex = new ReentrantLock();
  private final Set<Coroutine<?>> children = new LinkedHashSet<>();
  private final List<Throwable> errors = new ArrayList<>();
  private String firstFailed;
  private String firstFailedName;
  private boolean aborting;
  private boolean exiting;
  private boolean ended;
  private boolean parentCancelRequested;
  private volatile long exitSeq = -1;

  /** One listener for every child. */
  private final EndListener childEnded =
      new EndListener() {
        @Override
        void ended(Coroutine<?> child) {
          onChildEnd(child);
        }
      };

  private TaskGroup(Fiber owner) {
    this.owner = owner;
  }

  /**
   * Runs {@code body} with a new group and waits for all its children: {@code async with
   * TaskGroup() as g:}. An await point of the calling coroutine.
   *
   * @param body the body; return null if there is nothing to return
   * @param <R> its result type
   * @return the body's value, once every child has ended well
   * @throws CoroutineFailedException if a child (or the body) failed: the first failure is the
   *     cause, the others are suppressed
   * @throws CancelledException if the caller was cancelled
   * @throws IllegalStateException if the caller is not a coroutine
   * @throws Exception nothing else: the body's exceptions are wrapped as failures
   */
  public static <R> R run(Body<R> body) throws Exception {
    Objects.requireNonNull(body, "body");
    Fiber me = Fiber.current("TaskGroup.run");
    me.throwIfCancelled();
    return new TaskGroup(me).runBody(body);
  }

  /**
   * Spawns a coroutine into the group: {@code g.create_task()}.
   *
   * @param body the body
   * @param <T> its result type
   * @return the coroutine
   * @throws IllegalStateException if the group has ended, or is shutting down after a failure
   */
  public <T> Coroutine<T> spawn(Task<T> body) {
    return spawn(null, body);
  }

  /**
   * Spawns a named coroutine into the group.
   *
   * @param name the name, or null
   * @param body the body
   * @param <T> its result type
   * @return the coroutine
   */
  public <T> Coroutine<T> spawn(String name, Task<T> body) {
    Objects.requireNonNull(body, "body");
    Coroutine<T> c;
    mutex.lock();
    try {
      if (ended) {
        throw new IllegalStateException(
            "the task group has ended: spawn its coroutines inside TaskGroup.run");
      }
      if (aborting) {
        throw new IllegalStateException(
            "the task group is shutting down after "
                + firstFailed
                + " failed: the new coroutine is not started");
      }
      c = owner.loop.spawnInternal(name, body);
      children.add(c);
    } finally {
      mutex.unlock();
    }
    c.whenEnded(childEnded);
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
   * The children that have not ended: a snapshot.
   *
   * @return the coroutines
   */
  public List<Coroutine<?>> coroutines() {
    mutex.lock();
    try {
      return List.copyOf(children);
    } finally {
      mutex.unlock();
    }
  }

  private void onChildEnd(Coroutine<?> child) {
    List<Coroutine<?>> toCancel = List.of();
    boolean cancelParent = false;
    boolean wakeOwner;
    mutex.lock();
    try {
      children.remove(child);
      Throwable failure = child.exception();
      if (failure != null) {
        errors.add(failure);
        if (!aborting) {
          firstFailed = child.describe();
          firstFailedName = child.name();
          aborting = true;
          toCancel = List.copyOf(children);
          if (!exiting && !parentCancelRequested) {
            parentCancelRequested = true;
            cancelParent = true;
          }
        }
      }
      wakeOwner = exiting && children.isEmpty();
    } finally {
      mutex.unlock();
    }
    for (Coroutine<?> c : toCancel) {
      c.cancel("task group: " + child.describe() + " failed");
    }
    if (cancelParent) {
      owner.requestCancel("task group: " + child.describe() + " failed");
    }
    long s = exitSeq;
    if (wakeOwner && s >= 0) {
      owner.tryWake(s, Fiber.WOKEN);
    }
  }

  private <R> R runBody(Body<R> body) throws Exception {
    R result = null;
    Throwable bodyFailure = null;
    try {
      result = body.run(this);
    } catch (Throwable t) {
      bodyFailure = t;
    }
    boolean abortNow;
    mutex.lock();
    try {
      exiting = true;
      if (bodyFailure != null && !(bodyFailure instanceof CancellationException)) {
        errors.add(bodyFailure);
        if (firstFailed == null) {
          firstFailed = owner.describe();
          firstFailedName = ((Coroutine<?>) owner).name();
        }
      }
      abortNow = bodyFailure != null && !aborting;
    } finally {
      mutex.unlock();
    }
    if (abortNow) {
      abort("the task group's body ended with " + bodyFailure);
    }
    boolean cancelledWhileExiting = awaitChildren();
    mutex.lock();
    try {
      ended = true;
    } finally {
      mutex.unlock();
    }
    if (parentCancelRequested) {
      owner.takeBackCancel(); // only the request this group made: others stay pending
    }
    if (!errors.isEmpty()) {
      CoroutineFailedException e = new CoroutineFailedException(firstFailedName, errors.getFirst());
      for (Throwable other : errors.subList(1, errors.size())) {
        e.addSuppressed(other);
      }
      throw e;
    }
    if (bodyFailure instanceof Exception e) {
      throw e;
    }
    if (bodyFailure instanceof Error e) {
      throw e;
    }
    if (cancelledWhileExiting) {
      owner.throwIfCancelled();
    }
    return result;
  }

  /**
   * Waits for every child; a cancellation of the owner meanwhile cancels them (once) and is
   * reported.
   */
  private boolean awaitChildren() {
    boolean cancelled = false;
    while (true) {
      boolean abortedAlready;
      mutex.lock();
      try {
        if (children.isEmpty()) {
          return cancelled;
        }
        abortedAlready = aborting;
      } finally {
        mutex.unlock();
      }
      long s = owner.beginWait(this, abortedAlready ? Fiber.IGNORE : Fiber.WAKE);
      exitSeq = s;
      mutex.lock();
      try {
        if (children.isEmpty()) {
          owner.tryWake(s, Fiber.WOKEN);
        }
      } finally {
        mutex.unlock();
      }
      int reason = owner.park(s, -1);
      exitSeq = -1;
      if (reason == Fiber.INTERRUPTED && owner.interruptPending()) {
        cancelled = true;
        abort("the task group's coroutine was cancelled");
      }
    }
  }

  private void abort(String why) {
    List<Coroutine<?>> toCancel;
    mutex.lock();
    try {
      aborting = true;
      toCancel = List.copyOf(children);
    } finally {
      mutex.unlock();
    }
    for (Coroutine<?> c : toCancel) {
      c.cancel(why);
    }
  }

  @Override
  public String toString() {
    mutex.lock();
    try {
      return "TaskGroup["
          + children.size()
          + " running"
          + (aborting ? ", shutting down" : "")
          + "]";
    } finally {
      mutex.unlock();
    }
  }
}

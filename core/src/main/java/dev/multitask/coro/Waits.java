package dev.multitask.coro;

import dev.multitask.pool.Futures.ReturnWhen;
import dev.multitask.spi.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Predicate;

/** {@link Coroutines#wait}, {@link Coroutines#asCompleted} and {@link Coroutines#joinAll}. */
final class Waits {
  private Waits() {}

  static <T> DoneAndPending<T> await(
      List<Coroutine<T>> coroutines, long timeoutNanos, ReturnWhen returnWhen) {
    Fiber me = Fiber.current("Coroutines.wait");
    me.throwIfCancelled();
    Collector col = new Collector(me, coroutines, "wait(" + returnWhen + ")", true);
    Predicate<Collector> until =
        switch (returnWhen) {
          case FIRST_COMPLETED -> c -> !c.ended.isEmpty() || c.all.isEmpty();
          case FIRST_EXCEPTION -> c -> c.allEnded() || c.firstUnsuccessful.get() != null;
          case ALL_COMPLETED -> Collector::allEnded;
        };
    if (col.await(until, timeoutNanos, Fiber.WAKE) == Fiber.INTERRUPTED) {
      me.throwIfCancelled();
    }
    return split(coroutines, col);
  }

  @SuppressWarnings("unchecked")
  private static <T> DoneAndPending<T> split(List<Coroutine<T>> coroutines, Collector col) {
    List<Coroutine<T>> done = new ArrayList<>();
    Set<Coroutine<?>> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Coroutine<?> c : col.endedInOrder()) {
      if (seen.add(c)) {
        done.add((Coroutine<T>) c);
      }
    }
    List<Coroutine<T>> pending = new ArrayList<>();
    for (Coroutine<T> c : coroutines) {
      if (!seen.contains(c)) {
        pending.add(c);
      }
    }
    return new DoneAndPending<>(done, pending);
  }

  static <T> Iterable<Coroutine<T>> asCompleted(List<Coroutine<T>> coroutines, Duration timeout) {
    long timeoutNanos = timeout == null ? -1 : Timeouts.nanos(timeout);
    Fiber me = Fiber.current("Coroutines.asCompleted");
    Collector col = new Collector(me, coroutines, "asCompleted", true);
    long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
    return () ->
        new Iterator<>() {
          private int returned;

          @Override
          public boolean hasNext() {
            return returned < coroutines.size();
          }

          @Override
          @SuppressWarnings("unchecked")
          public Coroutine<T> next() {
            if (!hasNext()) {
              throw new NoSuchElementException(
                  "asCompleted: all " + coroutines.size() + " coroutines were returned");
            }
            Fiber caller = Fiber.current("Coroutines.asCompleted (iteration)");
            if (caller != me) {
              throw new IllegalStateException(
                  "asCompleted must be iterated by the coroutine that called it, "
                      + me.describe()
                      + ", not "
                      + caller.describe());
            }
            me.throwIfCancelled();
            long left = timeoutNanos < 0 ? -1 : Math.max(0, deadline - System.nanoTime());
            int reason = col.await(c -> !c.ended.isEmpty(), left, Fiber.WAKE);
            if (reason == Fiber.INTERRUPTED) {
              me.throwIfCancelled();
            }
            Coroutine<?> next = col.ended.poll();
            if (next == null) {
              throw new CoroutineTimeoutException(
                  "asCompleted: "
                      + (coroutines.size() - returned)
                      + " of "
                      + coroutines.size()
                      + " coroutines had not ended after "
                      + timeout);
            }
            returned++;
            return (Coroutine<T>) next;
          }
        };
  }

  static <T> List<Coroutine<T>> joinAll(
      List<Coroutine<T>> coroutines, long timeoutNanos, boolean raiseError) {
    Fiber me = Fiber.current("Coroutines.joinAll");
    me.throwIfCancelled();
    Collector col = new Collector(me, coroutines, "joinAll", true);
    Predicate<Collector> until =
        raiseError ? c -> c.allEnded() || c.firstFailed.get() != null : Collector::allEnded;
    if (col.await(until, timeoutNanos, Fiber.WAKE) == Fiber.INTERRUPTED) {
      me.throwIfCancelled();
    }
    Coroutine<?> failed = col.firstFailed.get();
    if (raiseError && failed != null) {
      failed.outcome(); // throws its CoroutineFailedException
    }
    return split(coroutines, col).done();
  }
}

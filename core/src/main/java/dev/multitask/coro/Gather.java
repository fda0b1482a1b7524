package dev.multitask.coro;

import java.util.ArrayList;
import java.util.List;

/** {@link Coroutines#gather} and {@link Coroutines#gatherReturnExceptions}. */
final class Gather {
  private Gather() {}

  static <T> List<T> values(
      List<? extends Coroutine<? extends T>> coroutines, boolean cancelOnFailure) {
    Fiber me = Fiber.current("Coroutines.gather");
    me.throwIfCancelled();
    Collector col = new Collector(me, coroutines, "gather", false);
    int reason = col.await(c -> c.allEnded() || c.firstUnsuccessful.get() != null, -1, Fiber.WAKE);
    if (reason == Fiber.INTERRUPTED) {
      // asyncio: cancelling a gather cancels its children; they are waited for, so none outlives it
      col.cancelRest("the gather waiting for it was cancelled");
      col.awaitAllUninterruptibly();
      if (col.firstUnsuccessful.get() == null) {
        return valuesOf(coroutines); // completion wins: the cancellation stays pending
      }
      me.throwIfCancelled();
    }
    Coroutine<?> first = col.firstUnsuccessful.get();
    if (first == null) {
      return valuesOf(coroutines);
    }
    if (cancelOnFailure) {
      col.cancelRest("gather: " + first.describe() + " did not succeed");
      col.awaitAllUninterruptibly();
    }
    RuntimeException thrown;
    try {
      first.outcome();
      throw new AssertionError("unreachable: " + first + " did not succeed");
    } catch (CoroutineFailedException | CancelledException e) {
      thrown = e;
    }
    for (Coroutine<?> c : coroutines) {
      Throwable t = c.exception();
      if (c != first && t != null) {
        thrown.addSuppressed(t); // every failure is reported; the first is the exception
      }
    }
    throw thrown;
  }

  static <T> List<Coroutine<T>> settled(List<Coroutine<T>> coroutines) {
    Fiber me = Fiber.current("Coroutines.gatherReturnExceptions");
    me.throwIfCancelled();
    Collector col = new Collector(me, coroutines, "gather", false);
    if (col.await(Collector::allEnded, -1, Fiber.WAKE) == Fiber.INTERRUPTED) {
      col.cancelRest("the gather waiting for it was cancelled");
      col.awaitAllUninterruptibly();
      me.throwIfCancelled();
    }
    for (Coroutine<T> c : coroutines) {
      c.observed = true;
    }
    return coroutines;
  }

  private static <T> List<T> valuesOf(List<? extends Coroutine<? extends T>> coroutines) {
    List<T> values = new ArrayList<>(coroutines.size());
    for (Coroutine<? extends T> c : coroutines) {
      values.add(c.outcome());
    }
    return values;
  }
}

package dev.multitask.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Python's {@code concurrent.futures.as_completed} and {@code wait} for {@link CompletableFuture}s,
 * such as a pool's.
 */
public final class Futures {
  private Futures() {}

  /** When {@link #await} returns, as Python's {@code return_when}. */
  public enum ReturnWhen {
    /** When any future completes. */
    FIRST_COMPLETED,
    /**
     * When any future completes with an exception, or all complete; a cancelled future counts only
     * towards all, as in Python.
     */
    FIRST_EXCEPTION,
    /** When all complete. */
    ALL_COMPLETED
  }

  /**
   * The futures split by whether they were done when {@link #await} returned.
   *
   * @param done the completed futures, in completion order
   * @param notDone the others, in the given order
   * @param <T> the result type
   */
  public record Completion<T>(List<CompletableFuture<T>> done, List<CompletableFuture<T>> notDone) {
    /** Copies the lists. */
    public Completion {
      done = List.copyOf(done);
      notDone = List.copyOf(notDone);
    }
  }

  /**
   * The futures in the order they complete, as Python's {@code as_completed(fs)}: iterating waits
   * for the next one to complete; futures already done come first. A future given more than once
   * comes once.
   *
   * @param futures the futures (a snapshot is taken)
   * @param <T> the result type
   * @return an iterable over the same futures in completion order
   */
  public static <T> Iterable<CompletableFuture<T>> asCompleted(
      Collection<? extends CompletableFuture<T>> futures) {
    return asCompleted(futures, null);
  }

  /**
   * As {@link #asCompleted(Collection)}, but the iteration throws an unchecked {@link
   * java.util.concurrent.CompletionException} wrapping a {@link TimeoutException} once {@code
   * timeout} has passed since this call with futures still not done, as Python's {@code
   * as_completed(fs, timeout)}.
   *
   * @param futures the futures
   * @param timeout the time allowed for all of them, or null for no limit
   * @param <T> the result type
   * @return an iterable over the same futures in completion order
   */
  public static <T> Iterable<CompletableFuture<T>> asCompleted(
      Collection<? extends CompletableFuture<T>> futures, Duration timeout) {
    List<CompletableFuture<T>> all = distinct(futures);
    LinkedBlockingQueue<CompletableFuture<T>> completed = new LinkedBlockingQueue<>();
    for (CompletableFuture<T> f : all) {
      f.whenComplete((r, e) -> completed.add(f));
    }
    long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
    return () ->
        new Iterator<>() {
          private int returned;

          @Override
          public boolean hasNext() {
            return returned < all.size();
          }

          @Override
          public CompletableFuture<T> next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            try {
              CompletableFuture<T> next =
                  timeout == null
                      ? completed.take()
                      : completed.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
              if (next == null) {
                throw new java.util.concurrent.CompletionException(
                    new TimeoutException(
                        (all.size() - returned)
                            + " of "
                            + all.size()
                            + " futures not done after "
                            + timeout));
              }
              returned++;
              return next;
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new java.util.concurrent.CompletionException(
                  "interrupted while waiting for a future", e);
            }
          }
        };
  }

  /**
   * Waits until the futures meet {@code returnWhen} or {@code timeout} passes, as Python's {@code
   * wait(fs, timeout, return_when)}. A future given more than once counts once.
   *
   * @param futures the futures
   * @param timeout the longest wait, or null for no limit
   * @param returnWhen when to return
   * @param <T> the result type
   * @return the done and not-done futures
   * @throws InterruptedException if interrupted while waiting
   */
  public static <T> Completion<T> await(
      Collection<? extends CompletableFuture<T>> futures, Duration timeout, ReturnWhen returnWhen)
      throws InterruptedException {
    Objects.requireNonNull(
        returnWhen, "returnWhen: pass FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED");
    List<CompletableFuture<T>> all = distinct(futures);
    LinkedBlockingQueue<CompletableFuture<T>> completed = new LinkedBlockingQueue<>();
    for (CompletableFuture<T> f : all) {
      f.whenComplete((r, e) -> completed.add(f));
    }
    long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
    Set<CompletableFuture<T>> done = new LinkedHashSet<>();
    while (done.size() < all.size()) {
      long remaining = deadline - System.nanoTime();
      CompletableFuture<T> next =
          timeout == null ? completed.take() : completed.poll(remaining, TimeUnit.NANOSECONDS);
      if (next == null) {
        break;
      }
      done.add(next);
      if (returnWhen == ReturnWhen.FIRST_COMPLETED
          || (returnWhen == ReturnWhen.FIRST_EXCEPTION
              && next.isCompletedExceptionally()
              && !next.isCancelled())) {
        break;
      }
    }
    for (CompletableFuture<T> f; (f = completed.poll()) != null; ) {
      done.add(f); // others that completed meanwhile are done too, as in Python
    }
    List<CompletableFuture<T>> notDone = new ArrayList<>();
    for (CompletableFuture<T> f : all) {
      if (!done.contains(f)) {
        notDone.add(f);
      }
    }
    return new Completion<>(new ArrayList<>(done), notDone);
  }

  /** The futures without repeats, in their first order: Python takes a set of them. */
  private static <T> List<CompletableFuture<T>> distinct(
      Collection<? extends CompletableFuture<T>> futures) {
    Objects.requireNonNull(futures, "futures: pass a collection of futures");
    return List.copyOf(new LinkedHashSet<CompletableFuture<T>>(futures)); // a null one throws here
  }
}

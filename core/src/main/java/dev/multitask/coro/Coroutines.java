package dev.multitask.coro;

import dev.multitask.Action;
import dev.multitask.Task;
import dev.multitask.pool.Futures.ReturnWhen;
import dev.multitask.spi.ActionTask;
import dev.multitask.spi.Timeouts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * asyncio and gevent for Java: the entry points of the coroutine model.
 *
 * <pre>{@code
 * String r = Coroutines.run(() -> {                        // asyncio.run(main())
 *   Coroutine<String> a = Coroutines.spawn(() -> fetch(1)); // create_task / gevent.spawn
 *   Coroutine<String> b = Coroutines.spawn(() -> fetch(2));
 *   Coroutines.sleep(Duration.ofMillis(100));              // await asyncio.sleep(0.1)
 *   return String.join(",", Coroutines.gather(a, b));      // await asyncio.gather(a, b)
 * });
 * }</pre>
 *
 * <p><b>Await points.</b> A coroutine gives its loop to the others only at an await point: the
 * methods of this class that wait ({@link #sleep}, {@link #yield}, {@link #gather}, {@link #await},
 * ...), {@link Coroutine#get()}/{@link Coroutine#join()}, and the waits of the async primitives
 * ({@link AsyncLock}, {@link AsyncQueue}, ...). Anything else a coroutine does, including a
 * blocking JDK call such as {@code Thread.sleep}, holds the loop, as in asyncio: run such code with
 * {@link #toThread}. Await points must be called from a coroutine: elsewhere they throw {@link
 * IllegalStateException}. Every await point throws {@link CancelledException} while the calling
 * coroutine has a pending cancellation. Negative timeouts are an {@link IllegalArgumentException}.
 *
 * <p><b>Completion wins.</b> When what an await point waits for happens at the same time as the
 * caller is cancelled (or its timeout runs out), the await returns what happened and the
 * cancellation stays pending for the next await point: no result, lock or element is lost, and no
 * cancellation either (asyncio's {@code wait_for} lost one or the other, cpython #86296).
 */
public final class Coroutines {
  /** What a sleeping coroutine waits on. */
  static final Object SLEEP =
      new Object() {
        @Override
        public String toString() {
          return "sleep";
        }
      };

  private Coroutines() {}

  // ---------------------------------------------------------------- loops and coroutines

  /**
   * Runs {@code main} on a new event loop, then cancels whatever coroutines are left and closes the
   * loop: asyncio's {@code asyncio.run(main())}. Blocks the calling thread.
   *
   * @param main the main coroutine's body
   * @param <R> its result type
   * @return its value
   * @throws CoroutineFailedException if it failed; the cause is its exception
   * @throws CancelledException if it was cancelled
   * @throws IllegalStateException if called from a coroutine
   */
  public static <R> R run(Task<R> main) {
    return run(LoopOptions.defaults(), main);
  }

  /**
   * As {@link #run(Task)}, with options ({@linkplain LoopOptions#parallel parallel mode},
   * {@linkplain LoopOptions#debug debug mode}).
   *
   * @param options how the loop runs
   * @param main the main coroutine's body
   * @param <R> its result type
   * @return its value
   */
  public static <R> R run(LoopOptions options, Task<R> main) {
    Objects.requireNonNull(main, "main");
    EventLoop.refuseInsideCoroutine("Coroutines.run");
    try (EventLoop loop = EventLoop.create(options)) {
      return loop.run(main);
    }
  }

  /**
   * Runs a {@code main} that returns nothing, as {@link #run(Task)}.
   *
   * @param main the body
   */
  public static void run(Action main) {
    run(new ActionTask(Objects.requireNonNull(main, "main")));
  }

  /**
   * Runs a {@code main} that returns nothing, as {@link #run(LoopOptions, Task)}.
   *
   * @param options how the loop runs
   * @param main the body
   */
  public static void run(LoopOptions options, Action main) {
    run(options, new ActionTask(Objects.requireNonNull(main, "main")));
  }

  /**
   * Spawns a coroutine on the caller's loop: asyncio's {@code create_task}, gevent's {@code spawn}.
   * It starts when the caller reaches an await point (in parallel mode: at once).
   *
   * @param body the body
   * @param <R> its result type
   * @return the coroutine
   * @throws IllegalStateException if the caller is not a coroutine (use {@link EventLoop#spawn}
   *     from outside a loop)
   */
  public static <R> Coroutine<R> spawn(Task<R> body) {
    return spawn(null, body);
  }

  /**
   * Spawns a named coroutine on the caller's loop.
   *
   * @param name the name, or null for {@code Task-N}
   * @param body the body
   * @param <R> its result type
   * @return the coroutine
   */
  public static <R> Coroutine<R> spawn(String name, Task<R> body) {
    Objects.requireNonNull(body, "body");
    return Fiber.current("Coroutines.spawn").loop.spawnInternal(name, body);
  }

  /**
   * Spawns a coroutine whose body returns nothing.
   *
   * @param body the body
   * @return the coroutine
   */
  public static Coroutine<Void> spawn(Action body) {
    return spawn(null, body);
  }

  /**
   * Spawns a named coroutine whose body returns nothing.
   *
   * @param name the name, or null
   * @param body the body
   * @return the coroutine
   */
  public static Coroutine<Void> spawn(String name, Action body) {
    Objects.requireNonNull(body, "body");
    return Fiber.current("Coroutines.spawn").loop.spawnInternal(name, new ActionTask(body));
  }

  /**
   * The calling coroutine: asyncio's {@code current_task()}, gevent's {@code getcurrent()}.
   *
   * @return the coroutine
   * @throws IllegalStateException if the caller is not a coroutine
   */
  public static Coroutine<?> current() {
    return (Coroutine<?>) Fiber.current("Coroutines.current");
  }

  /**
   * Whether the caller is a coroutine of some event loop.
   *
   * @return the flag
   */
  public static boolean inCoroutine() {
    return EventLoop.currentFiber() != null;
  }

  /**
   * The caller's event loop: asyncio's {@code get_running_loop()}.
   *
   * @return the loop
   * @throws IllegalStateException if the caller is not a coroutine
   */
  public static EventLoop loop() {
    return Fiber.current("Coroutines.loop").loop;
  }

  /**
   * The coroutines of the caller's loop that have not ended: asyncio's {@code all_tasks()}.
   *
   * @return a snapshot, oldest first
   */
  public static List<Coroutine<?>> allTasks() {
    return Fiber.current("Coroutines.allTasks").loop.tasks();
  }

  // ---------------------------------------------------------------- the basic await points

  /**
   * Suspends the calling coroutine for {@code duration}, letting the others run: asyncio's {@code
   * sleep}, gevent's {@code sleep}. {@code Duration.ZERO} is {@link #yield()}.
   *
   * @param duration how long, zero or more
   * @throws CancelledException if the coroutine is cancelled (before or while sleeping)
   * @throws IllegalArgumentException if {@code duration} is negative
   * @throws IllegalStateException if the caller is not a coroutine
   */
  public static void sleep(Duration duration) {
    long nanos = Timeouts.nanos(duration);
    Fiber me = Fiber.current("Coroutines.sleep");
    if (nanos == 0) {
      me.throwIfCancelled();
      me.loop.scheduler.yieldNow(me);
      return;
    }
    long deadline = System.nanoTime() + nanos;
    while (true) {
      long seq = me.beginWait(SLEEP, Fiber.THROW);
      int reason = me.park(seq, Math.max(1, deadline - System.nanoTime()));
      if (reason == Fiber.TIMED_OUT) {
        return;
      }
      me.throwIfCancelled(); // else the cancellation was taken back: sleep the rest
      if (deadline - System.nanoTime() <= 0) {
        return;
      }
    }
  }

  /**
   * Lets every other ready coroutine of the loop run once, then goes on: asyncio's {@code
   * sleep(0)}, gevent's {@code sleep(0)}. Returns at once when no other is ready (in parallel mode:
   * {@link Thread#yield()}).
   *
   * @throws CancelledException if the coroutine is cancelled
   * @throws IllegalStateException if the caller is not a coroutine
   */
  public static void yield() {
    Fiber me = Fiber.current("Coroutines.yield");
    me.throwIfCancelled();
    me.loop.scheduler.yieldNow(me);
  }

  /**
   * Waits for a future (a process {@code Job}'s, a pool task's, any {@link CompletableFuture})
   * without holding the loop: {@code await future}.
   *
   * @param future the future
   * @param <T> its value type
   * @return its value
   * @throws java.util.concurrent.CompletionException if it failed; the cause is its exception
   * @throws java.util.concurrent.CancellationException if it was cancelled
   * @throws CancelledException if the caller is cancelled while waiting (the future is left alone)
   */
  public static <T> T await(CompletableFuture<T> future) {
    return Blocking.await(future, -1, null);
  }

  /**
   * As {@link #await(CompletableFuture)}, waiting at most {@code timeout}. Each wait that times out
   * leaves a small callback on the future until it completes (a {@code CompletableFuture} cannot
   * drop one), so do not poll a future that may never complete in a tight loop.
   *
   * @param future the future
   * @param timeout how long at most
   * @param <T> its value type
   * @return its value
   * @throws CoroutineTimeoutException if it is not done in time (the future is left alone)
   */
  public static <T> T await(CompletableFuture<T> future, Duration timeout) {
    return Blocking.await(future, Timeouts.nanos(timeout), timeout);
  }

  /**
   * Runs blocking code on a virtual thread of its own and waits for it without holding the loop:
   * asyncio's {@code to_thread}. If the caller is cancelled meanwhile, the thread is interrupted
   * and the caller does not wait for it.
   *
   * @param task the blocking code
   * @param <R> its result type
   * @return its value
   * @throws java.util.concurrent.CompletionException if it threw; the cause is its exception
   */
  public static <R> R toThread(Task<R> task) {
    return Blocking.run(null, task);
  }

  /**
   * As {@link #toThread}, on {@code executor}: asyncio's {@code run_in_executor}.
   *
   * @param executor where to run it (a pool's threads, say)
   * @param task the blocking code
   * @param <R> its result type
   * @return its value
   */
  public static <R> R runInExecutor(Executor executor, Task<R> task) {
    return Blocking.run(Objects.requireNonNull(executor, "executor"), task);
  }

  // ---------------------------------------------------------------- combinators

  /**
   * Waits for every coroutine and returns their values in the given order: asyncio's {@code
   * gather}. Unlike asyncio's, the first failure cancels the others (and waits for them to end)
   * before it is thrown; so does a cancellation of the caller.
   *
   * @param coroutines the coroutines
   * @param <T> their value type
   * @return the values, in order
   * @throws CoroutineFailedException for the first that failed (later failures suppressed)
   * @throws CancelledException if one was cancelled, or the caller was
   */
  @SafeVarargs
  public static <T> List<T> gather(Coroutine<? extends T>... coroutines) {
    List<Coroutine<? extends T>> list = new ArrayList<>(coroutines.length);
    for (Coroutine<? extends T> c : coroutines) {
      list.add(Objects.requireNonNull(c, "a coroutine to gather is null"));
    }
    return Gather.values(list, true);
  }

  /**
   * As {@link #gather(Coroutine[])}.
   *
   * @param coroutines the coroutines
   * @param <T> their value type
   * @return the values, in order
   */
  public static <T> List<T> gather(Collection<? extends Coroutine<? extends T>> coroutines) {
    return Gather.values(List.copyOf(coroutines), true);
  }

  /**
   * As {@link #gather(Collection)}, choosing whether a failure cancels the others (asyncio's
   * behaviour is {@code false}: they go on running).
   *
   * @param coroutines the coroutines
   * @param cancelOnFailure whether the first failure cancels the others
   * @param <T> their value type
   * @return the values, in order
   */
  public static <T> List<T> gather(
      Collection<? extends Coroutine<? extends T>> coroutines, boolean cancelOnFailure) {
    return Gather.values(List.copyOf(coroutines), cancelOnFailure);
  }

  /**
   * Waits for every coroutine, whatever its end, and returns them in the given order: asyncio's
   * {@code gather(..., return_exceptions=True)}. A failure cancels nothing; ask each coroutine for
   * its {@link Coroutine#value() value} or {@link Coroutine#exception() exception}.
   *
   * @param coroutines the coroutines
   * @param <T> their value type
   * @return the same coroutines, all ended, in order
   * @throws CancelledException if the caller is cancelled (the coroutines are cancelled too)
   */
  public static <T> List<Coroutine<T>> gatherReturnExceptions(Collection<Coroutine<T>> coroutines) {
    return Gather.settled(List.copyOf(coroutines));
  }

  /**
   * Waits until {@code returnWhen} holds or {@code timeout} passes: asyncio's {@code wait}. Cancels
   * nothing.
   *
   * @param coroutines the coroutines
   * @param timeout the longest wait, or null for none
   * @param returnWhen when to return
   * @param <T> their value type
   * @return the ended ones (in the order they ended) and the others (in the given order)
   */
  public static <T> DoneAndPending<T> wait(
      Collection<Coroutine<T>> coroutines, Duration timeout, ReturnWhen returnWhen) {
    return Waits.await(
        List.copyOf(coroutines),
        timeout == null ? -1 : Timeouts.nanos(timeout),
        Objects.requireNonNull(returnWhen, "returnWhen"));
  }

  /**
   * The coroutines in the order they end: asyncio's {@code as_completed}. Each step of the
   * iteration is an await point; past {@code timeout} (from this call) it throws {@link
   * CoroutineTimeoutException}.
   *
   * @param coroutines the coroutines
   * @param timeout the time allowed for all, or null
   * @param <T> their value type
   * @return the coroutines, in completion order
   */
  public static <T> Iterable<Coroutine<T>> asCompleted(
      Collection<Coroutine<T>> coroutines, Duration timeout) {
    return Waits.asCompleted(List.copyOf(coroutines), timeout);
  }

  /**
   * gevent's {@code joinall}: waits until every coroutine has ended or {@code timeout} passes.
   *
   * @param coroutines the coroutines
   * @param timeout the longest wait, or null
   * @param raiseError whether the first failure ends the wait by being thrown
   * @param <T> their value type
   * @return the ended ones, in the order they ended
   * @throws CoroutineFailedException with {@code raiseError}, for the first that failed
   */
  public static <T> List<Coroutine<T>> joinAll(
      Collection<Coroutine<T>> coroutines, Duration timeout, boolean raiseError) {
    return Waits.joinAll(
        List.copyOf(coroutines), timeout == null ? -1 : Timeouts.nanos(timeout), raiseError);
  }

  /**
   * gevent's {@code killall}: kills every coroutine and, with {@code block}, waits for them.
   *
   * @param coroutines the coroutines
   * @param block whether to wait (an await point)
   * @param timeout the longest wait, or null
   * @param <T> their value type
   * @return whether all have ended
   */
  public static <T> boolean killAll(
      Collection<Coroutine<T>> coroutines, boolean block, Duration timeout) {
    for (Coroutine<T> c : coroutines) {
      c.kill(null, false, null);
    }
    return !block || joinAll(coroutines, timeout, false).size() == coroutines.size();
  }

  /**
   * Waits for {@code coroutine} at most {@code timeout}; past it, cancels it, waits for it to end
   * and throws: asyncio's {@code wait_for}. If the caller is cancelled, so is the coroutine.
   * Completion wins: a coroutine that has ended (also one that ignored the cancellation and
   * returned) gives its value.
   *
   * @param coroutine the coroutine
   * @param timeout the longest wait, or null for none
   * @param <T> its value type
   * @return its value
   * @throws CoroutineTimeoutException if it was cancelled for the timeout
   * @throws CoroutineFailedException if it failed
   * @throws CancelledException if the caller was cancelled
   */
  public static <T> T waitFor(Coroutine<T> coroutine, Duration timeout) {
    return Scopes.waitFor(
        Objects.requireNonNull(coroutine, "coroutine"),
        timeout == null ? -1 : Timeouts.nanos(timeout),
        timeout);
  }

  /**
   * Spawns {@code body} and {@link #waitFor(Coroutine, Duration) waits for it}.
   *
   * @param body the body
   * @param timeout the longest wait, or null
   * @param <T> its value type
   * @return its value
   */
  public static <T> T waitFor(Task<T> body, Duration timeout) {
    return waitFor(spawn(body), timeout);
  }

  /**
   * Runs {@code body} in the calling coroutine; if it is still running after {@code timeout}, its
   * await point in progress throws {@link CancelledException}, and this call turns that into a
   * {@link CoroutineTimeoutException}: asyncio's {@code async with timeout(t)}. Scopes nest: an
   * inner one does not swallow an outer one's expiry or a cancellation from outside (those
   * propagate as {@link CancelledException}). A body that ends normally, even after the time is up,
   * returns its value.
   *
   * @param timeout how long the body may take
   * @param body the body
   * @param <R> its result type
   * @return its value
   * @throws CoroutineTimeoutException if the time ran out and the body ended cancelled
   * @throws Exception whatever the body throws
   */
  public static <R> R timeout(Duration timeout, Task<R> body) throws Exception {
    return Scopes.timeout(Timeouts.nanos(timeout), timeout, Objects.requireNonNull(body, "body"));
  }

  /**
   * A coroutine that waits for {@code coroutine}; cancelling it does not cancel {@code coroutine}:
   * asyncio's {@code shield}. Use it where a combinator would cancel what it waits for ({@code
   * waitFor(shield(c), t)} gives up on {@code c} without stopping it).
   *
   * @param coroutine the coroutine to protect
   * @param <T> its value type
   * @return a coroutine with the same outcome
   */
  public static <T> Coroutine<T> shield(Coroutine<T> coroutine) {
    return Scopes.shield(Objects.requireNonNull(coroutine, "coroutine"));
  }

  /**
   * Runs {@code body} in the calling coroutine with cancellation held back: its await points
   * neither throw nor are woken by a cancellation, which is delivered at the first await point
   * after it (Kotlin's {@code withContext(NonCancellable)}). For clean-up that must await, such as
   * closing a connection, in a coroutine that is being cancelled.
   *
   * @param body the body
   * @param <R> its result type
   * @return its value
   * @throws Exception whatever the body throws
   */
  public static <R> R nonCancellable(Task<R> body) throws Exception {
    Objects.requireNonNull(body, "body");
    Fiber me = Fiber.current("Coroutines.nonCancellable");
    me.enterNonCancellable();
    try {
      return body.call();
    } finally {
      me.exitNonCancellable();
    }
  }
}

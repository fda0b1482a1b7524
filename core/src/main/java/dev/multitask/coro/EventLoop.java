package dev.multitask.coro;

import dev.multitask.Action;
import dev.multitask.Task;
import dev.multitask.spi.ActionTask;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * An event loop: asyncio's loop. Its coroutines take turns, one at a time, switching only at await
 * points, in the order they became ready (FIFO), so a program's interleaving is the same on every
 * run and state touched only between awaits needs no lock. In {@linkplain LoopOptions#parallel
 * parallel mode} they all run at once instead.
 *
 * <p>There is no loop thread: each coroutine is a virtual thread that holds the loop (a baton) from
 * one await point to the next and hands it to the next ready coroutine. The JDK's timers and
 * carrier threads do the rest. So a loop runs its coroutines whether or not anybody waits in {@link
 * #run}; {@link Coroutines#run} is the usual way in: a new loop, run, close.
 *
 * <pre>{@code
 * try (EventLoop loop = EventLoop.create()) {
 *   loop.spawn(() -> longTask());            // asyncio: loop.create_task(long_task())
 *   String r = loop.run(() -> job1());       // loop.run_until_complete(job1())
 * }                                          // close: the rest is cancelled, as asyncio.run does
 * }</pre>
 *
 * <p>Coroutines of a loop may run one after another on the same virtual thread (a coroutine that
 * never ran starts on the thread of one that ended), so a {@code ThreadLocal} set by one may be
 * seen by the next; keep per-coroutine state in the coroutine's own variables or a {@code
 * ScopedValue}.
 *
 * <p>{@link #spawn} and {@link #tasks()} may be called from any thread; {@link #run} and {@link
 * #close()} from a thread that is not one of the loop's coroutines. A loop is registered (so that
 * await points can find it) until it is closed: close every loop you create.
 */
public final class EventLoop implements AutoCloseable {
  /** How long a coroutine may hold the loop, without debug mode, before {@link #run} says so. */
  static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private static final AtomicInteger NUMBERS = new AtomicInteger();
  private static final Object REGISTRY = new Object();

  /** The open serial loops, scanned by {@link #currentFiber()}: usually one or two. */
  private static volatile EventLoop[] serialLoops = new EventLoop[0];

  private static final AtomicInteger PARALLEL_LOOPS = new AtomicInteger();
  private static final ThreadLocal<Fiber> PARALLEL_CURRENT = new ThreadLocal<>();

  final Scheduler scheduler;
  private final String name;
  private final LoopOptions options;
  private final AtomicInteger taskNumbers = new AtomicInteger();
  private static final int KEPT_FAILURES = 10_000;
  private final ConcurrentLinkedQueue<Coroutine<?>> failures = new ConcurrentLinkedQueue<>();
  private final AtomicInteger failureCount = new AtomicInteger();
  private volatile boolean closed;

  private EventLoop(LoopOptions options, boolean traced) {
    this.options = options;
    this.name = options.name() != null ? options.name() : "loop-" + NUMBERS.incrementAndGet();
    this.scheduler = options.parallel() ? new ParallelScheduler() : new SerialScheduler(traced);
    if (options.parallel()) {
      PARALLEL_LOOPS.incrementAndGet();
    } else {
      synchronized (REGISTRY) {
        EventLoop[] loops = Arrays.copyOf(serialLoops, serialLoops.length + 1);
        loops[loops.length - 1] = this;
        serialLoops = loops;
      }
      if (options.slowThreshold() != null) {
        Watchdog.watch(this, options.slowThreshold().toNanos());
      }
    }
  }

  /**
   * A new loop with the {@linkplain LoopOptions#defaults() default options}.
   *
   * @return the loop; close it
   */
  public static EventLoop create() {
    return new EventLoop(LoopOptions.defaults(), true);
  }

  /**
   * A new loop.
   *
   * @param options how it runs
   * @return the loop; close it
   */
  public static EventLoop create(LoopOptions options) {
    return new EventLoop(Objects.requireNonNull(options, "options"), true);
  }

  /** A new loop whose turns stay out of traces: the library's own, such as {@link Priming}'s. */
  static EventLoop createUntraced(LoopOptions options) {
    return new EventLoop(options, false);
  }

  /**
   * The loop's name, {@code loop-N} unless the options name it.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * The loop's options.
   *
   * @return the options
   */
  public LoopOptions options() {
    return options;
  }

  /**
   * Whether the loop runs its coroutines in parallel mode.
   *
   * @return the flag
   */
  public boolean isParallel() {
    return options.parallel();
  }

  /**
   * Whether {@link #close()} has finished.
   *
   * @return the flag
   */
  public boolean isClosed() {
    return closed;
  }

  // ---------------------------------------------------------------- spawning

  /**
   * Spawns a coroutine on this loop, from any thread (asyncio's {@code loop.create_task}, also
   * thread-safe here). It runs when its turn comes.
   *
   * @param body the coroutine's body
   * @param <R> its result type
   * @return the coroutine
   * @throws IllegalStateException if the loop is closed
   */
  public <R> Coroutine<R> spawn(Task<R> body) {
    return spawn(null, body);
  }

  /**
   * As {@link #spawn(Task)}, with a name.
   *
   * @param name the coroutine's name, or null for {@code Task-N}
   * @param body the coroutine's body
   * @param <R> its result type
   * @return the coroutine
   */
  public <R> Coroutine<R> spawn(String name, Task<R> body) {
    Objects.requireNonNull(body, "body");
    return spawnInternal(name, body);
  }

  /**
   * Spawns a coroutine whose body returns nothing.
   *
   * @param body the body
   * @return the coroutine
   */
  public Coroutine<Void> spawn(Action body) {
    return spawn(null, body);
  }

  /**
   * Spawns a named coroutine whose body returns nothing.
   *
   * @param name the name, or null
   * @param body the body
   * @return the coroutine
   */
  public Coroutine<Void> spawn(String name, Action body) {
    Objects.requireNonNull(body, "body");
    return spawnInternal(name, new ActionTask(body));
  }

  <R> Coroutine<R> spawnInternal(String coroutineName, Task<? extends R> body) {
    if (closed) {
      throw new IllegalStateException(
          "event loop '"
              + name
              + "' is closed: make a new one (Coroutines.run makes one per call)");
    }
    Coroutine<R> c = new Coroutine<>(this, coroutineName, taskNumbers.incrementAndGet(), body);
    int live = scheduler.spawn(c);
    if (Priming.isCrowd(live)) {
      Priming.once(options.parallel(), live);
    }
    return c;
  }

  /**
   * The coroutines that have not ended, oldest first: asyncio's {@code all_tasks()}.
   *
   * @return a snapshot
   */
  public List<Coroutine<?>> tasks() {
    List<Coroutine<?>> all = new ArrayList<>();
    for (Fiber f : scheduler.live()) {
      all.add((Coroutine<?>) f);
    }
    return Collections.unmodifiableList(all);
  }

  // ---------------------------------------------------------------- running

  /**
   * Spawns {@code main} and waits for it, blocking the calling thread: asyncio's {@code
   * run_until_complete}. Other coroutines go on running after it returns; {@link #close()} cancels
   * them. An interrupt of the calling thread cancels {@code main} (and is kept). While it waits, a
   * coroutine that holds the loop for 10 s without reaching an await point is reported (once per
   * hold) with its stack, as a warning of the {@code System.Logger} "dev.multitask.coro".
   *
   * @param main the main coroutine's body
   * @param <R> its result type
   * @return its value
   * @throws CoroutineFailedException if it failed; the cause is its exception
   * @throws CancelledException if it was cancelled
   * @throws IllegalStateException if called from a coroutine (that would hold its loop), or the
   *     loop is closed
   */
  public <R> R run(Task<R> main) {
    Objects.requireNonNull(main, "main");
    refuseInsideCoroutine("EventLoop.run");
    Coroutine<R> m = spawnInternal("main", main);
    awaitFromOutside(m);
    return m.outcome();
  }

  /**
   * Spawns a {@code main} that returns nothing and waits for it, as {@link #run(Task)}.
   *
   * @param main the main coroutine's body
   */
  public void run(Action main) {
    run(new ActionTask(Objects.requireNonNull(main, "main")));
  }

  /** Throws if the caller is a coroutine: blocking it would hold its loop. */
  static void refuseInsideCoroutine(String operation) {
    Fiber caller = currentFiber();
    if (caller != null) {
      throw new IllegalStateException(
          operation
              + " was called from "
              + caller.describe()
              + " of event loop '"
              + caller.loop.name
              + "': it would block that loop until it returns. Spawn the work on the running"
              + " loop instead (Coroutines.spawn), or run blocking code with Coroutines.toThread");
    }
  }

  private void awaitFromOutside(Coroutine<?> c) {
    Thread waiter = Thread.currentThread();
    EndListener unpark =
        new EndListener() {
          @Override
          void ended(Coroutine<?> ended) {
            LockSupport.unpark(waiter);
          }
        };
    c.whenEnded(unpark);
    Watchdog.Sample stall = new Watchdog.Sample();
    boolean interrupted = false;
    while (!c.done()) {
      LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
      if (Thread.interrupted()) {
        interrupted = true;
        c.cancel("the thread waiting for it in EventLoop.run was interrupted");
      }
      if (scheduler instanceof SerialScheduler serial) {
        Watchdog.check(
            this, serial, stall, STALL_NANOS, "EventLoop.run is waiting for " + c.describe());
      }
    }
    c.removeListener(unpark);
    if (interrupted) {
      waiter.interrupt();
    }
  }

  // ---------------------------------------------------------------- closing

  /**
   * Cancels every coroutine that has not ended, waits for them (at most the {@linkplain
   * LoopOptions#shutdownGrace shutdown grace}), and closes the loop: later spawns fail. A coroutine
   * still running after the grace (one that never reaches an await point) is reported with its
   * stack, as a warning of the {@code System.Logger} "dev.multitask.coro", and left behind; so are
   * failures nobody asked about. Idempotent.
   *
   * @throws IllegalStateException if called from one of this loop's coroutines
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    Fiber caller = currentFiber();
    if (caller != null && caller.loop == this) {
      throw new IllegalStateException(
          caller.describe()
              + " cannot close its own event loop '"
              + name
              + "': it would wait for itself. Let main return, or close it from outside");
    }
    long deadline = System.nanoTime() + options.shutdownGrace().toNanos();
    for (Fiber f : scheduler.live()) {
      f.requestCancel("its event loop '" + name + "' is closing");
    }
    // coroutines spawned from now on (link callbacks of the cancelled ones, a clean-up's spawn)
    // run to their end: the grace bounds them too
    while (true) {
      List<Fiber> live = scheduler.live();
      if (live.isEmpty()) {
        break;
      }
      if (System.nanoTime() - deadline >= 0) {
        reportStragglers(live);
        break;
      }
      scheduler.awaitIdle(Math.min(deadline, System.nanoTime() + 20_000_000L));
    }
    scheduler.close();
    closed = true;
    unregister();
    for (Coroutine<?> c; (c = failures.poll()) != null; ) {
      reportIfUnobserved(c);
    }
  }

  private void reportIfUnobserved(Coroutine<?> c) {
    if (!c.observed) {
      Throwable t = (Throwable) c.rawOutcome();
      Report.warning(
          c.describe()
              + " of event loop '"
              + name
              + "' failed and nobody asked for its outcome: "
              + t,
          t);
    }
  }

  private void reportStragglers(List<Fiber> live) {
    StringBuilder sb =
        new StringBuilder(
            "event loop '"
                + name
                + "' closes with "
                + live.size()
                + " coroutine(s) still running "
                + options.shutdownGrace().toMillis()
                + " ms after they were cancelled (they never reached an await point); they are left"
                + " behind:");
    for (Fiber f : live) {
      Coroutine<?> c = (Coroutine<?>) f;
      sb.append(System.lineSeparator()).append("  ").append(c);
      for (StackTraceElement e : c.stack()) {
        sb.append(System.lineSeparator()).append("\tat ").append(e);
      }
    }
    Report.warning(sb.toString());
  }

  private void unregister() {
    if (options.parallel()) {
      PARALLEL_LOOPS.decrementAndGet();
      return;
    }
    Watchdog.unwatch(this);
    synchronized (REGISTRY) {
      List<EventLoop> loops = new ArrayList<>(Arrays.asList(serialLoops));
      loops.remove(this);
      serialLoops = loops.toArray(new EventLoop[0]);
    }
  }

  /**
   * Keeps a failed coroutine until close, to report it if nobody asks for its outcome meanwhile. A
   * long-running loop keeps the last {@value #KEPT_FAILURES}; older ones are reported then.
   */
  void noteFailure(Coroutine<?> c) {
    failures.add(c);
    if (failureCount.incrementAndGet() > KEPT_FAILURES) {
      Coroutine<?> oldest = failures.poll();
      if (oldest != null) {
        failureCount.decrementAndGet();
        reportIfUnobserved(oldest);
      }
    }
  }

  // ---------------------------------------------------------------- the current coroutine

  /**
   * The fiber running the calling code, or null. Serial loops are found without any per-thread
   * state: the caller is the fiber holding one of the open loops (a handful), compared by thread.
   * That keeps a parked coroutine free of a thread-local map (some 150 bytes each).
   */
  static Fiber currentFiber() {
    Thread t = Thread.currentThread();
    if (!t.isVirtual()) {
      return null;
    }
    for (EventLoop loop : serialLoops) {
      Fiber f = loop.scheduler.running();
      if (f != null && f.thread == t) {
        return f;
      }
    }
    return PARALLEL_LOOPS.get() > 0 ? PARALLEL_CURRENT.get() : null;
  }

  /** Binds a parallel loop's runner thread to its fiber. */
  static void bindParallel(Fiber f) {
    PARALLEL_CURRENT.set(f);
  }

  @Override
  public String toString() {
    return "EventLoop["
        + name
        + (isParallel() ? ", parallel" : "")
        + (closed ? ", closed" : "")
        + ", "
        + scheduler.liveCount()
        + " coroutines]";
  }
}

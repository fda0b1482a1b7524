package dev.multitask.local;

import dev.multitask.Job;
import dev.multitask.ProcessOptions;
import dev.multitask.Task;
import dev.multitask.ipc.JoinableQueue;
import dev.multitask.ipc.Pipe;
import dev.multitask.engine.AbstractContext;
import dev.multitask.engine.Primitives;
import dev.multitask.pool.PoolOptions;
import dev.multitask.shared.Manager;
import dev.multitask.engine.pool.PoolWorker;
import dev.multitask.engine.pool.InlineWorkers;

import dev.multitask.spi.QueueOrder;
import dev.multitask.engine.pipe.QueuePipe;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The context of {@code Multitask.threads()} (platform threads) and {@code Multitask.coroutines()}
 * (virtual threads). Non-daemon coroutines keep the JVM alive like non-daemon threads do, although
 * virtual threads themselves are always daemon.
 */
public final class ThreadContext extends AbstractContext {
  private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();
  private static final AtomicInteger COROUTINE_NUMBERS = new AtomicInteger();

  private final boolean virtual;
  private final LocalPrimitives primitives;

  private ThreadContext(boolean virtual) {
    this.virtual = virtual;
    this.primitives = new LocalPrimitives(virtual ? "coroutines" : "threads");
  }

  /**
   * A context of platform threads.
   *
   * @return a new context
   */
  public static ThreadContext platform() {
    return new ThreadContext(false);
  }

  /**
   * A context of virtual threads.
   *
   * @return a new context
   */
  public static ThreadContext virtual() {
    return new ThreadContext(true);
  }

  @Override
  protected <R> Job<R> launch(Task<R> body, String name, boolean daemon, ProcessOptions options) {
    String jobName = name != null ? name
        : virtual ? "Coroutine-" + COROUTINE_NUMBERS.incrementAndGet() : "Thread-" + THREAD_NUMBERS.incrementAndGet();
    ThreadJob<R> job = new ThreadJob<>(jobName, daemon, virtual && !daemon);
    Thread.Builder builder = virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon(daemon);
    job.start(builder, body);
    return job;
  }

  @Override
  protected <T> JoinableQueue<T> newQueue(QueueOrder order, int capacity, Comparator<? super T> comparator) {
    return new LocalQueue<>(order, capacity, comparator);
  }

  @Override
  protected <T> Pipe<T> newPipe(boolean duplex) {
    return QueuePipe.create(duplex, () -> new LocalQueue<>(QueueOrder.FIFO, 0, null));
  }

  @Override
  protected void checkPoolSize(int workers) {
    if (!virtual && workers > PoolOptions.MAX_THREAD_WORKERS) {
      throw new IllegalArgumentException(
          "a thread pool of "
              + workers
              + " workers would start "
              + workers
              + " platform threads at once; at most "
              + PoolOptions.MAX_THREAD_WORKERS
              + " are allowed: use fewer workers,"
              + " or Multitask.coroutines(), whose pools of virtual threads have no limit");
    }
  }

  @Override
  protected PoolWorker.Backend poolBackend(PoolOptions options) {
    return new InlineWorkers(virtual, options.initializer());
  }

  @Override
  protected Manager newManager() {
    return new LocalManager(this, virtual ? "coroutines" : "threads");
  }

  @Override
  protected Primitives primitives() {
    return primitives;
  }

  @Override
  protected void releaseResources() {
    primitives.release();
  }

  @Override
  public String toString() {
    return virtual ? "coroutines context" : "threads context";
  }
}

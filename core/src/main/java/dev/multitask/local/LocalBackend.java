package dev.multitask.local;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.Task;
import dev.multitask.engine.PrimitivesBackend;
import dev.multitask.engine.pipe.QueuePipe;
import dev.multitask.engine.pool.InlineWorkers;
import dev.multitask.ipc.JoinableQueue;
import dev.multitask.ipc.Pipe;
import dev.multitask.pool.PoolOptions;
import dev.multitask.shared.Manager;
import dev.multitask.spi.JobRequest;
import dev.multitask.spi.PoolWorkers;
import dev.multitask.spi.Primitives;
import dev.multitask.spi.QueueOrder;
import dev.multitask.spi.QueueRequest;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The context of {@code Multitask.threads()} (platform threads) and {@code Multitask.coroutines()}
 * (virtual threads). Non-daemon coroutines keep the JVM alive like non-daemon threads do, although
 * virtual threads themselves are always daemon.
 */
public final class LocalBackend extends PrimitivesBackend {
  private static final AtomicInteger THREAD_NUMBERS = new AtomicInteger();
  private static final AtomicInteger COROUTINE_NUMBERS = new AtomicInteger();

  private final boolean virtual;
  private final LocalPrimitives primitives;

  private LocalBackend(boolean virtual) {
    this.virtual = virtual;
    this.primitives = new LocalPrimitives(virtual ? "coroutines" : "threads");
  }

  /**
   * A context of platform threads.
   *
   * @return a new context
   */
  public static LocalBackend platform() {
    return new LocalBackend(false);
  }

  /**
   * A context of virtual threads.
   *
   * @return a new context
   */
  public static LocalBackend virtual() {
    return new LocalBackend(true);
  }

  @Override
  public String name() {
    return virtual ? "coroutines" : "threads";
  }

  @Override
  public <R> Job<R> launch(JobRequest<R> request) {
    Task<R> body = request.body();
    String name = request.name();
    boolean daemon = request.daemon();
    String jobName =
        name != null
            ? name
            : virtual
                ? "Coroutine-" + COROUTINE_NUMBERS.incrementAndGet()
                : "Thread-" + THREAD_NUMBERS.incrementAndGet();
    ThreadJob<R> job = new ThreadJob<>(jobName, daemon, virtual && !daemon);
    Thread.Builder builder = virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon(daemon);
    job.start(builder, body);
    return job;
  }

  @Override
  public <T> JoinableQueue<T> queue(QueueRequest<T> request) {
    return new LocalQueue<>(request.order(), request.capacity(), request.comparator());
  }

  @Override
  public <T> Pipe<T> pipe(boolean duplex) {
    return QueuePipe.create(duplex, () -> new LocalQueue<>(QueueOrder.FIFO, 0, null));
  }

  @Override
  public void checkPoolSize(int workers) {
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
  public PoolWorkers poolWorkers(PoolOptions options) {
    return new InlineWorkers(virtual, options.initializer());
  }

  @Override
  public Manager manager(Context context) {
    return new LocalManager(context, name());
  }

  @Override
  public void close() {
    primitives.release();
  }

  @Override
  protected Primitives primitives() {
    return primitives;
  }

  @Override
  public String toString() {
    return name() + " backend";
  }
}

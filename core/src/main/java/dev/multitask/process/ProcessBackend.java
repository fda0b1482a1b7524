package dev.multitask.process;

import dev.multitask.Context;
import dev.multitask.Job;
import dev.multitask.ProcessOptions;
import dev.multitask.Task;
import dev.multitask.codec.Codec;
import dev.multitask.engine.CurrentProcess;
import dev.multitask.engine.PrimitivesBackend;
import dev.multitask.engine.pipe.QueuePipe;
import dev.multitask.ipc.JoinableQueue;
import dev.multitask.ipc.Pipe;
import dev.multitask.pool.PoolOptions;
import dev.multitask.process.containers.ShmManager;
import dev.multitask.process.ipc.ShmQueue;
import dev.multitask.process.shm.MadeObjects;
import dev.multitask.process.startup.AotCache;
import dev.multitask.process.startup.LaunchSpec;
import dev.multitask.process.sync.ShmPrimitives;
import dev.multitask.shared.Manager;
import dev.multitask.spi.ActionTask;
import dev.multitask.spi.JobRequest;
import dev.multitask.spi.PoolWorkers;
import dev.multitask.spi.Primitives;
import dev.multitask.spi.QueueOrder;
import dev.multitask.spi.QueueRequest;
import dev.multitask.spi.Timeouts;
import dev.multitask.wire.FrameChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The backend of {@code Multitask.processes()}: each job runs in a child JVM of its own, taken warm
 * from the {@link WorkerSupply} of the job's options when one is ready; queues, pipes, locks and
 * shared values live in shared memory ({@link MadeObjects}: they go when the context closes).
 */
public final class ProcessBackend extends PrimitivesBackend {
  private static final AtomicInteger NUMBERS = new AtomicInteger();

  private final ProcessOptions options;
  private final WorkerSupply supply;

  /**
   * The shared memory of the queues, pipes, locks and values made here: goes when the context
   * closes.
   */
  private final MadeObjects objects = new MadeObjects();

  private final ShmPrimitives primitives = new ShmPrimitives(objects);

  /**
   * A backend whose workers run with {@code options}; it starts their standby workers now.
   *
   * @param options the workers' options
   */
  public ProcessBackend(ProcessOptions options) {
    this.options = options;
    this.supply = WorkerSupply.of(LaunchSpec.of(options));
    supply.open(options.standby());
  }

  @Override
  public String name() {
    return "processes";
  }

  @Override
  public <R> Job<R> launch(JobRequest<R> request) {
    Task<R> body = request.body();
    String name = request.name();
    boolean daemon = request.daemon();
    ProcessOptions jobOptions = request.options();
    var me = CurrentProcess.get();
    if (me.isDaemon()) {
      throw new IllegalStateException(
          "daemon job "
              + me.name()
              + " may not start process jobs (daemonic processes "
              + "cannot have children, as in Python): make "
              + me.name()
              + " non-daemon, or use Multitask.threads()");
    }
    // here, so an unserializable capture fails in start(); an Action travels without its wrapper
    byte[] encoded = Codec.encode(body instanceof ActionTask action ? action.action() : body);
    String tooLarge =
        FrameChannel.tooLarge(
            "the job's body", encoded.length + 64L + (name == null ? 0 : 3L * name.length()));
    if (tooLarge != null) {
      throw new IllegalArgumentException(tooLarge);
    }
    String jobName = name != null ? name : "Process-" + NUMBERS.incrementAndGet();
    WorkerSupply source =
        jobOptions == null || jobOptions.equals(options)
            ? supply
            : WorkerSupply.of(LaunchSpec.of(jobOptions));
    ProcessJob<R> job =
        new ProcessJob<>(jobName, daemon, body instanceof ActionTask, source.take(body));
    job.dispatch(encoded);
    return job;
  }

  /**
   * Waits until the standby workers of this context are started and ready; for benchmarks and tests
   * that measure a warm start.
   *
   * @param timeout how long to wait
   * @return whether they are ready
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitStandby(Duration timeout) throws InterruptedException {
    return supply.awaitStandby(options.standby(), timeout);
  }

  /**
   * Waits until this context's worker JVMs start from an ahead-of-time cache, which is trained in
   * the background the first time a class path is used; for benchmarks and services that want their
   * cold starts at full speed from the start. Also waits while the cold workers' cache is trained
   * again, which happens once per run when jobs of classes it lacks start cold workers.
   *
   * @param timeout how long to wait
   * @return whether new workers now start from the cache; false at once when there can be none (a
   *     class path with directories, {@code -Dmultitask.aot=false}) or when training failed
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitAotCache(Duration timeout) throws InterruptedException {
    java.util.Objects.requireNonNull(timeout, "timeout");
    return AotCache.await(supply.spec(), timeout);
  }

  @Override
  public boolean awaitWarm(Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + Timeouts.nanos(timeout);
    boolean standby = awaitStandby(timeout);
    long left = end - System.nanoTime();
    return awaitAotCache(Duration.ofNanos(Math.max(0, left))) && standby;
  }

  @Override
  public void close() {
    supply.close(options.standby());
    objects.close();
  }

  @Override
  public <T> JoinableQueue<T> queue(QueueRequest<T> request) {
    return ShmQueue.create(request.order(), request.capacity(), request.comparator(), objects);
  }

  @Override
  public <T> Pipe<T> pipe(boolean duplex) {
    return QueuePipe.create(duplex, () -> queue(new QueueRequest<>(QueueOrder.FIFO, 0, null)));
  }

  @Override
  public void checkPoolSize(int workers) {
    PoolLimit.check(workers);
  }

  @Override
  public PoolWorkers poolWorkers(PoolOptions options) {
    return new ProcessWorkers(options.processOptions(), options.initializer());
  }

  @Override
  public Manager manager(Context context) {
    return ShmManager.create(context);
  }

  @Override
  protected Primitives primitives() {
    return primitives;
  }

  @Override
  public String toString() {
    return "processes backend";
  }
}

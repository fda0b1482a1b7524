package dev.multitask.process;

import dev.multitask.JobFailedException;
import dev.multitask.ProcessOptions;
import dev.multitask.Task;
import dev.multitask.codec.BytesOut;
import dev.multitask.codec.Codec;
import dev.multitask.codec.ThrowableCodec;
import dev.multitask.process.startup.LaunchSpec;
import dev.multitask.process.startup.Preload;
import dev.multitask.wire.FrameChannel;
import dev.multitask.wire.WireDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One worker JVM that runs tasks one after another over its control channel, without exiting
 * between them: the building block of process pools, and what the control-channel round-trip
 * benchmark measures. Calls are serialized; one caller at a time.
 */
public final class WorkerSession implements AutoCloseable {
  private static final AtomicLong IDS = new AtomicLong(1L << 40);

  private final Worker worker;
  private volatile CompletableFuture<Object> pending;
  private volatile long pendingId;

  private WorkerSession(Worker worker) {
    this.worker = worker;
    worker
        .ended()
        .whenComplete(
            (code, e) -> {
              CompletableFuture<Object> current = pending;
              if (current != null) {
                current.completeExceptionally(
                    new JobFailedException(
                        "worker " + worker.pid(),
                        code,
                        "worker " + worker.pid() + " exited with code " + code + " during a task",
                        null));
              }
            });
  }

  /**
   * Starts a worker with {@code options} and waits until it is ready.
   *
   * @param options how to start the JVM
   * @return the session
   * @throws InterruptedException if interrupted while the worker starts
   */
  public static WorkerSession open(ProcessOptions options) throws InterruptedException {
    Objects.requireNonNull(options, "options");
    try {
      Worker worker = Worker.start(LaunchSpec.of(options), true, Preload.NONE, List.of());
      worker.ready().get();
      return new WorkerSession(worker);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a worker JVM: " + e.getMessage(), e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
  }

  /**
   * Runs {@code task} in the worker and waits for its result.
   *
   * @param task the task
   * @param <R> the result type
   * @return the result
   * @throws JobFailedException if the task threw or the worker died
   * @throws InterruptedException if interrupted while waiting
   */
  @SuppressWarnings("unchecked")
  public synchronized <R> R call(Task<R> task) throws InterruptedException {
    byte[] body = Codec.encode(task);
    long id = IDS.incrementAndGet();
    CompletableFuture<Object> result = new CompletableFuture<>();
    pendingId = id;
    pending = result;
    if (worker.ended().isDone()) {
      throw new JobFailedException(
          "worker " + worker.pid(),
          worker.ended().join(),
          "worker " + worker.pid() + " has exited",
          null);
    }
    BytesOut frame = FrameChannel.begin(WireDescriptor.RUN, body.length + 32);
    frame.writeLong(id).writeByte(0).writeString("Worker-" + worker.pid()).writeBytes(body);
    try {
      worker.run(frame, this::onFrame);
      return (R) result.get();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof JobFailedException failed) {
        throw failed;
      }
      throw new JobFailedException(
          "worker " + worker.pid(), null, "task failed: " + e.getCause(), e.getCause());
    }
  }

  private void onFrame(FrameChannel.Frame frame) {
    if (frame.body().readLong() != pendingId) {
      return;
    }
    CompletableFuture<Object> result = pending;
    try {
      if (frame.type() == WireDescriptor.RESULT) {
        result.complete(Codec.decode(frame.body()));
      } else if (frame.type() == WireDescriptor.FAILURE) {
        result.completeExceptionally(ThrowableCodec.decode(frame.body()));
      }
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
    }
  }

  /**
   * The worker's pid.
   *
   * @return the pid
   */
  public long pid() {
    return worker.pid();
  }

  /** Retires the worker: it exits when its lifeline closes. */
  @Override
  public void close() {
    worker.retire();
  }
}
